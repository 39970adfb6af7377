import {describe, expect, it} from 'vitest';
import type {AttemptRecord} from '../../../../../demo-server/src/contract/attempts.ts';
import {
  announceCell,
  announceExperiment,
  pageSummary,
  requestsReceived,
  type Run,
} from '../../../../../src/components/RedirectsDemo/run.ts';

const record = (hops: [request: string, response: string, body: string][], dropped = 0): AttemptRecord => ({
  attempt: 'abcdefgh',
  exchangesDropped: dropped,
  notes: [],
  exchanges: hops.map(([request, response, body]) => ({
    at: 1,
    transport: 'http',
    request,
    response,
    body,
    bodyTruncated: false,
    answeredAt: 2,
    endedAt: 3,
  })),
});

const post303: Run = {
  url: 'http://h/http/redirect/303?attempt=abcdefgh',
  method: 'POST',
  redirect: 'follow',
  page: {
    outcome: 'resolved',
    redirected: true,
    url: 'http://h/http/redirect/target',
    status: 200,
    type: 'cors',
    headers: [],
    target: {target: true, method: 'GET', bodyBytes: 0, contentType: null},
  },
  server: {
    kind: 'record',
    record: record([
      [
        'POST /http/redirect/303 HTTP/1.1\r\nContent-Length: 15',
        'HTTP/1.1 303 See Other',
        '{"status":303,"location":"/http/redirect/target","method":"POST","bodyBytes":15,"contentType":null}',
      ],
      [
        'GET /http/redirect/target HTTP/1.1',
        'HTTP/1.1 200 OK',
        '{"target":true,"method":"GET","bodyBytes":0,"contentType":null}',
      ],
    ]),
  },
};

describe('what the redirects demo says', () => {
  it('says the matrix row by row: the status and what reached the target', () => {
    expect(announceCell([post303])).toBe('The matrix is done. POST 303: the target received GET with 0 bytes.');
  });

  it('counts the requests the server kept and the ones it only counted', () => {
    expect(requestsReceived(post303.server)).toBe(2);
    const loop: Run = {...post303, server: {kind: 'record', record: {...record([]), exchangesDropped: 21}}};
    expect(requestsReceived(loop.server)).toBe(21);
    expect(requestsReceived({kind: 'none'})).toBeNull();
  });

  it('says an experiment: what fetch gave the page and how many requests the server received', () => {
    expect(
      announceExperiment('loop', {
        ...post303,
        page: {outcome: 'rejected', name: 'TypeError', message: 'Failed to fetch'},
      }),
    ).toBe('A loop: fetch rejected with TypeError: Failed to fetch; the server received 2 requests.');
    expect(pageSummary(null)).toBe('running');
    expect(pageSummary(post303.page)).toBe('fetch resolved: status 200, type cors, redirected true');
  });
});
