import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ATTEMPT_ID_PATTERN, type AttemptRecord} from '../../../../demo-server/src/contract/attempts.ts';
import {newAttemptId, readAttempt, splitHead, statusOf, withAttempt} from '../../../../src/lib/attempts.ts';

describe('newAttemptId', () => {
  it('makes ids the server accepts, different each time', () => {
    const ids = new Set(Array.from({length: 200}, newAttemptId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(ATTEMPT_ID_PATTERN);
  });
});

describe('withAttempt', () => {
  it('adds the attempt to a URL with or without a query, before any fragment', () => {
    expect(withAttempt('ws://h:1/ws/echo', 'abcdefgh')).toBe('ws://h:1/ws/echo?attempt=abcdefgh');
    expect(withAttempt('http://h/p?a=1', 'abcdefgh')).toBe('http://h/p?a=1&attempt=abcdefgh');
    expect(withAttempt('http://h/p?', 'abcdefgh')).toBe('http://h/p?attempt=abcdefgh');
    expect(withAttempt('http://h/p#x', 'abcdefgh')).toBe('http://h/p?attempt=abcdefgh#x');
  });
});

describe('splitHead and statusOf', () => {
  it('splits a head into its start line and fields, values as sent', () => {
    expect(splitHead('HTTP/1.1 403 Forbidden\r\nVary: Origin\r\nX-Empty:\r\nA: b: c')).toEqual({
      startLine: 'HTTP/1.1 403 Forbidden',
      fields: [
        ['Vary', 'Origin'],
        ['X-Empty', ''],
        ['A', 'b: c'],
      ],
    });
    expect(statusOf('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket')).toBe(101);
    expect(statusOf('GET / HTTP/1.1')).toBeNull();
    expect(statusOf(null)).toBeNull();
  });
});

describe('readAttempt', () => {
  const record: AttemptRecord = {attempt: 'abcdefgh', exchanges: [], exchangesDropped: 0, notes: []};
  let server: Server;
  let url: string;
  /** 404 for the first `missesLeft` reads, then the record. */
  let missesLeft = 0;
  const paths: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      if (missesLeft > 0) {
        missesLeft -= 1;
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify(record));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads /attempts/{id}, trying again while the server has not seen the request yet', async () => {
    missesLeft = 2;
    paths.length = 0;
    expect(await readAttempt(url, 'abcdefgh', {retryDelayMs: 1})).toEqual(record);
    expect(paths).toEqual(['/attempts/abcdefgh', '/attempts/abcdefgh', '/attempts/abcdefgh']);
  });

  it('gives null once its retries are spent', async () => {
    missesLeft = 10;
    expect(await readAttempt(url, 'abcdefgh', {retries: 1, retryDelayMs: 1})).toBeNull();
  });

  it('throws when the server cannot be reached, and stops waiting when aborted', async () => {
    await expect(readAttempt('http://127.0.0.1:1', 'abcdefgh')).rejects.toThrow();
    const controller = new AbortController();
    const reading = readAttempt(url, 'abcdefgh', {settleMs: 60_000, signal: controller.signal});
    controller.abort(new Error('stopped'));
    await expect(reading).rejects.toThrow('stopped');
  });
});
