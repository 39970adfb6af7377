import {describe, expect, it} from 'vitest';
import {mergePatch} from '../../demo-server/src/api/notes.ts';
import {negotiate} from '../../demo-server/src/api/resources.ts';
import {createSandboxStore} from '../../demo-server/src/api/store.ts';

describe('JSON Merge Patch (RFC 7396)', () => {
  // Appendix A of RFC 7396, row by row.
  const examples: [unknown, unknown, unknown][] = [
    [{a: 'b'}, {a: 'c'}, {a: 'c'}],
    [{a: 'b'}, {b: 'c'}, {a: 'b', b: 'c'}],
    [{a: 'b'}, {a: null}, {}],
    [{a: 'b', b: 'c'}, {a: null}, {b: 'c'}],
    [{a: ['b']}, {a: 'c'}, {a: 'c'}],
    [{a: 'c'}, {a: ['b']}, {a: ['b']}],
    [{a: {b: 'c'}}, {a: {b: 'd', c: null}}, {a: {b: 'd'}}],
    [{a: [{b: 'c'}]}, {a: [1]}, {a: [1]}],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{a: 'b'}, ['c'], ['c']],
    [{a: 'foo'}, null, null],
    [{a: 'foo'}, 'bar', 'bar'],
    [{e: null}, {a: 1}, {e: null, a: 1}],
    [[1, 2], {a: 'b', c: null}, {a: 'b'}],
    [{}, {a: {bb: {ccc: null}}}, {a: {bb: {}}}],
  ];
  it.each(examples)('%j patched with %j is %j', (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });
});

describe('content negotiation', () => {
  it('picks by q-value and specificity, JSON by default, null when nothing fits', () => {
    expect(negotiate(undefined)).toBe('application/json');
    expect(negotiate('text/*')).toBe('text/html');
    expect(negotiate('text/*, text/html;q=0')).toBe('text/plain');
    expect(negotiate('application/json;q=0.2, text/plain')).toBe('text/plain');
    expect(negotiate('*/*;q=0.1, text/html;q=0.5')).toBe('text/html');
    expect(negotiate('image/png')).toBeNull();
  });
});

describe('sandbox store', () => {
  it('seeds each sandbox, forgets one idle too long, and drops the least recently used when full', () => {
    let clock = 0;
    const store = createSandboxStore({maxSandboxes: 2, maxNotesPerSandbox: 10, sandboxIdleMs: 1000}, () => clock);
    const a = store.create();
    expect(a.notes.size).toBe(3);
    const b = store.create();
    clock = 500;
    store.get(a.id);
    const c = store.create();
    // b was least recently used.
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBeDefined();
    clock = 2000;
    expect(store.get(c.id)).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
