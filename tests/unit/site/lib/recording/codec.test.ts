import {describe, expect, it} from 'vitest';
import {applyOps, decodeView, diffView, encodeView} from '../../../../../src/lib/recording/codec.ts';
import type {Encoded} from '../../../../../src/lib/recording/format.ts';

describe('encodeView / decodeView', () => {
  it('keeps plain data as itself and drops functions', () => {
    const value = {a: 1, b: 'two', c: [true, null], d: {e: 'f'}, send: () => true};
    expect(encodeView(value)).toEqual({a: 1, b: 'two', c: [true, null], d: {e: 'f'}});
  });

  it('round-trips what JSON cannot hold', () => {
    const value = {
      bytes: new Uint8Array([0, 1, 255]),
      buffer: new Uint8Array([9, 8]).buffer,
      missing: undefined,
      nan: Number.NaN,
      inf: -Infinity,
      negZero: -0,
      big: 2n ** 70n,
      when: new Date(1_700_000_000_000),
      map: new Map<string, number>([['x', 1]]),
      set: new Set(['y']),
      dollar: {$: 'not a tag', v: 3},
    };
    const back = decodeView(JSON.parse(JSON.stringify(encodeView(value))) as Encoded) as typeof value;
    expect(Array.from(back.bytes)).toEqual([0, 1, 255]);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(new Uint8Array(back.buffer))).toEqual([9, 8]);
    expect(Object.keys(back)).toContain('missing');
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(-Infinity);
    expect(Object.is(back.negZero, -0)).toBe(true);
    expect(back.big).toBe(2n ** 70n);
    expect(back.when.getTime()).toBe(1_700_000_000_000);
    expect([...back.map]).toEqual([['x', 1]]);
    expect([...back.set]).toEqual(['y']);
    expect(back.dollar).toEqual({$: 'not a tag', v: 3});
  });

  it('keeps an object’s data fields and an Error’s message, and survives a cycle', () => {
    class Reading {
      constructor(
        readonly value: number,
        readonly unit: string,
      ) {}
      twice(): number {
        return this.value * 2;
      }
    }
    const cyclic: Record<string, unknown> = {name: 'loop'};
    cyclic.self = cyclic;
    expect(encodeView({r: new Reading(3, 'ms'), e: new TypeError('Failed to fetch'), cyclic})).toEqual({
      r: {value: 3, unit: 'ms'},
      e: {message: 'Failed to fetch'},
      cyclic: {name: 'loop', self: {$: 'cycle'}},
    });
  });
});

describe('diffView / applyOps', () => {
  const cases: [string, unknown, unknown][] = [
    ['an appended log', {log: [{id: 1}], n: 1}, {log: [{id: 1}, {id: 2}, {id: 3}], n: 3}],
    ['a row changed in place', {rows: [{s: 'a'}, {s: 'b'}, {s: 'c'}]}, {rows: [{s: 'a'}, {s: 'B'}, {s: 'c'}]}],
    ['a list replaced', {log: [1, 2, 3]}, {log: [4]}],
    ['a key removed and one added', {a: 1, b: 2}, {b: 2, c: {d: [1]}}],
    ['bytes changed', {bytes: new Uint8Array([1])}, {bytes: new Uint8Array([1, 2])}],
    ['a type change', {x: [1]}, {x: 'one'}],
    ['null to object', {x: null}, {x: {y: 1}}],
  ];
  for (const [name, before, after] of cases) {
    it(`carries one view to the next: ${name}`, () => {
      const from = encodeView(before) ?? null;
      const to = encodeView(after) ?? null;
      const ops = diffView(from, to);
      expect(applyOps(from, ops)).toEqual(to);
      // Ops are data: they survive JSON, as they must in a recording.
      expect(applyOps(from, JSON.parse(JSON.stringify(ops)) as typeof ops)).toEqual(to);
    });
  }

  it('sends only what changed: an append carries the new items alone', () => {
    const from = encodeView({log: Array.from({length: 100}, (_, i) => ({i}))}) ?? null;
    const to = encodeView({log: Array.from({length: 101}, (_, i) => ({i}))}) ?? null;
    expect(diffView(from, to)).toEqual([{path: ['log'], value: [{i: 100}], append: true}]);
  });

  it('finds nothing to do for equal views and leaves the old view untouched', () => {
    const view = encodeView({a: [1, {b: 2}]}) ?? null;
    expect(diffView(view, structuredClone(view))).toEqual([]);
    const frozen = JSON.stringify(view);
    applyOps(view, [{path: ['a', 1, 'b'], value: 3}]);
    expect(JSON.stringify(view)).toBe(frozen);
  });
});
