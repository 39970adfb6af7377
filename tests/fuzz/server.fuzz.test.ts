/**
 * The bounded, seeded fuzz run that `npm test` makes: every target (every
 * HTTP and WebSocket endpoint of the demo server) gets the same few hundred
 * generated inputs on every run, against the real server in a process of its
 * own. Any crash, event-loop stall over 50 ms, memory rise over 48 MiB, or
 * answer of the wrong kind fails the run and prints the input and the command
 * that replays it. `npm run fuzz` runs the same targets for as long as it is given.
 *
 * First, the fuzzer's own checks: each kind of failure, caused on purpose,
 * must be caught, or a clean run would prove nothing.
 */
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {checkAnswer, checkExchange, checkSession, clientCloseCodes} from './oracle.ts';
import {describeFinding, Fuzzer} from './runner.ts';
import {TARGETS, type Target} from './targets.ts';
import {parseAnswers} from './wire.ts';
import {frame} from './arbitraries.ts';

/** The seed of the run `npm test` makes; change it to explore, keep it to reproduce. */
const SEED = 20_261_204;
/** Inputs per target in `npm test` (FUZZ_RUNS overrides it). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

const fuzzer = new Fuzzer();
afterAll(() => fuzzer.stop());

/** A target that makes the server misbehave as a bad input would, to see that the fuzzer notices. */
function misbehaving(how: 'block' | 'grow' | 'crash'): Target<string> {
  return {
    name: `misbehave-${how}`,
    aims: 'the fuzzer itself',
    input: fc.constant(how),
    async run(_input, {server}) {
      server.misbehave(how);
      await new Promise((resolve) => setTimeout(resolve, 150));
      return [];
    },
  };
}

describe('the fuzzer catches what it looks for', () => {
  it('a stall: an event loop blocked for 120 ms, every time', async () => {
    const findings = await fuzzer.run(misbehaving('block'), 'block', 0, 0);
    expect(findings.map((f) => f.kind)).toEqual(['stall']);
    expect(findings[0]?.detail).toMatch(/^blocked the event loop 1\d\d ms, 1\d\d ms/);
  });

  it('a memory rise: 96 MiB held while the input is served', async () => {
    const findings = await fuzzer.run(misbehaving('grow'), 'grow', 0, 0);
    // Filling 96 MiB may block the event loop too; the rise is what must be caught.
    expect(findings.map((f) => f.kind)).toContain('memory');
  });

  it('a crash: the process gone, with its stack', async () => {
    const findings = await fuzzer.run(misbehaving('crash'), 'crash', 3, 7);
    expect(findings.map((f) => f.kind)).toEqual(['crash']);
    expect(findings[0]?.detail).toMatch(
      /^every time: exit code 1; stderr: .*RangeError: Maximum call stack size exceeded/s,
    );
    expect(describeFinding(findings[0]!)).toMatch(/replay: npm run fuzz -- --replay misbehave-crash 3 7$/);
    // The next input finds a server again.
    expect((await fuzzer.server()).alive).toBe(true);
  });

  it('answers of the wrong kind: a 500, a refusal that is not problem details, a close saying the server failed', () => {
    const [failed, plain, problem] = parseAnswers(
      Buffer.from(
        'HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/problem+json\r\nContent-Length: 2\r\n\r\n{}' +
          'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nno' +
          'HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: 49\r\n\r\n' +
          '{"type":"about:blank","status":404,"detail":"no"}',
        'latin1',
      ),
    );
    expect(checkAnswer(failed!, 'GET')).toEqual([
      expect.stringMatching(/^answered 500/),
      expect.stringMatching(/do not match/),
    ]);
    expect(checkAnswer(plain!, 'GET')).toEqual(['a 404 that is not problem details (Content-Type: text/html)']);
    expect(checkAnswer(problem!, 'GET')).toEqual([]);

    // A HEAD answered after a 100 Continue: the final answer has no body, and is judged as the HEAD's.
    const raw = Buffer.from(
      'HTTP/1.1 100 Continue\r\n\r\n' +
        'HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nContent-Length: 49\r\n\r\n',
      'latin1',
    );
    const answers = parseAnswers(raw, true);
    expect(answers.map((a) => [a.status, a.body.length, a.cut])).toEqual([
      [100, 0, false],
      [404, 0, false],
    ]);
    expect(
      checkExchange({raw, answers, closedByServer: true, timedOut: false, error: null, elapsedMs: 1}, 'HEAD'),
    ).toEqual([]);

    const session = (closeCode: number, closeReason: string) => ({
      handshake: {status: 101, headers: {}, body: Buffer.alloc(0), cut: false},
      frames: [],
      closeCode,
      closeReason,
      closedByServer: true,
      timedOut: false,
      error: null,
      elapsedMs: 1,
    });
    expect(checkSession(session(1011, 'The server failed to handle that message'), [])).toHaveLength(1);
    expect(checkSession(session(1009, ''), [])).toEqual([]);
    expect(checkSession(session(3001, ''), [])).toHaveLength(1);
    // A code the client sent itself comes back: not the server's doing.
    const close = Buffer.alloc(2);
    close.writeUInt16BE(3001);
    const sent = [frame({opcode: 8, payload: close.toString('latin1')})];
    expect(clientCloseCodes(sent)).toEqual([3001]);
    expect(checkSession(session(3001, ''), sent)).toEqual([]);
  });
});

describe(`every endpoint, ${RUNS} seeded inputs each (seed ${SEED})`, () => {
  for (const [index, target] of TARGETS.entries()) {
    it(`${target.name}: ${target.aims}`, async () => {
      const findings = await fuzzer.runTarget(target, SEED + index, RUNS);
      expect(findings.map(describeFinding)).toEqual([]);
    });
  }

  it('after all of them, the heap the server keeps is within its bounds', async () => {
    const {heapUsedBytes, finding} = await fuzzer.retained();
    expect(heapUsedBytes).toBeGreaterThan(0);
    expect(finding).toBeNull();
  });
});
