/** Reading `Accept-Encoding` (RFC 9110 §12.5.3, weights §12.4.2) and choosing a coding from it. */
import {describe, expect, it} from 'vitest';
import {chooseCoding, parseAcceptEncoding} from '../../../../demo-server/src/routes/negotiate.ts';

describe('parseAcceptEncoding', () => {
  it('reads codings with their weights, lower-cased, in order', () => {
    expect(parseAcceptEncoding('gzip;q=1.0, identity; q=0.5, *;q=0, BR')).toEqual([
      {coding: 'gzip', q: 1},
      {coding: 'identity', q: 0.5},
      {coding: '*', q: 0},
      {coding: 'br', q: 1},
    ]);
  });

  it('leaves out members that do not parse: a weight over 1, four decimals, junk, an empty member', () => {
    expect(parseAcceptEncoding('gzip;q=1.5, br;q=0.0001, zstd;x=1, ;q=1, , "gzip", deflate')).toEqual([
      {coding: 'deflate', q: 1},
    ]);
  });
});

describe('chooseCoding', () => {
  it.each([
    [null, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0.1, gzip;q=0.2', 'gzip'],
    ['zstd, *;q=0.5', 'zstd'],
    ['identity;q=0, gzip', 'gzip'],
    ['identity;q=0', null],
    ['*;q=0, identity', 'identity'],
  ])('Accept-Encoding %j → %s', (field, coding) => {
    expect(chooseCoding(field).coding).toBe(coding);
  });
});
