/**
 * The replay script export (src/lib/recording/script.ts) against the real demo server: real clients (fetch, ws)
 * make a run of exchanges as a page would, the wire of that run becomes a script, `sh` runs the script with curl and
 * websocat against the same server, and what came back must be what the clients got: the same statuses, the same
 * bodies where the endpoint is deterministic, the echo answering the same messages.
 *
 * websocat: the real one when it is on PATH; otherwise tests/support/websocat.mts, a stand-in that implements the
 * options the script writes (websocat has no Debian package, and this machine cannot fetch its binaries).
 */
import {execFileSync, spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {WebSocket} from 'ws';
import {ECHO_SUBPROTOCOLS} from '../../demo-server/src/contract/websocket.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import type {HttpExchange, WebSocketExchange, WebSocketMessage, WireEntry} from '../../src/lib/recording/format.ts';
import {buildScript, WEBSOCAT_BINARY_PREFIX, WEBSOCAT_TEXT_PREFIX} from '../../src/lib/recording/script.ts';
import {SITE_ORIGIN, startTestServer} from './support/server.ts';

const STAND_IN = fileURLToPath(new URL('../support/websocat.mts', import.meta.url));

let server: DemoServer;
let toolDir: string;
let realWebsocat: boolean;
let startedAt: number;

beforeAll(async () => {
  server = await startTestServer();
  toolDir = mkdtempSync(join(tmpdir(), 'otw-websocat-'));
  realWebsocat = execFileSync('sh', ['-c', 'command -v websocat || true']).toString().trim() !== '';
  if (!realWebsocat) {
    const wrapper = join(toolDir, 'websocat');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${STAND_IN}' "$@"\n`);
    chmodSync(wrapper, 0o755);
  }
  startedAt = Date.now();
});
afterAll(async () => {
  rmSync(toolDir, {recursive: true, force: true});
  await server.shutdown();
});

const now = () => Date.now() - startedAt;

/** A fetch as a page on SITE_ORIGIN makes it (the browser adds Origin), kept as the wire tap keeps it. */
async function recordFetch(
  id: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Uint8Array<ArrayBuffer> | string,
): Promise<{exchange: HttpExchange; text: string}> {
  const start = now();
  const response = await fetch(`${server.url}${path}`, {method, headers: {...headers, Origin: SITE_ORIGIN}, body});
  const headersAt = now();
  const text = await response.text();
  return {
    text,
    exchange: {
      kind: 'http',
      id,
      method,
      url: `${server.url}${path}`,
      requestHeaders: Object.entries(headers).map(([name, value]) => ({name, value})),
      requestBody:
        body === undefined
          ? null
          : typeof body === 'string'
            ? {text: body}
            : {base64: Buffer.from(body).toString('base64')},
      status: response.status,
      statusText: response.statusText,
      responseHeaders: [...response.headers].map(([name, value]) => ({name, value})),
      responseBody: {text},
      responseType: 'cors',
      timings: {start, headers: headersAt, end: now()},
    },
  };
}

/** A WebSocket as a page opens it: sends each message, waits for its echo, then closes. */
async function recordSocket(
  id: number,
  protocols: string[],
  sends: (string | Buffer)[],
  close: {code: number; reason: string},
): Promise<WebSocketExchange> {
  const start = now();
  const url = `${server.url.replace(/^http/, 'ws')}/ws/echo`;
  const socket = new WebSocket(url, protocols, {origin: SITE_ORIGIN});
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const opened = now();
  const messages: WebSocketMessage[] = [];
  const payload = (data: Buffer, binary: boolean) =>
    binary ? {base64: data.toString('base64')} : {text: data.toString('utf8')};
  for (const data of sends) {
    const binary = typeof data !== 'string';
    const reply = new Promise<{data: Buffer; binary: boolean}>((resolve) =>
      socket.once('message', (raw, isBinary) => resolve({data: raw as Buffer, binary: isBinary})),
    );
    messages.push({type: 'send', time: now(), opcode: binary ? 2 : 1, data: payload(Buffer.from(data), binary)});
    socket.send(data, {binary});
    const echoed = await reply;
    messages.push({
      type: 'receive',
      time: now(),
      opcode: echoed.binary ? 2 : 1,
      data: payload(echoed.data, echoed.binary),
    });
  }
  const closed = new Promise<{code: number; reason: string}>((resolve) =>
    socket.once('close', (code, reason) => resolve({code, reason: reason.toString()})),
  );
  socket.close(close.code, close.reason);
  const seen = await closed;
  return {
    kind: 'websocket',
    id,
    url,
    protocols,
    protocol: socket.protocol,
    timings: {start, headers: opened, end: now()},
    messages,
    close: {...seen, wasClean: true, time: now()},
  };
}

/** Runs the script with sh; its stdout cut at the titles it prints (`### n/N …`). */
function runScript(script: string): Promise<{sections: Buffer[]; stderr: string; code: number | null}> {
  const file = join(toolDir, 'replay.sh');
  writeFileSync(file, script);
  return new Promise((resolve) => {
    const child = spawn('sh', [file], {env: {PATH: `${toolDir}:${process.env.PATH ?? ''}`}});
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const all = Buffer.concat(out);
      const sections: Buffer[] = [];
      const marker = Buffer.from('\n### ');
      let at = all.indexOf(marker);
      while (at !== -1) {
        const next = all.indexOf(marker, at + marker.length);
        const section = all.subarray(at + marker.length, next === -1 ? all.length : next);
        // Drop the title line.
        sections.push(section.subarray(section.indexOf(0x0a) + 1));
        at = next;
      }
      resolve({sections, stderr, code});
    });
  });
}

/** curl -i's output: the status, the header fields (names lower-cased) and the body. */
function parseHttp(section: Buffer): {status: number; headers: Map<string, string>; body: string} {
  const text = section.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...fieldLines] = text.slice(0, split).split('\r\n');
  const headers = new Map(
    fieldLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return {status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4)};
}

/** The received messages of a socket, as the lines websocat prints them. */
function websocatLines(exchange: WebSocketExchange, terminator: string): string[] {
  return exchange.messages
    .filter((message) => message.type === 'receive')
    .map((message) =>
      'text' in message.data
        ? `${WEBSOCAT_TEXT_PREFIX}${terminator === '\n' ? message.data.text.replace(/[\r\n]/g, ' ') : message.data.text}`
        : `${WEBSOCAT_BINARY_PREFIX}${message.data.base64}${terminator === '\n' ? '' : '\n'}`,
    );
}

describe('the replay script against the real server', () => {
  it(
    'gets the same answers the recording got: statuses, deterministic bodies, the echo',
    {timeout: 20_000},
    async () => {
      // The run, as a page makes it.
      const root = await recordFetch(1, 'GET', '/api', {Accept: 'application/json'});
      const sandbox = await recordFetch(2, 'POST', '/api/sandboxes');
      const notes = (JSON.parse(sandbox.text) as {_links: {notes: {href: string}}})._links.notes.href;
      const note = JSON.stringify({title: `it's "$HOME" and \`id\``, body: 'first\nsecond', tags: ['a']});
      const created = await recordFetch(3, 'POST', notes, {'Content-Type': 'application/json'}, note);
      const bytes = Uint8Array.from([0x00, 0x01, 0x25, 0x5c, 0x27, 0x0a, 0x80, 0xfe, 0xff, 0x40]);
      const refused = await recordFetch(4, 'POST', notes, {'Content-Type': 'application/octet-stream'}, bytes);
      const refusedRecord = (await (
        await fetch(
          `${server.url}${refused.exchange.responseHeaders.find((h) => h.name === 'recorded-request')!.value}`,
        )
      ).json()) as {body: string; head: string};
      const plain = await recordSocket(5, [], [`it's $HOME and \`id\``, Buffer.from([0, 1, 2, 255, 10, 39])], {
        code: 1000,
        reason: 'done',
      });
      const envelope = await recordSocket(6, [ECHO_SUBPROTOCOLS.json], ['two\nlines'], {
        code: 4000,
        reason: "it's over",
      });
      const wire: WireEntry[] = [root.exchange, sandbox.exchange, created.exchange, refused.exchange, plain, envelope];

      expect(root.exchange.status).toBe(200);
      expect(sandbox.exchange.status).toBe(201);
      expect(created.exchange.status).toBe(201);
      expect(refused.exchange.status).toBe(415);
      expect(plain.protocol).toBe('');
      expect(envelope.protocol).toBe(ECHO_SUBPROTOCOLS.json);

      const script = buildScript({demo: 'RecordingScriptTest', serverUrl: server.url, wire, pageOrigin: SITE_ORIGIN});
      const {sections, stderr, code} = await runScript(script);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(sections).toHaveLength(wire.length);

      // HTTP: same status for each; the same body where the answer does not depend on the moment.
      const answers = sections.slice(0, 4).map(parseHttp);
      expect(answers.map((a) => a.status)).toEqual([200, 201, 201, 415]);
      for (const answer of answers) expect(answer.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
      expect(answers[0]!.body).toBe(root.text);
      // A new sandbox: another id, the same shape.
      const replayedSandbox = JSON.parse(answers[1]!.body) as Record<string, unknown>;
      expect(Object.keys(replayedSandbox).sort()).toEqual(Object.keys(JSON.parse(sandbox.text) as object).sort());
      // The note went into the recorded sandbox, with the recorded title and body.
      const replayedNote = JSON.parse(answers[2]!.body) as {title: string; body: string; tags: string[]};
      expect(replayedNote).toMatchObject({title: `it's "$HOME" and \`id\``, body: 'first\nsecond', tags: ['a']});
      expect(answers[3]!.body).toBe(refused.text);
      // The binary body arrived byte for byte: the server's record of it is the same, and as long.
      const replayRecord = (await (
        await fetch(`${server.url}${answers[3]!.headers.get('recorded-request')!}`)
      ).json()) as {
        body: string;
        head: string;
      };
      expect(replayRecord.body).toBe(refusedRecord.body);
      expect(replayRecord.head).toMatch(new RegExp(`^content-length: ${bytes.length}$`, 'im'));

      // WebSocket: the echo answered the same messages, text and binary, in order.
      expect(sections[4]!.toString('utf8').split('\n').slice(0, -1)).toEqual(websocatLines(plain, '\n'));
      // With otw.json.v1 the echo is an envelope with the time it arrived: the same but for that time.
      const envelopes = sections[5]!.toString('utf8').split('\0').slice(0, -1);
      const recordedEnvelope = websocatLines(envelope, '\0');
      expect(envelopes).toHaveLength(recordedEnvelope.length);
      const withoutTime = (line: string) => {
        const {receivedAt: _receivedAt, ...rest} = JSON.parse(line.slice(WEBSOCAT_TEXT_PREFIX.length)) as {
          receivedAt: number;
        };
        return rest;
      };
      expect(envelopes.map(withoutTime)).toEqual(recordedEnvelope.map(withoutTime));
      expect(withoutTime(envelopes[0]!)).toEqual({type: 'echo', binary: false, size: 9, data: 'two\nlines'});
    },
  );
});
