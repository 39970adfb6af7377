// @vitest-environment jsdom
import {act, cleanup, render, screen} from '@testing-library/react';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import ScrollableTable from '../../../../src/components/ScrollableTable/index.tsx';

/** jsdom lays nothing out: each test says how wide the box and its content are, and when they change size. */
let contentWidth = 0;
const boxWidth = 600;
let resized: (() => void) | null = null;

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(() => contentWidth);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(() => boxWidth);
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(callback: () => void) {
        resized = callback;
      }
      observe() {}
      disconnect() {
        resized = null;
      }
    },
  );
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function renderTable() {
  render(
    <ScrollableTable>
      <thead>
        <tr>
          <th>Code</th>
          <th>Name</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>1000</td>
          <td>Normal Closure</td>
        </tr>
      </tbody>
    </ScrollableTable>,
  );
}

describe('ScrollableTable', () => {
  it('a table that fits adds no tab stop and no region', () => {
    contentWidth = 400;
    renderTable();
    expect(screen.queryByRole('region')).toBeNull();
    expect(screen.getByRole('table').parentElement?.hasAttribute('tabindex')).toBe(false);
  });

  it('a table wider than its box is a region named by its columns, in the tab order', () => {
    contentWidth = 900;
    renderTable();
    const region = screen.getByRole('region', {name: 'Table: Code, Name'});
    expect(region.tabIndex).toBe(0);
    expect(region.contains(screen.getByRole('table'))).toBe(true);
  });

  it('follows the width: a narrower window makes it scroll, a wider one lets it go', () => {
    contentWidth = 400;
    renderTable();
    expect(screen.queryByRole('region')).toBeNull();
    contentWidth = 900;
    act(() => resized?.());
    expect(screen.getByRole('region', {name: 'Table: Code, Name'})).toBeTruthy();
    contentWidth = 400;
    act(() => resized?.());
    expect(screen.queryByRole('region')).toBeNull();
  });
});
