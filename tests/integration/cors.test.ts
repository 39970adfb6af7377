/**
 * `/cors/{case}` with real clients: for each case, the preflight a browser
 * would send (an OPTIONS with Access-Control-Request-Method and -Headers) and
 * the request itself, with the CORS headers each answer carries, and what the
 * server adds to the page's attempt record. Node's fetch enforces no CORS, so
 * these tests check the server's half; tests/e2e/cors.spec.ts checks what
 * Chromium does with it.
 */
import {request as httpRequest} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {
  CORS_CASES,
  CORS_EXPOSED_RESPONSE_HEADER,
  CORS_PREFLIGHT_MAX_AGE_SECONDS,
  CORS_UNEXPOSED_RESPONSE_HEADER,
  CORS_UNLISTED_METHOD,
  CORS_UNLISTED_REQUEST_HEADER,
  CorsAnswer,
} from '../../demo-server/src/contract/cors.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {check} from '../../demo-server/src/contract/schema.ts';
import {CORS_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

let counter = 0;
const newId = () => `cors-test-${process.pid}-${++counter}`;
const url = (name: string, attempt?: string) =>
  `${server.url}${ENDPOINTS.cors}/${name}${attempt === undefined ? '' : `?attempt=${attempt}`}`;

/** The preflight Chromium sends for a request (Fetch standard, "CORS-preflight fetch"). */
function preflight(name: string, method: string, headers?: string, attempt?: string) {
  return fetch(url(name, attempt), {
    method: 'OPTIONS',
    headers: {
      Origin: SITE_ORIGIN,
      Accept: '*/*',
      'Access-Control-Request-Method': method,
      ...(headers === undefined ? {} : {'Access-Control-Request-Headers': headers}),
    },
  });
}

async function answerOf(response: Response): Promise<CorsAnswer> {
  const checked = check(CorsAnswer, await response.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

async function recordOf(attempt: string): Promise<AttemptRecord> {
  const response = await fetch(`${server.url}${ENDPOINTS.attempts}/${attempt}`, {headers: {Origin: SITE_ORIGIN}});
  expect(response.status).toBe(200);
  const checked = check(AttemptRecord, await response.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

describe('the cases a browser allows', () => {
  it('simple: a GET answered with the page origin in Access-Control-Allow-Origin, and no preflight headers', async () => {
    const response = await fetch(url('simple'), {headers: {Origin: SITE_ORIGIN}});
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    const answer = await answerOf(response);
    expect(answer).toMatchObject({case: 'simple', method: 'GET', bodyBytes: 0});
    expect(answer.cors).toContain(`Access-Control-Allow-Origin: ${SITE_ORIGIN}`);
  });

  it('json: the preflight allows POST with Content-Type for 600 s, and the POST is read and answered', async () => {
    const attempt = newId();
    const allowed = await preflight('json', 'POST', 'content-type', attempt);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('Content-Type');
    expect(allowed.headers.get('access-control-max-age')).toBe(String(CORS_PREFLIGHT_MAX_AGE_SECONDS));
    const body = JSON.stringify({hello: 'cors'});
    const response = await fetch(url('json', attempt), {
      method: 'POST',
      headers: {Origin: SITE_ORIGIN, 'Content-Type': 'application/json'},
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(await answerOf(response)).toMatchObject({case: 'json', method: 'POST', bodyBytes: body.length});

    // Both requests land in one record, in order, each with the server's account of its answer.
    const record = await recordOf(attempt);
    expect(record.exchanges.map((exchange) => exchange.request.split(' ')[0])).toEqual(['OPTIONS', 'POST']);
    expect(record.exchanges[0]?.request).toMatch(/\r\nAccess-Control-Request-Method: POST(\r\n|$)/);
    expect(record.exchanges[0]?.response).toMatch(/^HTTP\/1\.1 204 No Content\r\n/);
    expect(record.exchanges[0]?.response).toContain('\r\nAccess-Control-Allow-Methods: POST');
    expect(record.exchanges[1]?.response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(record.notes.map((note) => note.text)).toEqual([
      expect.stringMatching(/^Preflight asking for POST with content-type: .*That covers what was asked/),
      expect.stringContaining(`Access-Control-Allow-Origin: ${SITE_ORIGIN}`),
    ]);
  });
});

describe('the cases a browser refuses', () => {
  it(`method: the preflight leaves ${CORS_UNLISTED_METHOD} out, though the route serves it to a client that does not ask`, async () => {
    const attempt = newId();
    const refused = await preflight('method', CORS_UNLISTED_METHOD, undefined, attempt);
    expect(refused.status).toBe(204);
    expect(refused.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
    expect(refused.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const record = await recordOf(attempt);
    expect(record.exchanges).toHaveLength(1);
    expect(record.notes[0]?.text).toMatch(/DELETE is not among the methods, so a browser stops here/);

    const direct = await fetch(url('method'), {method: CORS_UNLISTED_METHOD, headers: {Origin: SITE_ORIGIN}});
    expect(direct.status).toBe(200);
    expect(await answerOf(direct)).toMatchObject({case: 'method', method: CORS_UNLISTED_METHOD});
  });

  it(`header: the preflight leaves ${CORS_UNLISTED_REQUEST_HEADER} out of Access-Control-Allow-Headers`, async () => {
    const attempt = newId();
    const refused = await preflight('header', 'GET', CORS_UNLISTED_REQUEST_HEADER.toLowerCase(), attempt);
    expect(refused.status).toBe(204);
    expect(refused.headers.get('access-control-allow-headers')).toBe('Content-Type');
    const record = await recordOf(attempt);
    expect(record.exchanges[0]?.request).toContain('\r\nAccess-Control-Request-Headers: x-request-id');
    expect(record.notes[0]?.text).toMatch(/x-request-id is not among the headers, so a browser stops here/);

    const direct = await fetch(url('header'), {headers: {Origin: SITE_ORIGIN, [CORS_UNLISTED_REQUEST_HEADER]: '7'}});
    expect(direct.status).toBe(200);
  });

  it('credentials: the answer says Access-Control-Allow-Origin: * and nothing of credentials', async () => {
    const attempt = newId();
    const response = await fetch(url('credentials', attempt), {headers: {Origin: SITE_ORIGIN, Cookie: 'a=b'}});
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await answerOf(response)).cors).toMatch(/only if its request carried no credentials/);
    const record = await recordOf(attempt);
    expect(record.exchanges[0]?.response).toContain('\r\nAccess-Control-Allow-Origin: *\r\n');
    // The record says a Cookie came, and withholds its value: the demo did not set it (cookieField.ts).
    expect(record.exchanges[0]?.request).toContain('\r\nCookie: a=…');
  });

  it(`expose: ${CORS_UNEXPOSED_RESPONSE_HEADER} is sent but only ${CORS_EXPOSED_RESPONSE_HEADER} is exposed`, async () => {
    const response = await fetch(url('expose'), {headers: {Origin: SITE_ORIGIN}});
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-expose-headers')).toBe(CORS_EXPOSED_RESPONSE_HEADER);
    expect(response.headers.get(CORS_EXPOSED_RESPONSE_HEADER)).toBe('"cors-expose-1"');
    expect(response.headers.get(CORS_UNEXPOSED_RESPONSE_HEADER)).toBe('42');
    expect((await answerOf(response)).cors).toMatch(/ETag \(Access-Control-Expose-Headers\).*not X-Total-Count/);
  });
});

describe('bounds and refusals', () => {
  it('refuses an origin off the allow-list with 403 problem details, preflight or not', async () => {
    for (const method of ['OPTIONS', 'GET']) {
      const response = await fetch(url('simple'), {
        method,
        headers: {Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET'},
      });
      expect(response.status, method).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      await response.text();
    }
  });

  it('answers an unknown case 404 naming the cases, and a method a case does not serve 405 with Allow', async () => {
    const unknown = await fetch(url('nope'), {headers: {Origin: SITE_ORIGIN}});
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as {detail: string}).detail).toContain(CORS_CASES.join(', '));
    const wrong = await fetch(url('json'), {headers: {Origin: SITE_ORIGIN}});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    await wrong.text();
  });

  it('answers a plain OPTIONS (no Access-Control-Request-Method) with Allow only, and notes nothing', async () => {
    const attempt = newId();
    const response = await fetch(url('method', attempt), {method: 'OPTIONS'});
    expect(response.status).toBe(204);
    expect(response.headers.get('allow')).toBe(`GET, POST, ${CORS_UNLISTED_METHOD}, OPTIONS`);
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect((await recordOf(attempt)).notes).toEqual([]);
  });

  it('refuses a json body that is not JSON (400), and one over the bound (413) before reading it', async () => {
    const notJson = await fetch(url('json'), {
      method: 'POST',
      headers: {Origin: SITE_ORIGIN, 'Content-Type': 'application/json'},
      body: '{"hello":',
    });
    expect(notJson.status).toBe(400);
    await notJson.text();
    const status = await new Promise<number>((resolve, reject) => {
      // Chunked, so the bound is met as the body arrives rather than from Content-Length.
      const req = httpRequest(url('json'), {method: 'POST', headers: {Origin: SITE_ORIGIN}}, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('x'.repeat(CORS_LIMITS.maxBodyBytes));
      req.end('y');
    });
    expect(status).toBe(413);
  });

  it('does not echo a hostile preflight whole into the record', async () => {
    const attempt = newId();
    const long = `x-${'a'.repeat(5000)}`;
    const response = await preflight('header', 'GET', long, attempt);
    expect(response.status).toBe(204);
    const [note] = (await recordOf(attempt)).notes;
    expect(note?.text.length).toBeLessThan(1000);
  });
});
