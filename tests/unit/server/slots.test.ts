import {describe, expect, it} from 'vitest';
import {createSlots} from '../../../demo-server/src/slots.ts';

const limits = {total: 3, perClient: 2, totalFull: 'full', perClientFull: 'your share'};

describe('createSlots', () => {
  it('refuses a client past its share with 429 and everyone past the total with 503', () => {
    const slots = createSlots(limits);
    expect(slots.claim('a').ok).toBe(true);
    expect(slots.claim('a').ok).toBe(true);
    expect(slots.claim('a')).toEqual({ok: false, status: 429, detail: 'your share'});
    expect(slots.claim('b').ok).toBe(true);
    expect(slots.claim('c')).toEqual({ok: false, status: 503, detail: 'full'});
    expect(slots.size).toBe(3);
  });

  it('gives a place back once, however often release is called', () => {
    const slots = createSlots(limits);
    const claim = slots.claim('a');
    if (!claim.ok) throw new Error('refused');
    claim.release();
    claim.release();
    expect(slots.size).toBe(0);
    expect(slots.claim('a').ok).toBe(true);
    expect(slots.claim('a').ok).toBe(true);
    expect(slots.claim('a').ok).toBe(false);
  });
});
