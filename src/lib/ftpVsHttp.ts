/**
 * Pure helpers for the FTP and HTTP demo: checking what `/ws/ftp-vs-http`
 * sends, and laying its steps out as a sequence diagram and a text
 * transcript. No React here, so all of it is unit-tested.
 */
import {
  FtpVsHttpServerMessage,
  type FtpVsHttpConnection,
  type FtpVsHttpProtocol,
  type FtpVsHttpStep,
} from '../../demo-server/src/contract/ftpVsHttp.ts';
import {formatMsTenths} from './format.ts';
import {parseJson} from './readJson.ts';

/** A server message, or null for anything that is not one (the page never trusts a shape blindly). */
export function parseFtpVsHttpMessage(text: string): FtpVsHttpServerMessage | null {
  return parseJson(FtpVsHttpServerMessage, text);
}

/** The lifelines of each protocol's diagram, left to right: the client first. */
export const LANES: Record<FtpVsHttpProtocol, readonly string[]> = {
  ftp: ['Client', 'Server: control connection', 'Server: data connection'],
  http: ['Client', 'Server'],
};

/** Names shown above the lifelines (LANES is what a screen reader hears). */
export const LANE_LABELS: Record<FtpVsHttpProtocol, readonly string[]> = {
  ftp: ['Client', 'Server control', 'Server data'],
  http: ['Client', 'Server'],
};

/**
 * Where each lifeline stands, in percent of the diagram's width. FTP's control
 * lane sits right of the middle: most of the conversation happens there, and
 * its labels need the room more than the data connection's few.
 */
export const LANE_POSITIONS: Record<FtpVsHttpProtocol, readonly number[]> = {
  ftp: [0, 62, 100],
  http: [0, 100],
};

/** The lane index of a connection's server end. */
function serverLane(connection: FtpVsHttpConnection): number {
  return connection === 'ftp-data' ? 2 : 1;
}

export type ArrowKind = 'connect' | 'send' | 'receive' | 'body' | 'close';

/** One row of a sequence diagram: an arrow between two lanes, and what it carries. */
export interface Arrow {
  kind: ArrowKind;
  /** Lane the arrow starts at. */
  from: number;
  /** Lane it points to. */
  to: number;
  /** What it carries, one entry per line. */
  label: string[];
}

/** Names a connection for people. */
export function connectionName(connection: FtpVsHttpConnection): string {
  if (connection === 'ftp-control') return 'control connection';
  if (connection === 'ftp-data') return 'data connection';
  return 'connection';
}

/** Where a step goes in the diagram: from the client to the server end of its connection, or back. */
export function arrowFor(step: FtpVsHttpStep): Arrow {
  const lane = serverLane(step.connection);
  switch (step.kind) {
    case 'connect':
      return {kind: 'connect', from: 0, to: lane, label: [`TCP connect to port ${step.remotePort}`]};
    case 'send':
      return {kind: 'send', from: 0, to: lane, label: step.lines};
    case 'receive':
      return {kind: 'receive', from: lane, to: 0, label: step.lines};
    case 'body':
      return {kind: 'body', from: lane, to: 0, label: [`${step.bytes} bytes of the file`]};
    case 'close':
      return {kind: 'close', from: lane, to: 0, label: [`closed (${step.bytes} bytes carried)`]};
  }
}

/**
 * One step as plain text lines for the transcript: time, direction,
 * connection, then what crossed. Messages of several lines (a multi-line
 * reply, an HTTP head) get their later lines indented under the first.
 */
export function transcriptLines(atMs: number, step: FtpVsHttpStep): string[] {
  const time = `+${formatMsTenths(atMs)}`.padStart(11);
  const where = connectionName(step.connection);
  const arrow = arrowFor(step);
  const direction = arrow.from === 0 ? 'C→S' : 'S→C';
  const [first = '', ...rest] = arrow.label;
  const prefix = `${time}  ${direction}  ${where}: `;
  return [`${prefix}${first}`, ...rest.map((line) => `${' '.repeat(prefix.length)}${line}`)];
}

/** What a screen reader hears for one diagram row. */
export function spokenArrow(protocol: FtpVsHttpProtocol, step: FtpVsHttpStep): string {
  const lanes = LANES[protocol];
  const arrow = arrowFor(step);
  return `${lanes[arrow.from] ?? ''} to ${lanes[arrow.to] ?? ''}:`;
}
