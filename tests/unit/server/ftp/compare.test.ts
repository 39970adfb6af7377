/** The tally of one FTP-vs-HTTP run: connections, round trips, bytes, and the ports each side used. */
import {describe, expect, it} from 'vitest';
import {tally, passivePortOfSteps, dataPortOfSteps, type FetchResult} from '../../../../demo-server/src/ftp/compare.ts';

describe('tally', () => {
  const ftp: FetchResult = {
    body: Buffer.from('hi'),
    durationMs: 12.5,
    steps: [
      {atMs: 0.5, step: {kind: 'connect', connection: 'ftp-control', localPort: 50000, remotePort: 2121}},
      {atMs: 1, step: {kind: 'receive', connection: 'ftp-control', lines: ['220 Hi'], bytes: 8}},
      {atMs: 2, step: {kind: 'send', connection: 'ftp-control', lines: ['EPSV'], bytes: 6}},
      {atMs: 3, step: {kind: 'receive', connection: 'ftp-control', lines: ['229 Go (|||4000|)'], bytes: 19}},
      {atMs: 4, step: {kind: 'connect', connection: 'ftp-data', localPort: 50001, remotePort: 4000}},
      {atMs: 5, step: {kind: 'send', connection: 'ftp-control', lines: ['RETR a'], bytes: 8}},
      {atMs: 6, step: {kind: 'body', connection: 'ftp-data', bytes: 2}},
      {atMs: 7, step: {kind: 'close', connection: 'ftp-data', bytes: 2}},
    ],
  };

  it('counts connections, round trips (handshakes plus commands), and bytes once each', () => {
    expect(tally(ftp)).toEqual({
      connections: 2,
      roundTrips: 4,
      messages: 2,
      bytes: 8 + 6 + 19 + 8 + 2,
      fileBytes: 2,
      durationMs: 12.5,
      sha256: '8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4',
    });
  });

  it('finds the port the passive reply named and the port the data connection went to', () => {
    expect(passivePortOfSteps(ftp.steps)).toBe(4000);
    expect(dataPortOfSteps(ftp.steps)).toBe(4000);
    expect(dataPortOfSteps([])).toBeNull();
  });
});
