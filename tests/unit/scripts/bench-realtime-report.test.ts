/** The real-time benchmark's sentences come from its data: which rows lack events, and which events. */
import {describe, expect, it} from 'vitest';
import {
  resultsMarkdown,
  shortfallOf,
  shortfallSentences,
  type EventWindow,
  type RowEvents,
} from '../../../scripts/bench-realtime-report.mts';

const eventWindow: EventWindow = {firstId: 101, lastId: 158};
const all = Array.from({length: 58}, (_, i) => 101 + i);
const allButLast = all.slice(0, -1);

function rows(received: Record<string, readonly number[]>): RowEvents[] {
  return Object.entries(received).map(([name, receivedIds]) => ({name, receivedIds}));
}

describe('shortfallSentences', () => {
  it('says every row received every event when none is short', () => {
    expect(shortfallSentences(rows({'Short polling, 5 s': all, WebSocket: all}), eventWindow)).toBe(
      'Every row received all 58 events the server emitted in the window.',
    );
  });

  it('names the one row that lacks the last event, and the event', () => {
    expect(
      shortfallSentences(
        rows({'Short polling, 250 ms': all, 'Short polling, 5 s': allButLast, WebSocket: all}),
        eventWindow,
      ),
    ).toBe(
      'The row "Short polling, 5 s" received one event fewer than the 58 the server emitted in the window: ' +
        "the window's last event (id 158) had not reached it when the window closed.",
    );
  });

  it('names both rows that lack the last event in one sentence, and no other row', () => {
    const sentence = shortfallSentences(
      rows({
        'Short polling, 250 ms': allButLast,
        'Short polling, 1 s': allButLast,
        'Short polling, 5 s': all,
        WebSocket: all,
      }),
      eventWindow,
    );
    expect(sentence).toBe(
      'The rows "Short polling, 250 ms" and "Short polling, 1 s" received one event fewer than the 58 the server ' +
        "emitted in the window: the window's last event (id 158) had not reached them when the window closed.",
    );
    expect(sentence).not.toContain('5 s');
  });

  it('gives rows with different shortfalls a sentence each, and counts skipped events apart from late ones', () => {
    const sentence = shortfallSentences(
      rows({
        'Long polling': all.slice(0, -2),
        'Short polling, 1 s': allButLast.filter((id) => id !== 120),
      }),
      eventWindow,
    );
    expect(sentence).toBe(
      'The row "Long polling" received two events fewer than the 58 the server emitted in the window: ' +
        "the window's last two events (ids 157 and 158) had not reached it when the window closed. " +
        'The row "Short polling, 1 s" received two events fewer than the 58 the server emitted in the window: ' +
        "the window's last event (id 158) had not reached it when the window closed and one event (id 120) never " +
        'arrived although later ones did.',
    );
  });
});

describe('shortfallOf', () => {
  it('ignores duplicates and ids outside the window', () => {
    expect(shortfallOf([99, 100, ...all, 158, 159], eventWindow)).toEqual({notYetArrived: 0, skippedIds: []});
  });

  it('counts a row that received nothing as lacking every event', () => {
    expect(shortfallOf([], eventWindow)).toEqual({notYetArrived: 58, skippedIds: []});
  });
});

describe('resultsMarkdown', () => {
  it('puts the table and the sentences from the same data in one file', () => {
    const markdown = resultsMarkdown({
      date: '2026-12-04',
      seconds: 60,
      nodeVersion: 'v24.21.0',
      cpuCores: 2,
      window: eventWindow,
      header: ['Transport', 'Events'],
      cells: [
        ['Short polling, 1 s', '57'],
        ['WebSocket', '58'],
      ],
      rows: rows({'Short polling, 1 s': allButLast, WebSocket: all}),
      command: 'npm run bench:realtime',
    });
    expect(markdown).toContain('58 events in the 60 s');
    expect(markdown).toContain('| Short polling, 1 s | 57 |');
    expect(markdown).toContain('The row "Short polling, 1 s" received one event fewer than the 58');
    expect(markdown).toContain('Node v24.21.0; two CPU cores');
  });
});
