import type {IncomingMessage} from 'node:http';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {attemptIdOf, createAttemptLog, requestHead} from '../../../demo-server/src/attempts.ts';
import {ATTEMPT_LIMITS} from '../../../demo-server/src/limits.ts';

/** A request as Node's parser hands it over, with the fields the log reads. */
function request(url: string, client = '192.0.2.1', rawHeaders = ['Host', 'example.test']): IncomingMessage {
  return {
    method: 'GET',
    url,
    httpVersion: '1.1',
    rawHeaders,
    headers: {'x-client': client},
  } as unknown as IncomingMessage;
}

function logAt(clock: {now: number}, limits: Partial<Parameters<typeof createAttemptLog>[0]> = {}) {
  return createAttemptLog({
    maxAttempts: 100,
    maxAttemptsPerClient: 10,
    maxChars: 1_000_000,
    clientOf: (req) => String(req.headers['x-client']),
    now: () => clock.now,
    ...limits,
  });
}

/** One upgrade exchange answered with `answer` written on its socket. */
function upgrade(log: ReturnType<typeof logAt>, url: string, answer: string, client?: string) {
  const socket = new PassThrough();
  const handle = log.observeUpgrade(request(url, client), socket);
  socket.write(answer);
  return handle;
}

describe('attemptIdOf', () => {
  it('reads ?attempt= of 8 to 64 base64url characters, and nothing else', () => {
    expect(attemptIdOf('/ws/echo?attempt=abcdEFGH_-12')).toBe('abcdEFGH_-12');
    expect(attemptIdOf('/x?a=1&attempt=12345678')).toBe('12345678');
    expect(attemptIdOf('/x?attempt=1234567')).toBeNull();
    expect(attemptIdOf(`/x?attempt=${'a'.repeat(65)}`)).toBeNull();
    // cspell:ignore defgh -- a space inside an id is refused; its two halves are not words
    expect(attemptIdOf('/x?attempt=abc%20defgh')).toBeNull();
    expect(attemptIdOf('/x/attempt=12345678')).toBeNull();
    expect(attemptIdOf(undefined)).toBeNull();
  });
});

describe('requestHead', () => {
  it('gives the request line and headers as they arrived, in their case and order', () => {
    expect(requestHead(request('/p?q', 'c', ['host', 'a', 'X-B', 'b', 'host', 'again']))).toBe(
      'GET /p?q HTTP/1.1\r\nhost: a\r\nX-B: b\r\nhost: again',
    );
  });

  it('withholds credentials and the values of cookies the demo did not set, so a script never reads them', () => {
    const head = requestHead(
      request('/p', 'c', ['Cookie', 'sid=s3cr3t; otw_path=1', 'Authorization', 'Bearer abc', 'cookie', 'theme=dark']),
    );
    expect(head).toBe(
      'GET /p HTTP/1.1\r\nCookie: sid=…; otw_path=1\r\nAuthorization: (withheld: 10 bytes)\r\ncookie: theme=…',
    );
    expect(head).not.toContain('s3cr3t');
  });
});

describe('createAttemptLog', () => {
  it('splits what was first written on an upgraded socket into the head and the body', () => {
    const log = logAt({now: 1000});
    upgrade(log, '/ws/x?attempt=aaaaaaaa', 'HTTP/1.1 404 Not Found\r\nA: b\r\n\r\n{"detail":"no"}');
    const record = log.takeFor('192.0.2.1', 'aaaaaaaa');
    expect(record?.exchanges[0]).toMatchObject({
      transport: 'upgrade',
      response: 'HTTP/1.1 404 Not Found\r\nA: b',
      body: '{"detail":"no"}',
      at: 1000,
      answeredAt: 1000,
    });
  });

  it('forgets an attempt a minute after its last request, not its first', () => {
    const clock = {now: 0};
    const log = logAt(clock);
    upgrade(log, '/a?attempt=bbbbbbbb', 'HTTP/1.1 403 Forbidden\r\n\r\n');
    clock.now = ATTEMPT_LIMITS.ttlMs - 1;
    upgrade(log, '/a?attempt=bbbbbbbb', 'HTTP/1.1 403 Forbidden\r\n\r\n');
    clock.now = 2 * ATTEMPT_LIMITS.ttlMs - 2;
    expect(log.takeFor('192.0.2.1', 'bbbbbbbb')?.exchanges).toHaveLength(2);
    upgrade(log, '/a?attempt=cccccccc', 'HTTP/1.1 403 Forbidden\r\n\r\n');
    clock.now += ATTEMPT_LIMITS.ttlMs;
    expect(log.takeFor('192.0.2.1', 'cccccccc')).toBeUndefined();
    expect(log.size).toBe(0);
  });

  it('keeps each client apart: the same id from two addresses is two attempts', () => {
    const log = logAt({now: 0});
    upgrade(log, '/a?attempt=dddddddd', 'HTTP/1.1 404 Not Found\r\n\r\n', '192.0.2.1');
    upgrade(log, '/a?attempt=dddddddd', 'HTTP/1.1 403 Forbidden\r\n\r\n', '192.0.2.2');
    expect(log.takeFor('192.0.2.2', 'dddddddd')?.exchanges[0]?.response).toBe('HTTP/1.1 403 Forbidden');
    expect(log.takeFor('192.0.2.1', 'dddddddd')?.exchanges[0]?.response).toBe('HTTP/1.1 404 Not Found');
  });

  it('counts the exchanges of one attempt past its bound instead of keeping them', () => {
    const log = logAt({now: 0});
    for (let i = 0; i < ATTEMPT_LIMITS.maxExchangesPerAttempt + 3; i++) {
      upgrade(log, '/a?attempt=eeeeeeee', 'HTTP/1.1 429 Too Many Requests\r\n\r\n');
    }
    const record = log.takeFor('192.0.2.1', 'eeeeeeee');
    expect(record?.exchanges).toHaveLength(ATTEMPT_LIMITS.maxExchangesPerAttempt);
    expect(record?.exchangesDropped).toBe(3);
  });

  it('keeps notes up to their bound, and none for an attempt it does not hold', () => {
    const log = logAt({now: 5});
    upgrade(log, '/a?attempt=ffffffff', 'HTTP/1.1 101 Switching Protocols\r\n\r\n');
    for (let i = 0; i < ATTEMPT_LIMITS.maxNotesPerAttempt + 5; i++) log.noteFor('192.0.2.1', 'ffffffff', `note ${i}`);
    log.noteFor('192.0.2.1', 'gggggggg', 'nobody asked');
    log.note(request('/a?attempt=ffffffff'), 'by request');
    const record = log.takeFor('192.0.2.1', 'ffffffff');
    expect(record?.notes).toHaveLength(ATTEMPT_LIMITS.maxNotesPerAttempt);
    expect(record?.notes[0]).toEqual({at: 5, text: 'note 0'});
    expect(log.takeFor('192.0.2.1', 'gggggggg')).toBeUndefined();
  });

  it('cuts bodies and heads at their bounds and says the body was cut', () => {
    const log = logAt({now: 0});
    const long = 'x'.repeat(ATTEMPT_LIMITS.maxBodyChars + 10);
    upgrade(log, '/a?attempt=hhhhhhhh', `HTTP/1.1 400 Bad Request\r\n\r\n${long}`);
    const [exchange] = log.takeFor('192.0.2.1', 'hhhhhhhh')?.exchanges ?? [];
    expect(exchange?.body).toHaveLength(ATTEMPT_LIMITS.maxBodyChars);
    expect(exchange?.bodyTruncated).toBe(true);
  });

  it('makes room for a client past its own bound from its own oldest attempt only', () => {
    const log = logAt({now: 0}, {maxAttemptsPerClient: 2});
    upgrade(log, '/a?attempt=other-01', 'HTTP/1.1 404 Not Found\r\n\r\n', '192.0.2.9');
    for (const id of ['mine-001', 'mine-002', 'mine-003'])
      upgrade(log, `/a?attempt=${id}`, 'HTTP/1.1 404 Not Found\r\n\r\n');
    expect(log.takeFor('192.0.2.1', 'mine-001')).toBeUndefined();
    expect(log.takeFor('192.0.2.1', 'mine-003')).toBeDefined();
    expect(log.takeFor('192.0.2.9', 'other-01')).toBeDefined();
  });

  it('forgets the oldest attempts when the kept characters pass the overall budget, and counts them back', () => {
    const log = logAt({now: 0}, {maxChars: 2_000});
    const answer = `HTTP/1.1 404 Not Found\r\n\r\n${'y'.repeat(500)}`;
    for (let i = 0; i < 10; i++) upgrade(log, `/a?attempt=budget-${i}`, answer, `192.0.2.${i}`);
    expect(log.chars).toBeLessThanOrEqual(2_000);
    expect(log.size).toBeLessThan(10);
    expect(log.takeFor('192.0.2.9', 'budget-9')).toBeDefined();
    expect(log.takeFor('192.0.2.0', 'budget-0')).toBeUndefined();
    while (log.size > 0) {
      for (let i = 0; i < 10; i++) log.takeFor(`192.0.2.${i}`, `budget-${i}`);
    }
    expect(log.chars).toBe(0);
  });

  it('passes by every request that names no attempt', () => {
    const log = logAt({now: 0});
    expect(log.observeUpgrade(request('/ws/echo'), new PassThrough())).toBeNull();
    expect(log.size).toBe(0);
  });
});
