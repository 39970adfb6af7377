/** The pure parts of `/ws/ftp-vs-http`: the run message and the per-client run limit. */
import {describe, expect, it} from 'vitest';
import {createRunLimiter, parseRunMessage} from '../../../../demo-server/src/ws/ftpVsHttp.ts';

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
