/**
 * Every refusal is problem details (RFC 9457), as the README promises: the
 * ones Node's HTTP parser makes (malformed requests, heads too large) and
 * refused WebSocket handshakes included. And a flood of refusals costs the
 * operator a few bounded log lines, not one unbounded line per request.
 */
import {connect} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ProblemDetails} from '../../demo-server/src/contract/rest.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import {killDemoProcesses, startDemoProcess, type DemoProcess} from './support/process.ts';
import {newKey, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';

let running: DemoProcess;
beforeAll(async () => {
  running = await startDemoProcess({ALLOWED_ORIGINS: 'http://localhost:3000'});
});
afterAll(killDemoProcesses);

/** Sends raw bytes and reads until the server closes the connection. */
function exchange(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(running.port, '127.0.0.1');
    let text = '';
    socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(text));
    socket.end(bytes);
  });
}

function problemIn(answer: string): {status: number; headers: string; problem: ProblemDetails} {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json; charset=utf-8\r\n/i);
  // The answer was read as Latin-1, one character a byte: count bytes that way, read the JSON as UTF-8.
  const problem = JSON.parse(Buffer.from(body, 'latin1').toString('utf8')) as ProblemDetails;
  expect(Buffer.byteLength(body, 'latin1')).toBe(Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]));
  return {status: Number(head.slice(9, 12)), headers: head, problem};
}

describe("requests Node's parser refuses", () => {
  it('a malformed request line: 400 with problem details saying what the parser found', async () => {
    const {status, problem} = problemIn(await exchange('GET /health HTTP/1.1 extra\r\nHost: x\r\n\r\n'));
    expect(status).toBe(400);
    expect(problem).toMatchObject({status: 400, title: 'Bad Request'});
    expect(problem.detail).toMatch(/^This is not a valid HTTP\/1\.1 request: /);
  });

  it('a header with a space in its name, and two Content-Lengths: 400', async () => {
    for (const request of [
      'GET /health HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n',
      'POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    ]) {
      expect(problemIn(await exchange(request)).status).toBe(400);
    }
  });

  it('a head far larger than the bound, still being sent: the 431 arrives before the connection closes', async () => {
    // The server stops parsing at 16 KiB; the client is still writing 600 KB. Closing at once would
    // reset the connection under the answer.
    const huge = `GET /${'a'.repeat(600_000)} HTTP/1.1\r\nHost: x\r\n\r\n`;
    const {status} = problemIn(await exchange(huge));
    expect(status).toBe(431);
  });

  it('CONNECT (a tunnel, which only a proxy makes): 405 with Allow, not a silent close', async () => {
    const {status, headers, problem} = problemIn(
      await exchange('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n'),
    );
    expect(status).toBe(405);
    expect(headers).toMatch(/\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS/);
    expect(problem.detail).toMatch(/not a proxy/);
  });

  it('an Expect other than 100-continue: 417 with problem details, not an empty 417', async () => {
    const {status, problem} = problemIn(await exchange('GET /health HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n'));
    expect(status).toBe(417);
    expect(problem.detail).toBe('This server meets only "Expect: 100-continue", not "tea"');
  });

  it('no Host, two Hosts, or a Host that is not one (RFC 9112 §3.2): 400 with problem details, on plain requests and handshakes', async () => {
    const handshake =
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
    const cases: Array<[string, RegExp]> = [
      ['GET /health HTTP/1.1\r\n\r\n', /names its host in a Host header/],
      ['GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', /one Host header, not 2/],
      ['GET /health HTTP/1.1\r\nHost: a b\r\n\r\n', /"a b" is not a host/],
      [`GET /ws/echo HTTP/1.1\r\n${handshake}\r\n`, /names its host in a Host header/],
      [`GET /ws/echo HTTP/1.1\r\nHost: a\r\nHost: a\r\n${handshake}\r\n`, /one Host header, not 2/],
    ];
    for (const [request, detail] of cases) {
      const {status, problem} = problemIn(await exchange(request));
      expect(status, request).toBe(400);
      expect(problem.detail).toMatch(detail);
    }
    // HTTP/1.0 needs none; an empty value is allowed (a target with no authority).
    expect(await exchange('GET /health HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    expect(await exchange('GET /health HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a head larger than the bound: 431 naming the bound', async () => {
    const big = `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(DEFAULT_LIMITS.maxHeaderBytes)}\r\n\r\n`;
    const {status, problem} = problemIn(await exchange(big));
    expect(status).toBe(431);
    expect(problem.detail).toBe(`The request line and headers are larger than ${DEFAULT_LIMITS.maxHeaderBytes} bytes`);
  });
});

describe('refused WebSocket handshakes', () => {
  it('answer with problem details too: a foreign origin (403), an unknown path (404), a bad key (400)', async () => {
    const cases: Array<[string, Array<[string, string]>, number]> = [
      ['/ws/echo', [['Origin', 'https://evil.example']], 403],
      ['/ws/nowhere', [], 404],
    ];
    for (const [path, extra, expected] of cases) {
      const {response} = await rawHandshake(running.port, {
        path,
        headers: standardHeaders(running.port, newKey(), extra),
      });
      expect(response.status).toBe(expected);
      const contentType = response.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
      expect(contentType).toBe('application/problem+json; charset=utf-8');
      expect((JSON.parse(response.body) as ProblemDetails).status).toBe(expected);
    }
    const {response} = await rawHandshake(running.port, {
      path: '/ws/echo',
      headers: standardHeaders(running.port, 'not a key'),
    });
    expect(response.status).toBe(400);
    expect((JSON.parse(response.body) as ProblemDetails).detail).toMatch(/Sec-WebSocket-Key/);
  });

  it('the checks ws makes itself (a malformed Sec-WebSocket-Protocol or -Extensions): 400 problem details, not HTML', async () => {
    for (const extra of [
      ['Sec-WebSocket-Protocol', ','],
      ['Sec-WebSocket-Protocol', 'a b'],
    ] as Array<[string, string]>) {
      const {response} = await rawHandshake(running.port, {
        path: '/ws/echo',
        headers: standardHeaders(running.port, newKey(), [extra]),
      });
      expect(response.status, extra.join(': ')).toBe(400);
      const problem = JSON.parse(response.body) as ProblemDetails;
      expect(problem.detail).toMatch(/^Invalid Sec-WebSocket-Protocol header/);
    }
    const {response} = await rawHandshake(running.port, {
      path: '/ws/inspect-deflate',
      headers: standardHeaders(running.port, newKey(), [
        ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits=99'],
      ]),
    });
    expect(response.status).toBe(400);
    expect((JSON.parse(response.body) as ProblemDetails).detail).toMatch(/Sec-WebSocket-Extensions/);
  });

  it('a flood of refusals with a 10 KB Origin is logged in a few short lines, with the rest counted', async () => {
    const origin = `https://${'a'.repeat(10_000)}.example`;
    const before = running.logs.length;
    const started = performance.now();
    const refusals = 200;
    await Promise.all(
      Array.from({length: refusals}, () =>
        rawHandshake(running.port, {
          path: '/ws/echo',
          headers: standardHeaders(running.port, newKey(), [['Origin', origin]]),
        }),
      ),
    );
    // One more after the bucket has refilled a little carries the count of those left out.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await rawHandshake(running.port, {
      path: '/ws/echo',
      headers: standardHeaders(running.port, newKey(), [['Origin', origin]]),
    });
    const seconds = (performance.now() - started) / 1000;
    await expect.poll(() => running.logs.slice(before).some((line) => typeof line.suppressed === 'number')).toBe(true);

    // The bucket's burst, plus what it refilled while the flood lasted (longer on a loaded machine).
    const perSecond = DEFAULT_LIMITS.logLinesPerSecondPerEvent;
    const lines = running.logs.slice(before).filter((line) => line.event === 'refuse');
    expect(lines.length).toBeLessThanOrEqual(perSecond + Math.ceil(perSecond * seconds));
    expect(lines.length, 'most of the 201 refusals were counted, not logged').toBeLessThan(refusals / 2);
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(1_000);
    const counted = lines.reduce((sum, line) => sum + (typeof line.suppressed === 'number' ? line.suppressed : 0), 0);
    expect(lines.length + counted).toBe(refusals + 1);
  });
});
