import {describe, expect, it} from 'vitest';
import {check} from '../../../../demo-server/src/contract/schema.ts';
import {StreamDone, StreamToken} from '../../../../demo-server/src/contract/streamedResponse.ts';
import {STREAM_LIMITS} from '../../../../demo-server/src/limits.ts';
import {
  doneEvent,
  passageFor,
  planStream,
  tokenEvent,
  tokensOf,
} from '../../../../demo-server/src/routes/streamedResponse.ts';
import {createEventStreamParser} from '../../../../src/lib/eventStream.ts';

/** The events a plan's writes make, parsed as the page parses them. */
function eventsOf(writes: readonly Buffer[]) {
  const parser = createEventStreamParser();
  return {events: writes.flatMap((write) => parser.push(write)), parser};
}

describe('tokensOf', () => {
  it('gives each word with the space before it, punctuation apart, and loses nothing', () => {
    expect(tokensOf('Hello, world — it’s 2 o’clock.')).toEqual([
      'Hello',
      ',',
      ' world',
      ' —',
      ' it’s',
      ' 2',
      ' o’clock',
      '.',
    ]);
    const passage = passageFor('any prompt');
    expect(tokensOf(passage).join('')).toBe(passage);
  });
});

describe('passageFor', () => {
  it('chooses the same passage for the same prompt, and never repeats the prompt', () => {
    expect(passageFor('a question')).toBe(passageFor('a question'));
    expect(passageFor('a question')).not.toContain('a question');
    expect(new Set(['a', 'b', 'c'].map(passageFor)).size).toBe(3);
  });
});

describe('planStream', () => {
  it('writes an opening comment, the token events and done, whatever the cuts', () => {
    const plan = planStream('plan', 20);
    const body = Buffer.concat(plan.writes);
    expect(body.length).toBe(plan.bodyBytes);
    const tokens = tokensOf(passageFor('plan')).slice(0, 20);
    const before = `: 20 tokens follow, one event each\n\n${tokens.map((token, i) => tokenEvent({index: i + 1, token})).join('')}`;
    const done = doneEvent({tokens: 20, bodyBytes: Buffer.byteLength(before), reason: 'max-tokens'});
    expect(body.toString('utf8')).toBe(before + done);
    const {events} = eventsOf(plan.writes);
    expect(events).toHaveLength(21);
    for (const event of events.slice(0, 20)) expect(check(StreamToken, JSON.parse(event.data)).ok).toBe(true);
    expect(events[20]?.type).toBe('done');
    expect(check(StreamDone, JSON.parse(events[20]?.data ?? '')).ok).toBe(true);
  });

  it('cuts writes mid-line, inside a character, before a blank line, and puts several events in one', () => {
    const {writes} = planStream('cuts', STREAM_LIMITS.maxTokens);
    const texts = writes.map((write) => write.toString('latin1'));
    expect(texts.some((text) => !text.endsWith('\n'))).toBe(true);
    expect(writes.some((write) => (write.at(-1) ?? 0) >= 0xc0)).toBe(true);
    expect(texts.some((text) => text.endsWith('}\n'))).toBe(true);
    expect(texts.some((text) => text.split('\n\n').length > 2)).toBe(true);
  });

  it(`sends at most ${STREAM_LIMITS.maxTokens} tokens, fewer when the passage ends first`, () => {
    const passageTokens = tokensOf(passageFor('x')).length;
    const plan = planStream('x', 1_000);
    expect(plan.tokens).toBe(Math.min(passageTokens, STREAM_LIMITS.maxTokens));
    expect(plan.reason).toBe(passageTokens > STREAM_LIMITS.maxTokens ? 'max-tokens' : 'end-of-text');
    expect(plan.bodyBytes).toBeLessThanOrEqual(STREAM_LIMITS.maxStreamBytes);
  });

  it('resumes after a token, with retry first for the GET, and is empty past the end', () => {
    const resumed = planStream('resume', 10, {after: 6, retry: true});
    const {events, parser} = eventsOf(resumed.writes);
    expect(parser.reconnectionTime).toBe(STREAM_LIMITS.retryMs);
    expect(events.map((event) => event.lastEventId)).toEqual(['7', '8', '9', '10', '10']);
    expect(planStream('resume', 10, {after: 10}).tokens).toBe(0);
  });
});
