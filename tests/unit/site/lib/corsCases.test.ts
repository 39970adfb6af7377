import {describe, expect, it} from 'vitest';
import {
  CORS_CASES,
  CORS_EXPOSED_RESPONSE_HEADER,
  CORS_UNEXPOSED_RESPONSE_HEADER,
  CORS_UNLISTED_METHOD,
  CORS_UNLISTED_REQUEST_HEADER,
} from '../../../../demo-server/src/contract/cors.ts';
import {CORS_JSON_BODY, corsCaseRequest, viewOfError, viewOfResponse} from '../../../../src/lib/corsCases.ts';

describe('corsCaseRequest', () => {
  it('makes the request each case is about, in the default cache mode (which keeps the preflight cache)', () => {
    for (const name of CORS_CASES) expect(corsCaseRequest(name).init.cache, name).toBeUndefined();
    expect(corsCaseRequest('simple').init).toEqual({});
    expect(corsCaseRequest('json').init).toMatchObject({
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: CORS_JSON_BODY,
    });
    expect(corsCaseRequest('method').init.method).toBe(CORS_UNLISTED_METHOD);
    expect(corsCaseRequest('header').init.headers).toEqual({[CORS_UNLISTED_REQUEST_HEADER]: '7'});
    expect(corsCaseRequest('credentials').init.credentials).toBe('include');
    expect(corsCaseRequest('expose').reads).toEqual([CORS_EXPOSED_RESPONSE_HEADER, CORS_UNEXPOSED_RESPONSE_HEADER]);
  });

  it('shows the reader the call it makes', () => {
    expect(corsCaseRequest('json').code).toContain(`body: '${CORS_JSON_BODY}'`);
    expect(corsCaseRequest('method').code).toBe(`fetch(url, {method: '${CORS_UNLISTED_METHOD}'})`);
    expect(corsCaseRequest('expose').code).toContain(`response.headers.get('${CORS_UNEXPOSED_RESPONSE_HEADER}')`);
  });
});

describe('the page view', () => {
  it('of a response: status, type, the headers listed, what get() gives for each name asked, the body', async () => {
    const response = new Response('{"case":"expose"}', {
      status: 200,
      headers: {'Content-Type': 'application/json', ETag: '"x"'},
    });
    expect(await viewOfResponse(response, ['ETag', 'X-Total-Count'])).toEqual({
      outcome: 'resolved',
      status: 200,
      type: 'default',
      headers: [
        ['content-type', 'application/json'],
        ['etag', '"x"'],
      ],
      reads: [
        {name: 'ETag', value: '"x"'},
        {name: 'X-Total-Count', value: null},
      ],
      body: '{"case":"expose"}',
    });
  });

  it('cuts a long body', async () => {
    const view = await viewOfResponse(new Response('a'.repeat(5000)), []);
    expect(view.outcome === 'resolved' && view.body.length).toBe(2001);
  });

  it('of a rejection: the error name and message, all the page is told', () => {
    expect(viewOfError(new TypeError('Failed to fetch'))).toEqual({
      outcome: 'rejected',
      name: 'TypeError',
      message: 'Failed to fetch',
    });
    expect(viewOfError('odd')).toEqual({outcome: 'rejected', name: 'string', message: 'odd'});
  });
});
