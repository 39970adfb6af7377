/** The pure parts of `/ws/ftp-vs-http`: the run message, the per-client run limit, and a run's tally. */
import {describe, expect, it} from 'vitest';
import {tally, passivePortOfSteps, dataPortOfSteps, type FetchResult} from '../../../demo-server/src/ftp/compare.ts';
import {createRunLimiter, parseRunMessage} from '../../../demo-server/src/ws/ftpVsHttp.ts';

describe('parseRunMessage', () => {
  it('accepts {"type":"run","file":…} and says what is wrong with anything else', () => {
    expect(parseRunMessage('{"type":"run","file":"welcome.txt"}')).toEqual({file: 'welcome.txt'});
    expect(parseRunMessage('run welcome.txt')).toHaveProperty('error');
    expect(parseRunMessage('null')).toHaveProperty('error');
    expect(parseRunMessage('{"type":"stop"}')).toHaveProperty('error');
    expect(parseRunMessage('{"type":"run","file":["a"]}')).toHaveProperty('error');
  });
});

describe('createRunLimiter', () => {
  it('allows so many runs per client in any minute, says when the next is possible, and forgets old runs', () => {
    let now = 0;
    const limiter = createRunLimiter(2, () => now);
    expect(limiter.take('a')).toEqual({ok: true});
    now = 10_000;
    expect(limiter.take('a')).toEqual({ok: true});
    expect(limiter.take('b')).toEqual({ok: true});
    now = 20_000;
    expect(limiter.take('a')).toEqual({ok: false, retryAfterSeconds: 40});
    now = 60_000;
    expect(limiter.take('a')).toEqual({ok: true});
    expect(limiter.take('a')).toEqual({ok: false, retryAfterSeconds: 10});
  });
});

describe('tally', () => {
  const ftp: FetchResult = {
    body: Buffer.from('hi'),
    durationMs: 12.5,
    steps: [
      {atMs: 0.5, step: {kind: 'connect', connection: 'ftp-control', localPort: 50000, remotePort: 2121}},
      {atMs: 1, step: {kind: 'receive', connection: 'ftp-control', lines: ['220 Hi'], bytes: 8}},
      {atMs: 2, step: {kind: 'send', connection: 'ftp-control', lines: ['EPSV'], bytes: 6}},
      {atMs: 3, step: {kind: 'receive', connection: 'ftp-control', lines: ['229 Go (|||4000|)'], bytes: 19}},
      {atMs: 4, step: {kind: 'connect', connection: 'ftp-data', localPort: 50001, remotePort: 4000}},
      {atMs: 5, step: {kind: 'send', connection: 'ftp-control', lines: ['RETR a'], bytes: 8}},
      {atMs: 6, step: {kind: 'body', connection: 'ftp-data', bytes: 2}},
      {atMs: 7, step: {kind: 'close', connection: 'ftp-data', bytes: 2}},
    ],
  };

  it('counts connections, round trips (handshakes plus commands), and bytes once each', () => {
    expect(tally(ftp)).toEqual({
      connections: 2,
      roundTrips: 4,
      messages: 2,
      bytes: 8 + 6 + 19 + 8 + 2,
      fileBytes: 2,
      durationMs: 12.5,
      sha256: '8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4',
    });
  });

  it('finds the port the passive reply named and the port the data connection went to', () => {
    expect(passivePortOfSteps(ftp.steps)).toBe(4000);
    expect(dataPortOfSteps(ftp.steps)).toBe(4000);
    expect(dataPortOfSteps([])).toBeNull();
  });
});
