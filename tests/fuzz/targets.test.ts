/** The fuzzer's list of paths is written by hand: a path added to ENDPOINTS must be added to it, or is never fuzzed. */
import {describe, expect, it} from 'vitest';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {FUZZED_PATHS} from './targets.ts';

describe('the paths the fuzzer sends to', () => {
  it.each(Object.entries(ENDPOINTS))('include ENDPOINTS.%s (%s) or a path under it', (_name, endpoint) => {
    expect(FUZZED_PATHS.some((path) => path === endpoint || path.startsWith(`${endpoint}/`))).toBe(true);
  });
});
