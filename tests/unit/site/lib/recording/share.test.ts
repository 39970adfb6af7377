import {describe, expect, it} from 'vitest';
import {applyOps} from '../../../../../src/lib/recording/codec.ts';
import {RECORDING_FORMAT, type Recording} from '../../../../../src/lib/recording/format.ts';
import {
  decodeShare,
  encodeShare,
  fitRecording,
  MAX_SHARE_CHARS,
  parseShareFragment,
  scrubRecording,
  scrubValue,
} from '../../../../../src/lib/recording/share.ts';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';

function recording(partial: Partial<Recording> = {}): Recording {
  return {
    format: RECORDING_FORMAT,
    demo: 'EchoConsole',
    source: 'committed',
    recordedAt: '2026-12-05T18:00:00.000Z',
    server: {version: '0.1.0', url: 'http://localhost:8787'},
    startedAt: 1_764_957_600_000,
    duration: 1_000,
    view: {log: []},
    steps: [{t: 500, ops: [{path: ['log'], value: [{text: 'hi'}], append: true}]}],
    wire: [],
    ...partial,
  };
}

describe('scrubValue', () => {
  it('removes the user agent, cookies, client hints and addresses, wherever they sit', () => {
    const raw = {
      head: `GET / HTTP/1.1\r\nHost: localhost:8787\r\nUser-Agent: ${UA}\r\nCookie: otw_a=1; session=secret\r\nsec-ch-ua-platform: "Linux"\r\nAccept: */*\r\n`,
      headers: [
        {name: 'Cookie', value: 'session=secret'},
        {name: 'Accept', value: 'text/plain'},
      ],
      pairs: [
        ['user-agent', UA],
        ['accept-language', 'en'],
      ],
      byName: {'x-forwarded-for': '198.51.100.7', host: 'localhost'},
      seenFrom: 'client 203.0.113.9 port 51234, and 2a01:4f8:c2c:1234::5 too; loopback 127.0.0.1 and ::1 stay',
      at: '12:30:05',
      note: `${UA} said hello`,
    };
    const clean = scrubValue(raw, UA);
    const text = JSON.stringify(clean);
    expect(text).not.toContain('Chrome/150');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('Linux');
    expect(text).not.toContain('198.51.100.7');
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('2a01:4f8');
    expect(clean.head).toContain('Host: localhost:8787\r\n');
    expect(clean.head).toContain('User-Agent: removed\r\n');
    expect(clean.head).toContain('Accept: */*\r\n');
    expect(clean.headers[1]).toEqual({name: 'Accept', value: 'text/plain'});
    expect(clean.pairs[1]).toEqual(['accept-language', 'en']);
    expect(clean.byName.host).toBe('localhost');
    expect(clean.seenFrom).toContain('127.0.0.1');
    expect(clean.seenFrom).toContain('::1 stay');
    expect(clean.at).toBe('12:30:05');
  });

  it('marks a scrubbed recording as shared', () => {
    expect(scrubRecording(recording(), UA).source).toBe('shared');
  });
});

describe('share links', () => {
  it('round-trip a recording through the fragment', async () => {
    const original = recording();
    const data = await encodeShare(original);
    expect(data).toMatch(/^[A-Za-z0-9_-]+$/);
    const parsed = parseShareFragment(`#replay=EchoConsole.${data}`);
    expect(parsed).toEqual({demo: 'EchoConsole', data});
    expect(await decodeShare('EchoConsole', data)).toEqual({...original, source: 'shared'});
  });

  it('refuse what is not a link of theirs, saying why', async () => {
    expect(parseShareFragment('#intro')).toBeNull();
    expect(parseShareFragment('#replay=Echo<Console>.abc')).toBeNull();
    expect(parseShareFragment('#replay=EchoConsole.ab+c')).toBeNull();
    await expect(decodeShare('EchoConsole', 'AAAA')).rejects.toThrow(/damaged/);
    const other = await encodeShare(recording({demo: 'FrameInspector'}));
    await expect(decodeShare('EchoConsole', other)).rejects.toThrow(/this demo/);
    const cut = await encodeShare(recording());
    await expect(decodeShare('EchoConsole', cut.slice(0, cut.length / 2))).rejects.toThrow(/damaged/);
  });

  it('refuse a link that unpacks to more than the bound (a deflate bomb)', async () => {
    const huge = recording({view: {pad: 'x'.repeat(9 * 1024 * 1024)}});
    const data = await encodeShare(huge);
    expect(data.length).toBeLessThan(MAX_SHARE_CHARS * 4);
    await expect(decodeShare('EchoConsole', data)).rejects.toThrow(/too large/);
  });

  it('fit a long run into a link: the wire goes first, then the oldest changes', async () => {
    let seed = 0x2545f491;
    const random = (n: number) =>
      Array.from({length: n}, () => {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return ((seed >>> 0) % 36).toString(36);
      }).join('');
    const wire = [
      {
        kind: 'http' as const,
        id: 1,
        method: 'GET',
        url: 'http://localhost:8787/health',
        requestHeaders: [],
        requestBody: null,
        status: 200,
        statusText: 'OK',
        responseHeaders: [],
        responseBody: {text: random(60_000)},
        timings: {start: 0, headers: 1, end: 2},
      },
    ];
    const small = await fitRecording(recording({wire}), applyOps);
    expect(small.dropped).toBe('wire');
    expect(small.data.length).toBeLessThanOrEqual(MAX_SHARE_CHARS);
    const steps = Array.from({length: 1_000}, (_, i) => ({
      t: i * 10,
      ops: [{path: ['line'], value: random(60 + (i % 7))}],
    }));
    const long = await fitRecording(recording({steps, duration: 10_000}), applyOps);
    expect(long.dropped).toBe('older changes');
    expect(long.data.length).toBeLessThanOrEqual(MAX_SHARE_CHARS);
    // It still ends where the run ended, on the same last view.
    const last = long.recording.steps.at(-1)!;
    expect(last.ops).toEqual(steps.at(-1)!.ops);
    expect(long.recording.startedAt + last.t).toBe(recording().startedAt + 9_990);
  });
});
