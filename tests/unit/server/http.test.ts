import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {once} from 'node:events';
import {createServer, request, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {answerFailure, hostProblem, pathOf, queryOf} from '../../../demo-server/src/http.ts';

/** What pathOf answered before its shortcut for plain paths: the URL parser's pathname. */
function parsedPath(target: string): string {
  try {
    return new URL(target, 'http://demo-server.invalid').pathname;
  } catch {
    return target;
  }
}

describe('pathOf', () => {
  it('reads a path as the URL parser does, plain or not', () => {
    const targets = [
      '/ws/events',
      '/events/stream?session=abcdefgh',
      '/events/long-poll?since=3#frag',
      '/',
      '',
      '//evil.example/ws/events',
      '/ws/./events',
      '/ws/../ws/events',
      '/ws/%65vents',
      '/ws\\events',
      '/ws/events#?x=1',
      '/a//b',
      '/a b',
      '/a\tb',
      '/\u00e9',
      'http://other.example/ws/events?x',
      '*',
      '/via-proxy/buffer=4096,flush=3000/events/stream',
    ];
    for (const target of targets) expect(pathOf(target), target).toBe(parsedPath(target));
    expect(pathOf(undefined)).toBe('/');
  });

  it('agrees with the URL parser on any target made of path characters', () => {
    const pathChars = fc.constantFrom(...'/abcZ09_-~.%\\?#&= \t:@!$'.split(''));
    fc.assert(
      fc.property(fc.array(pathChars, {maxLength: 24}), (chars) => {
        const target = `/${chars.join('')}`;
        expect(pathOf(target)).toBe(parsedPath(target));
      }),
      {numRuns: 2000, seed: 17},
    );
  });
});

describe('queryOf', () => {
  it('reads parameters as URL.searchParams does, decoded', () => {
    const req = {url: '/events/stream?%73%65%73%73%69%6F%6E=abc%2Ddefgh&since=4'};
    expect(queryOf(req).get('session')).toBe('abc-defgh');
    expect(queryOf(req).get('since')).toBe('4');
    expect(queryOf(req).get('lastEventId')).toBeNull();
  });

  it('has no parameters without a query, nor after a fragment', () => {
    expect(queryOf({url: '/events/stream'}).get('session')).toBeNull();
    expect(queryOf({url: '/events/stream#?session=abcdefgh'}).get('session')).toBeNull();
    expect(queryOf({url: undefined}).get('session')).toBeNull();
  });

  it('parses a request once, and again when its target changed', () => {
    const req = {url: '/events/poll?since=1'};
    const first = queryOf(req);
    expect(queryOf(req)).toBe(first);
    req.url = '/events/poll?since=2';
    expect(queryOf(req).get('since')).toBe('2');
  });
});

describe('hostProblem (RFC 9112 §3.2)', () => {
  const request = (rawHeaders: string[], httpVersion = '1.1') => ({httpVersion, rawHeaders});

  it('takes one Host field, its name in any case, among fields of the same length', () => {
    expect(hostProblem(request(['Hose', 'x', 'HoSt', 'example.org:8080', 'Date', 'y']))).toBeNull();
  });

  it('refuses no Host in HTTP/1.1 (not in 1.0), two of them, and a value that is no host', () => {
    expect(hostProblem(request(['Accept', '*/*']))).toMatch(/names its host/);
    expect(hostProblem(request(['Accept', '*/*'], '1.0'))).toBeNull();
    expect(hostProblem(request(['Host', 'a.example', 'host', 'b.example']))).toMatch(/one Host header, not 2/);
    expect(hostProblem(request(['Host', 'a b']))).toMatch(/"a b" is not a host/);
  });
});

describe('answerFailure', () => {
  /** One request to a server whose handler sets some fields, then fails: what the client got, and any throw. */
  async function failWith(method: string, set: (res: ServerResponse) => void) {
    let thrown: unknown = null;
    const server = createServer((_req, res) => {
      set(res);
      try {
        answerFailure(res);
      } catch (error) {
        thrown = error;
        res.destroy();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const req = request({port: (server.address() as AddressInfo).port, host: '127.0.0.1', method});
      req.end();
      const [res] = (await once(req, 'response')) as [IncomingMessage];
      res.resume();
      await once(res, 'end');
      return {status: res.statusCode, headers: res.headers, thrown};
    } finally {
      server.close();
    }
  }

  it('answers 500 with problem details, keeping only the CORS fields a failed handler set', async () => {
    const answer = await failWith('GET', (res) => {
      res.setHeader('Access-Control-Allow-Origin', 'http://localhost:3000');
      res.setHeader('Content-Length', '99');
      res.setHeader('X-Half-Done', 'yes');
    });
    expect(answer.thrown).toBeNull();
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(answer.headers['x-half-done']).toBeUndefined();
  });

  it('does not throw when the handler left a field a 500 cannot carry (a Trailer on a HEAD)', async () => {
    // Node throws ERR_HTTP_TRAILER_INVALID for a Trailer without chunked coding: once in the handler, and again,
    // before this guard, in the 500 that answered it, which ended the process (found by the http-inspect fuzz target).
    const answer = await failWith('HEAD', (res) => res.setHeader('Trailer', 'Server-Timing'));
    expect(answer.thrown).toBeNull();
    expect(answer.status).toBe(500);
  });
});
