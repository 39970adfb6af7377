import {describe, expect, it} from 'vitest';
import {announce, type CorsRun} from '../../../../src/components/CorsBothSides/run.ts';

const run: CorsRun = {
  n: 1,
  case: 'method',
  url: 'http://localhost:8787/cors/method?attempt=abcdefgh',
  sameUrl: false,
  page: {outcome: 'rejected', name: 'TypeError', message: 'Failed to fetch'},
  server: {
    kind: 'record',
    record: {
      attempt: 'abcdefgh',
      exchangesDropped: 0,
      notes: [],
      exchanges: [
        {
          at: 1,
          transport: 'http',
          request: 'OPTIONS /cors/method?attempt=abcdefgh HTTP/1.1',
          response: 'HTTP/1.1 204 No Content',
          body: '',
          bodyTruncated: false,
          answeredAt: 2,
          endedAt: 3,
        },
      ],
    },
  },
};

describe('announce', () => {
  it('says what the page was given and how many requests reached the server', () => {
    expect(announce(run)).toBe(
      'DELETE not allowed: fetch rejected with TypeError: Failed to fetch; the server received 1 request.',
    );
    expect(
      announce({
        ...run,
        case: 'expose',
        page: {outcome: 'resolved', status: 200, type: 'cors', headers: [], reads: [], body: ''},
        server: {kind: 'none'},
      }),
    ).toBe('X-Total-Count not exposed: fetch resolved with status 200; the server received nothing.');
  });
});
