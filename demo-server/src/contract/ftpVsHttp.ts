/** `/ws/ftp-vs-http`: one file fetched by FTP and by HTTP, both transcripts streamed as they happen. */
import * as s from './schema.ts';

/** The files the FTP demo serves, by FTP and by HTTP: a fixed list, nothing else is reachable. */
export const FTP_VS_HTTP_FILES = ['welcome.txt', 'replies.txt', 'modes.txt', 'checker.png'] as const;
export type FtpVsHttpFile = (typeof FTP_VS_HTTP_FILES)[number];

/** What the page sends on `/ws/ftp-vs-http`: fetch this file both ways. */
export const FtpVsHttpRun = s.object({
  type: s.literal('run'),
  file: s.string({description: 'One of the demo’s files'}),
});
export type FtpVsHttpRun = s.Infer<typeof FtpVsHttpRun>;

export const FtpVsHttpProtocol = s.oneOf(['ftp', 'http']);
export type FtpVsHttpProtocol = s.Infer<typeof FtpVsHttpProtocol>;

/** A TCP connection of a run: FTP's control and data connections, and HTTP's one. */
export const FtpVsHttpConnection = s.oneOf(['ftp-control', 'ftp-data', 'http']);
export type FtpVsHttpConnection = s.Infer<typeof FtpVsHttpConnection>;

const bytes = (description: string) => s.integer({minimum: 0, description});
const port = s.integer({minimum: 0, maximum: 65535});
const lines = s.array(s.string(), {description: 'The message’s lines, without their CRLF'});

/**
 * One thing that happened on the wire, seen from the client. `send` and
 * `receive` carry one message each (an FTP command or reply, an HTTP request
 * or response head), its lines without their CRLF, and its size in bytes.
 */
export const FtpVsHttpStep = s.union([
  s.object({kind: s.literal('connect'), connection: FtpVsHttpConnection, localPort: port, remotePort: port}),
  s.object({kind: s.literal('send'), connection: FtpVsHttpConnection, lines, bytes: bytes('The message’s size')}),
  s.object({kind: s.literal('receive'), connection: FtpVsHttpConnection, lines, bytes: bytes('The message’s size')}),
  s.object(
    {kind: s.literal('body'), connection: FtpVsHttpConnection, bytes: bytes('File bytes that arrived')},
    {description: 'File bytes arriving: on FTP’s data connection, or as HTTP’s message body'},
  ),
  s.object(
    {kind: s.literal('close'), connection: FtpVsHttpConnection, bytes: bytes('Everything it carried, both directions')},
    {description: 'The connection closed'},
  ),
]);
export type FtpVsHttpStep = s.Infer<typeof FtpVsHttpStep>;

/** What one protocol cost to fetch the file. */
export const FtpVsHttpTally = s.object({
  connections: s.integer({minimum: 0, description: 'TCP connections opened'}),
  roundTrips: s.integer({
    minimum: 0,
    description: 'One per TCP handshake plus one per command or request the client waited on',
  }),
  messages: s.integer({minimum: 0, description: 'Messages the client sent (commands, requests)'}),
  bytes: bytes('Bytes on all its connections, both directions (TCP payload)'),
  fileBytes: bytes('The file’s bytes received'),
  durationMs: s.number({minimum: 0}),
  sha256: s.string({pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file’s bytes received, hex'}),
});
export type FtpVsHttpTally = s.Infer<typeof FtpVsHttpTally>;

const file = s.oneOf(FTP_VS_HTTP_FILES);
const runId = s.integer({minimum: 1});

export const FtpVsHttpServerMessage = s.union([
  s.object({type: s.literal('run-started'), runId, file, size: s.integer({minimum: 0})}),
  s.object({
    type: s.literal('step'),
    runId,
    protocol: FtpVsHttpProtocol,
    atMs: s.number({minimum: 0, description: 'Milliseconds since this protocol’s part of the run started'}),
    step: FtpVsHttpStep,
  }),
  s.object({
    type: s.literal('summary'),
    runId,
    file,
    ftp: FtpVsHttpTally,
    http: FtpVsHttpTally,
    passivePort: s.nullable(port, {description: 'The port the EPSV or PASV reply named'}),
    dataPort: s.nullable(port, {description: 'The server port the data connection actually went to'}),
    sameBytes: s.boolean({description: 'The FTP bytes and the HTTP body have the same SHA-256'}),
  }),
  s.object({type: s.literal('error'), runId: s.optional(runId), message: s.string()}),
]);
export type FtpVsHttpServerMessage = s.Infer<typeof FtpVsHttpServerMessage>;
