/**
 * `/http/redirect/…` over raw TCP: each redirect status with its status line, `Location` and body to the byte, the
 * target saying what method and body reached it, a chain hop by hop, the loop's bound, bad input answered with
 * problem details, and every hop in the attempt record. Node's clients here follow no redirect: what a browser does
 * with these answers is tests/e2e/redirects.spec.ts's to check.
 */
import {connect} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {
  CHAIN_STATUS,
  REDIRECT_STATUSES,
  RedirectHop,
  RedirectTarget,
  type RedirectStatus,
} from '../../demo-server/src/contract/redirects.ts';
import {ProblemDetails} from '../../demo-server/src/contract/rest.ts';
import {check, type Schema} from '../../demo-server/src/contract/schema.ts';
import {REDIRECT_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

let counter = 0;
const newId = () => `redirect-test-${process.pid}-${++counter}`;

const REASONS: Readonly<Record<RedirectStatus, string>> = {
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

interface RawResponse {
  statusLine: string;
  fields: [name: string, value: string][];
  body: Buffer;
}

/** Sends these bytes on a new TCP connection and reads everything the server writes until it closes. */
function rawExchange(bytes: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = all.subarray(0, split).toString('latin1').split('\r\n');
      resolve({
        statusLine,
        fields: lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon), line.slice(colon + 1).trim()];
        }),
        body: all.subarray(split + 4),
      });
    });
    socket.write(bytes, 'utf8');
  });
}

/** A request head (and body) as a browser would send it, with `Connection: close` so the answer ends the stream. */
function requestBytes(method: string, target: string, body?: string, contentType = 'text/plain;charset=UTF-8'): string {
  const head = [
    `${method} ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${server.port}`,
    `Origin: ${SITE_ORIGIN}`,
    'Connection: close',
    ...(body === undefined ? [] : [`Content-Type: ${contentType}`, `Content-Length: ${Buffer.byteLength(body)}`]),
  ];
  return `${head.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

const field = (response: RawResponse, name: string) =>
  response.fields.find(([fieldName]) => fieldName.toLowerCase() === name.toLowerCase())?.[1];

function parsed<T>(schema: Schema<T>, body: Buffer): T {
  const checked = check(schema, JSON.parse(body.toString('utf8')));
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

async function recordOf(attempt: string): Promise<AttemptRecord> {
  const response = await fetch(`${server.url}${ENDPOINTS.attempts}/${attempt}`, {headers: {Origin: SITE_ORIGIN}});
  expect(response.status).toBe(200);
  return parsed(AttemptRecord, Buffer.from(await response.arrayBuffer()));
}

describe('a redirect of each status', () => {
  it.each(REDIRECT_STATUSES)('%i: status line, Location keeping the attempt id, and what arrived', async (status) => {
    const attempt = newId();
    const body = 'twelve bytes';
    const response = await rawExchange(
      requestBytes('POST', `${ENDPOINTS.httpRedirect}/${status}?attempt=${attempt}`, body),
    );
    expect(response.statusLine).toBe(`HTTP/1.1 ${status} ${REASONS[status]}`);
    const location = `${ENDPOINTS.httpRedirect}/target?attempt=${attempt}`;
    expect(field(response, 'Location')).toBe(location);
    expect(field(response, 'Cache-Control')).toBe('no-store');
    expect(field(response, 'Access-Control-Allow-Origin')).toBe(SITE_ORIGIN);
    expect(Number(field(response, 'Content-Length'))).toBe(response.body.length);
    expect(response.body.toString('utf8')).toBe(
      JSON.stringify({status, location, method: 'POST', bodyBytes: 12, contentType: 'text/plain;charset=UTF-8'}),
    );
    expect(parsed(RedirectHop, response.body).status).toBe(status);
  });

  it('leaves the query out of Location when the request named no attempt', async () => {
    const response = await rawExchange(requestBytes('GET', `${ENDPOINTS.httpRedirect}/308`));
    expect(field(response, 'Location')).toBe(`${ENDPOINTS.httpRedirect}/target`);
  });

  it('drops an attempt id that is not of the allowed form rather than repeat it', async () => {
    const response = await rawExchange(requestBytes('GET', `${ENDPOINTS.httpRedirect}/302?attempt=a%0d%0aX:%201`));
    expect(field(response, 'Location')).toBe(`${ENDPOINTS.httpRedirect}/target`);
    expect(response.fields.map(([name]) => name)).not.toContain('X');
  });
});

describe('the target', () => {
  it('says what method, body length and Content-Type reached it', async () => {
    const body = '{"é":1}';
    const response = await rawExchange(
      requestBytes('PUT', `${ENDPOINTS.httpRedirect}/target`, body, 'application/json'),
    );
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(parsed(RedirectTarget, response.body)).toEqual({
      target: true,
      method: 'PUT',
      bodyBytes: Buffer.byteLength(body),
      contentType: 'application/json',
    });
  });
});

describe('a chain', () => {
  it(`goes from chain/3 to chain/2 to chain/1 to the target, each a ${CHAIN_STATUS}`, async () => {
    const attempt = newId();
    let target = `${ENDPOINTS.httpRedirect}/chain/3?attempt=${attempt}`;
    const seen: string[] = [];
    for (let hop = 0; hop < 4; hop++) {
      const response = await rawExchange(requestBytes('GET', target));
      seen.push(response.statusLine);
      const location = field(response, 'Location');
      if (location === undefined) break;
      target = location;
    }
    expect(seen).toEqual([
      `HTTP/1.1 ${CHAIN_STATUS} Found`,
      `HTTP/1.1 ${CHAIN_STATUS} Found`,
      `HTTP/1.1 ${CHAIN_STATUS} Found`,
      'HTTP/1.1 200 OK',
    ]);
    const record = await recordOf(attempt);
    expect(record.exchanges.map((exchange) => exchange.request.split('\r\n')[0])).toEqual([
      `GET ${ENDPOINTS.httpRedirect}/chain/3?attempt=${attempt} HTTP/1.1`,
      `GET ${ENDPOINTS.httpRedirect}/chain/2?attempt=${attempt} HTTP/1.1`,
      `GET ${ENDPOINTS.httpRedirect}/chain/1?attempt=${attempt} HTTP/1.1`,
      `GET ${ENDPOINTS.httpRedirect}/target?attempt=${attempt} HTTP/1.1`,
    ]);
    expect(record.exchanges.every((exchange) => exchange.response !== null)).toBe(true);
  });

  it(`takes ${REDIRECT_LIMITS.maxChainHops} hops at most: past them 400, below 1 or not a number 404`, async () => {
    const longest = await rawExchange(
      requestBytes('GET', `${ENDPOINTS.httpRedirect}/chain/${REDIRECT_LIMITS.maxChainHops}`),
    );
    expect(field(longest, 'Location')).toBe(`${ENDPOINTS.httpRedirect}/chain/${REDIRECT_LIMITS.maxChainHops - 1}`);
    const tooLong = await rawExchange(
      requestBytes('GET', `${ENDPOINTS.httpRedirect}/chain/${REDIRECT_LIMITS.maxChainHops + 1}`),
    );
    expect(tooLong.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(field(tooLong, 'Content-Type')).toBe('application/problem+json; charset=utf-8');
    expect(parsed(ProblemDetails, tooLong.body).detail).toBe(
      `A chain has 1 to ${REDIRECT_LIMITS.maxChainHops} redirects, not ${REDIRECT_LIMITS.maxChainHops + 1}`,
    );
    for (const bad of ['0', '-1', '01', 'x', '9999999']) {
      const response = await rawExchange(requestBytes('GET', `${ENDPOINTS.httpRedirect}/chain/${bad}`));
      expect(response.statusLine, bad).toBe('HTTP/1.1 404 Not Found');
      expect(parsed(ProblemDetails, response.body).status).toBe(404);
    }
  });
});

describe('the loop', () => {
  it(`redirects to itself ${REDIRECT_LIMITS.maxLoopHops} times per attempt, then answers 508`, async () => {
    const attempt = newId();
    const target = `${ENDPOINTS.httpRedirect}/loop?attempt=${attempt}`;
    for (let hop = 1; hop <= REDIRECT_LIMITS.maxLoopHops; hop++) {
      const response = await rawExchange(requestBytes('GET', target));
      expect(response.statusLine).toBe(`HTTP/1.1 ${CHAIN_STATUS} Found`);
      expect(field(response, 'Location')).toBe(target);
    }
    const stopped = await rawExchange(requestBytes('GET', target));
    expect(stopped.statusLine).toBe('HTTP/1.1 508 Loop Detected');
    expect(parsed(ProblemDetails, stopped.body).detail).toContain(`${REDIRECT_LIMITS.maxLoopHops} times`);
    // Another attempt is another loop, counted from 1.
    const fresh = await rawExchange(requestBytes('GET', `${ENDPOINTS.httpRedirect}/loop?attempt=${newId()}`));
    expect(fresh.statusLine).toBe(`HTTP/1.1 ${CHAIN_STATUS} Found`);
    const record = await recordOf(attempt);
    expect(record.exchanges.length + record.exchangesDropped).toBe(REDIRECT_LIMITS.maxLoopHops + 1);
  });
});

describe('bad input', () => {
  it('answers a path that is no redirect with 404 and the list of what there is', async () => {
    const response = await rawExchange(requestBytes('GET', `${ENDPOINTS.httpRedirect}/304`));
    expect(response.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(parsed(ProblemDetails, response.body).detail).toBe(
      `No redirect "304"; ${ENDPOINTS.httpRedirect}/ has 301, 302, 303, 307, 308, chain/{n} (n from 1 to ${REDIRECT_LIMITS.maxChainHops}), loop and target`,
    );
  });

  it('answers a method it does not serve with 405 and Allow', async () => {
    const response = await rawExchange(requestBytes('PATCH', `${ENDPOINTS.httpRedirect}/307`, 'x'));
    expect(response.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(field(response, 'Allow')).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS');
    expect(parsed(ProblemDetails, response.body).status).toBe(405);
  });

  it(`refuses a body past ${REDIRECT_LIMITS.maxBodyBytes} bytes with 413 before reading it`, async () => {
    const body = 'x'.repeat(REDIRECT_LIMITS.maxBodyBytes + 1);
    const response = await rawExchange(requestBytes('POST', `${ENDPOINTS.httpRedirect}/307`, body));
    expect(response.statusLine).toBe('HTTP/1.1 413 Payload Too Large');
    expect(parsed(ProblemDetails, response.body).detail).toBe(
      `The body is larger than ${REDIRECT_LIMITS.maxBodyBytes} bytes`,
    );
  });
});
