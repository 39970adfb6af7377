import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {AttemptRecord, ObservedExchange} from '../../../../demo-server/src/contract/attempts.ts';
import {
  codeFor,
  hopsOf,
  initFor,
  MATRIX_CELLS,
  pathOfUrl,
  REDIRECT_BODY,
  runRedirect,
  shortPath,
} from '../../../../src/lib/redirects.ts';

const exchange = (request: string, response: string | null, body = ''): ObservedExchange => ({
  at: 1,
  transport: 'http',
  request,
  response,
  body,
  bodyTruncated: false,
  answeredAt: response === null ? null : 2,
  endedAt: 3,
});

describe('the matrix', () => {
  it('has GET then POST for each redirect status, in order', () => {
    expect(MATRIX_CELLS.map(({method, status}) => `${method} ${status}`)).toEqual([
      'GET 301',
      'POST 301',
      'GET 302',
      'POST 302',
      'GET 303',
      'POST 303',
      'GET 307',
      'POST 307',
      'GET 308',
      'POST 308',
    ]);
  });

  it('sends a string body with POST only, and names the redirect mode only when it is not "follow"', () => {
    expect(initFor('GET')).toEqual({method: 'GET', cache: 'no-store'});
    expect(initFor('POST')).toEqual({method: 'POST', body: REDIRECT_BODY, cache: 'no-store'});
    expect(initFor('GET', 'manual')).toEqual({method: 'GET', redirect: 'manual', cache: 'no-store'});
    expect(codeFor('GET')).toBe('fetch(url)');
    expect(codeFor('POST')).toBe(`fetch(url, {method: 'POST', body: '${REDIRECT_BODY}'})`);
    expect(codeFor('GET', 'error')).toBe(`fetch(url, {redirect: 'error'})`);
  });
});

describe('hopsOf', () => {
  it('reads each hop from the record: method, target, body bytes from the answer, status and Location', () => {
    const record: AttemptRecord = {
      attempt: 'abcdefgh',
      exchangesDropped: 0,
      notes: [],
      exchanges: [
        exchange(
          'POST /http/redirect/307?attempt=abcdefgh HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 15',
          'HTTP/1.1 307 Temporary Redirect\r\nLocation: /http/redirect/target?attempt=abcdefgh',
          JSON.stringify({
            status: 307,
            location: '/http/redirect/target?attempt=abcdefgh',
            method: 'POST',
            bodyBytes: 15,
            contentType: 'text/plain',
          }),
        ),
        exchange(
          'POST /http/redirect/target?attempt=abcdefgh HTTP/1.1\r\nContent-Length: 15',
          'HTTP/1.1 200 OK',
          JSON.stringify({target: true, method: 'POST', bodyBytes: 15, contentType: null}),
        ),
        // A 508's body is problem details: the body bytes come from Content-Length, absent here.
        exchange('GET /http/redirect/loop HTTP/1.1', 'HTTP/1.1 508 Loop Detected', '{"status":508}'),
        exchange('GET /http/redirect/loop HTTP/1.1', null),
      ],
    };
    expect(hopsOf(record)).toEqual([
      {
        method: 'POST',
        target: '/http/redirect/307?attempt=abcdefgh',
        bodyBytes: 15,
        contentType: 'text/plain',
        status: 307,
        location: '/http/redirect/target?attempt=abcdefgh',
      },
      {
        method: 'POST',
        target: '/http/redirect/target?attempt=abcdefgh',
        bodyBytes: 15,
        contentType: null,
        status: 200,
        location: null,
      },
      {method: 'GET', target: '/http/redirect/loop', bodyBytes: 0, contentType: null, status: 508, location: null},
      {method: 'GET', target: '/http/redirect/loop', bodyBytes: 0, contentType: null, status: null, location: null},
    ]);
  });

  it('shows a URL by its path, without the attempt id', () => {
    expect(pathOfUrl('http://localhost:8787/http/redirect/target?attempt=abc')).toBe('/http/redirect/target');
    expect(pathOfUrl('not a url?x')).toBe('not a url');
    expect(shortPath('/http/redirect/chain/3')).toBe('/chain/3');
    expect(shortPath('/elsewhere')).toBe('/elsewhere');
  });
});

describe('runRedirect', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/go') {
        res.writeHead(303, {Location: '/target'});
        res.end();
        return;
      }
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(JSON.stringify({target: true, method: req.method, bodyBytes: 0, contentType: null}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('says what fetch gave: redirected, the last URL, status and what the target said', async () => {
    const view = await runRedirect(`${base}/go`, initFor('POST'));
    expect(view).toMatchObject({
      outcome: 'resolved',
      redirected: true,
      url: `${base}/target`,
      status: 200,
      target: {target: true, method: 'GET', bodyBytes: 0, contentType: null},
    });
  });

  it('says a rejection with its error name and message', async () => {
    const view = await runRedirect(`${base}/go`, initFor('GET', 'error'));
    expect(view).toMatchObject({outcome: 'rejected', name: 'TypeError'});
  });
});
