import {describe, expect, it} from 'vitest';
import {negotiate} from '../../../../demo-server/src/api/resources.ts';

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
