// @vitest-environment jsdom
import {act, cleanup, render, screen} from '@testing-library/react';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import LiveRegion from '../../../../src/components/LiveRegion/index.tsx';

afterEach(cleanup);

/** The one live region rendered. */
function region(): HTMLElement {
  const found = document.querySelectorAll<HTMLElement>('[aria-live]');
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('LiveRegion', () => {
  it('is a polite, atomic, visually hidden paragraph with no role', () => {
    render(<LiveRegion>Received a text message of 5 bytes.</LiveRegion>);
    const live = region();
    expect(live.tagName).toBe('P');
    expect(live.className).toBe('sr-only');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.getAttribute('aria-atomic')).toBe('true');
    expect(live.hasAttribute('role')).toBe(false);
    expect(live.textContent).toBe('Received a text message of 5 bytes.');
    // A demo's own region never competes with its frame's status.
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says every change at once when not throttled, and stays the same element', () => {
    const {rerender} = render(<LiveRegion>{''}</LiveRegion>);
    const before = region();
    expect(before.textContent).toBe('');
    rerender(<LiveRegion>Logged in on replica-a</LiveRegion>);
    expect(region()).toBe(before);
    expect(before.textContent).toBe('Logged in on replica-a');
  });

  it('is the status when asked: role="status", found by that role', () => {
    render(<LiveRegion role="status">Echo console: live</LiveRegion>);
    const status = screen.getByRole('status');
    expect(status).toBe(region());
    expect(status.textContent).toBe('Echo console: live');
    expect(status.className).toBe('sr-only');
  });
});

describe('LiveRegion, throttled', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says the latest text once per period, not every change in between', () => {
    const {rerender} = render(<LiveRegion throttle={3000}>1 event</LiveRegion>);
    // Nothing is said before the first period ends.
    expect(region().textContent).toBe('');
    rerender(<LiveRegion throttle={3000}>2 events</LiveRegion>);
    rerender(<LiveRegion throttle={3000}>3 events</LiveRegion>);
    act(() => {
      vi.advanceTimersByTime(2999);
    });
    expect(region().textContent).toBe('');
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(region().textContent).toBe('3 events');
    rerender(<LiveRegion throttle={3000}>4 events</LiveRegion>);
    expect(region().textContent).toBe('3 events');
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(region().textContent).toBe('4 events');
  });

  it('`throttle` alone speaks every ten seconds, the usual period for a stream', () => {
    render(<LiveRegion throttle>12 polls, 3 of them empty</LiveRegion>);
    act(() => {
      vi.advanceTimersByTime(9_999);
    });
    expect(region().textContent).toBe('');
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(region().textContent).toBe('12 polls, 3 of them empty');
    expect(region().getAttribute('aria-live')).toBe('polite');
    expect(region().className).toBe('sr-only');
  });

  it('stops its timer when it leaves the page', () => {
    const {unmount} = render(<LiveRegion throttle={1000}>tick</LiveRegion>);
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
