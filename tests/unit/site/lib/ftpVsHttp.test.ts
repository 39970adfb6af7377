/** Laying out the FTP and HTTP demo: arrows between lanes, transcript lines, and which messages the page accepts. */
import {describe, expect, it} from 'vitest';
import {arrowFor, LANES, parseFtpVsHttpMessage, spokenArrow, transcriptLines} from '../../../../src/lib/ftpVsHttp.ts';

describe('arrowFor', () => {
  it('draws commands from the client to the control lane and replies back', () => {
    expect(arrowFor({kind: 'send', connection: 'ftp-control', lines: ['RETR a'], bytes: 8})).toEqual({
      kind: 'send',
      from: 0,
      to: 1,
      label: ['RETR a'],
    });
    expect(arrowFor({kind: 'receive', connection: 'ftp-control', lines: ['226 Done'], bytes: 10})).toMatchObject({
      from: 1,
      to: 0,
    });
  });

  it('puts the data connection on a lane of its own, and HTTP on the one server lane', () => {
    expect(arrowFor({kind: 'connect', connection: 'ftp-data', localPort: 5, remotePort: 4000})).toEqual({
      kind: 'connect',
      from: 0,
      to: 2,
      label: ['TCP connect to port 4000'],
    });
    expect(arrowFor({kind: 'body', connection: 'ftp-data', bytes: 89})).toMatchObject({from: 2, to: 0});
    expect(arrowFor({kind: 'body', connection: 'http', bytes: 89})).toMatchObject({from: 1, to: 0});
    expect(LANES.http).toHaveLength(2);
    expect(LANES.ftp).toHaveLength(3);
  });
});

describe('transcriptLines', () => {
  it('writes the time, the direction and the connection, and indents the later lines of a message', () => {
    expect(
      transcriptLines(12.34, {
        kind: 'receive',
        connection: 'ftp-control',
        lines: ['211-Features:', ' EPSV', '211 End'],
        bytes: 30,
      }),
    ).toEqual([
      '   +12.3 ms  S→C  control connection: 211-Features:',
      '                                       EPSV',
      '                                      211 End',
    ]);
    expect(transcriptLines(0.5, {kind: 'close', connection: 'http', bytes: 452})).toEqual([
      '    +0.5 ms  S→C  connection: closed (452 bytes carried)',
    ]);
  });
});

describe('spokenArrow', () => {
  it('names both ends of the arrow for a screen reader', () => {
    expect(spokenArrow('ftp', {kind: 'send', connection: 'ftp-control', lines: ['EPSV'], bytes: 6})).toBe(
      'Client to Server: control connection:',
    );
  });
});

describe('parseFtpVsHttpMessage', () => {
  it('accepts the four message types and refuses anything else', () => {
    expect(parseFtpVsHttpMessage('{"type":"error","message":"x"}')).toEqual({type: 'error', message: 'x'});
    expect(parseFtpVsHttpMessage('{"type":"step","runId":1}')).toBeNull();
    expect(parseFtpVsHttpMessage('{"type":"other"}')).toBeNull();
    expect(parseFtpVsHttpMessage('[]')).toBeNull();
    expect(parseFtpVsHttpMessage('not json')).toBeNull();
  });
});
