// @vitest-environment jsdom
import {cleanup, render, screen} from '@testing-library/react';
import {afterEach, describe, expect, it} from 'vitest';
import {ActivityLog} from '../../../../src/components/TransportParts/index.tsx';
import type {LoggedActivity} from '../../../../src/lib/realtime/useTransport.ts';

afterEach(cleanup);

const at = new Date(2026, 11, 4, 9, 5, 7, 42).getTime();

function entry(seq: number, detail: string, extra: Partial<LoggedActivity> = {}): LoggedActivity {
  return {seq, at: at + seq, kind: 'answer', detail, ...extra};
}

describe('ActivityLog', () => {
  it('shows each entry with its time of day to the millisecond, newest first', () => {
    render(<ActivityLog activity={[entry(2, '200 OK, 1 event'), entry(1, '204 No Content')]} label="Log" />);
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual(['09:05:07.044 200 OK, 1 event', '09:05:07.043 204 No Content']);
  });

  it('adds a row for a new entry and keeps the rows already drawn', () => {
    const older = [entry(2, 'second'), entry(1, 'first')];
    const {rerender} = render(<ActivityLog activity={older} label="Log" />);
    const [secondRow, firstRow] = screen.getAllByRole('listitem');
    rerender(<ActivityLog activity={[entry(3, 'third'), ...older]} label="Log" />);
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((row) => row.textContent.split(' ').at(-1))).toEqual(['third', 'second', 'first']);
    // The same DOM nodes: a new entry does not redraw (or re-key) the ones below it.
    expect(rows[1]).toBe(secondRow);
    expect(rows[2]).toBe(firstRow);
  });

  it('shows at most `limit` entries, the newest', () => {
    render(
      <ActivityLog
        activity={[entry(3, 'c', {events: 0}), entry(2, 'b', {events: 1}), entry(1, 'a')]}
        label="Log"
        limit={2}
      />,
    );
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((row) => row.textContent.split(' ').at(-1))).toEqual(['c', 'b']);
  });
});
