/** `/ws/ftp-vs-http`: one file fetched by FTP and by HTTP, both transcripts streamed as they happen. */
import {
  array,
  boolean,
  type Infer,
  integer,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  string,
  union,
} from './schema.ts';

/** The files the FTP demo serves, by FTP and by HTTP: a fixed list, nothing else is reachable. */
export const FTP_VS_HTTP_FILES = ['welcome.txt', 'replies.txt', 'modes.txt', 'checker.png'] as const;
export type FtpVsHttpFile = (typeof FTP_VS_HTTP_FILES)[number];

/** What the page sends on `/ws/ftp-vs-http`: fetch this file both ways. */
export const FtpVsHttpRun = object({type: literal('run'), file: string({description: 'One of the demo’s files'})});
export type FtpVsHttpRun = Infer<typeof FtpVsHttpRun>;

export const FtpVsHttpProtocol = oneOf(['ftp', 'http']);
export type FtpVsHttpProtocol = Infer<typeof FtpVsHttpProtocol>;

/** A TCP connection of a run: FTP's control and data connections, and HTTP's one. */
export const FtpVsHttpConnection = oneOf(['ftp-control', 'ftp-data', 'http']);
export type FtpVsHttpConnection = Infer<typeof FtpVsHttpConnection>;

const bytes = (description: string) => integer({minimum: 0, description});
const port = integer({minimum: 0, maximum: 65535});
const lines = array(string(), {description: 'The message’s lines, without their CRLF'});

/**
 * One thing that happened on the wire, seen from the client. `send` and
 * `receive` carry one message each (an FTP command or reply, an HTTP request
 * or response head), its lines without their CRLF, and its size in bytes.
 */
export const FtpVsHttpStep = union([
  object({kind: literal('connect'), connection: FtpVsHttpConnection, localPort: port, remotePort: port}),
  object({kind: literal('send'), connection: FtpVsHttpConnection, lines, bytes: bytes('The message’s size')}),
  object({kind: literal('receive'), connection: FtpVsHttpConnection, lines, bytes: bytes('The message’s size')}),
  object(
    {kind: literal('body'), connection: FtpVsHttpConnection, bytes: bytes('File bytes that arrived')},
    {description: 'File bytes arriving: on FTP’s data connection, or as HTTP’s message body'},
  ),
  object(
    {kind: literal('close'), connection: FtpVsHttpConnection, bytes: bytes('Everything it carried, both directions')},
    {description: 'The connection closed'},
  ),
]);
export type FtpVsHttpStep = Infer<typeof FtpVsHttpStep>;

/** What one protocol cost to fetch the file. */
export const FtpVsHttpTally = object({
  connections: integer({minimum: 0, description: 'TCP connections opened'}),
  roundTrips: integer({
    minimum: 0,
    description: 'One per TCP handshake plus one per command or request the client waited on',
  }),
  messages: integer({minimum: 0, description: 'Messages the client sent (commands, requests)'}),
  bytes: bytes('Bytes on all its connections, both directions (TCP payload)'),
  fileBytes: bytes('The file’s bytes received'),
  durationMs: number({minimum: 0}),
  sha256: string({pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the file’s bytes received, hex'}),
});
export type FtpVsHttpTally = Infer<typeof FtpVsHttpTally>;

const file = oneOf(FTP_VS_HTTP_FILES);
const runId = integer({minimum: 1});

export const FtpVsHttpServerMessage = union([
  object({type: literal('run-started'), runId, file, size: integer({minimum: 0})}),
  object({
    type: literal('step'),
    runId,
    protocol: FtpVsHttpProtocol,
    atMs: number({minimum: 0, description: 'Milliseconds since this protocol’s part of the run started'}),
    step: FtpVsHttpStep,
  }),
  object({
    type: literal('summary'),
    runId,
    file,
    ftp: FtpVsHttpTally,
    http: FtpVsHttpTally,
    passivePort: nullable(port, {description: 'The port the EPSV or PASV reply named'}),
    dataPort: nullable(port, {description: 'The server port the data connection actually went to'}),
    sameBytes: boolean({description: 'The FTP bytes and the HTTP body have the same SHA-256'}),
  }),
  object({type: literal('error'), runId: optional(runId), message: string()}),
]);
export type FtpVsHttpServerMessage = Infer<typeof FtpVsHttpServerMessage>;
