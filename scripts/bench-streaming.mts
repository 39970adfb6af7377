/**
 * Benchmark (not a test): the figures "Streaming a response as model APIs do" (docs/http/streaming-responses.mdx)
 * states, written to docs/http/_streaming-responses.json, whose strings the article puts in its sentences.
 *
 *   npm run bench:streaming              (5 runs in Chromium)
 *   npm run bench:streaming -- --runs 9 --port 8871   (the demo server's port, 8871 unless given)
 *
 * Starts the demo server in this process and measures, on loopback:
 * - bytes on the wire for the default number of tokens, counted on the client's socket: the streamed response to
 *   the POST (head, chunk sizes, events), and the same token payloads as WebSocket text frames from a `ws` server
 *   started here (no compression), the opening handshake counted apart;
 * - in Chromium (CHROMIUM_PATH, else /usr/bin/chromium), from a page of the server's own origin: how many chunks
 *   `response.body.getReader()` gave the page against the server's writes, what `EventSource` dispatched, and the
 *   time to the first and last token straight and through the proxy in the path with a 4 KiB buffer;
 * - in Chromium, a reader that aborts after its fifth chunk: the bytes the server says it wrote by then.
 */
import {once} from 'node:events';
import {writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {connect} from 'node:net';
import {cpus} from 'node:os';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromium} from '@playwright/test';
import {format, resolveConfig} from 'prettier';
import {WebSocketServer} from 'ws';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {viaProxyPath} from '../demo-server/src/contract/proxy.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {STREAM_LIMITS} from '../demo-server/src/limits.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {planStream, tokensOf, passageFor} from '../demo-server/src/routes/streamedResponse.ts';
import {startServer} from '../demo-server/src/server.ts';
import {loadRange, sampleLoadAverage} from './bench-run.mts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';

const out = fileURLToPath(new URL('../docs/http/_streaming-responses.json', import.meta.url));
const {values} = parseArgs({options: {runs: {type: 'string', default: '5'}, port: {type: 'string', default: '8871'}}});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const loadSampler = sampleLoadAverage();

const PROMPT = 'Why does a long answer appear word by word?';
const TOKENS = STREAM_LIMITS.defaultTokens;
const BUFFER = {buffer: 4096, flushMs: 10_000};

// The page is one of the server's own (its /health), and Chromium names its origin even on a same-origin POST.
const config = loadConfig({PORT: values.port, HOST: '127.0.0.1', ALLOWED_ORIGINS: `http://127.0.0.1:${values.port}`});
const server = await startServer(config, {logger: silentLogger});
const {port} = new URL(server.url);

/** Sends `request` on a fresh TCP connection and counts what comes back until the server closes it. */
async function rawBytes(request: string): Promise<Buffer> {
  const socket = connect(Number(port), '127.0.0.1');
  await once(socket, 'connect');
  socket.write(request);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await once(socket, 'close');
  return Buffer.concat(chunks);
}

// 1. The streamed response on the wire.
const body = JSON.stringify({prompt: PROMPT, maxTokens: TOKENS});
const requestText = `POST ${ENDPOINTS.streamedResponse} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
const response = await rawBytes(requestText);
const headBytes = response.indexOf('\r\n\r\n') + 4;
const plan = planStream(PROMPT, TOKENS);
const eventBytes = plan.bodyBytes;
const framingBytes = response.length - headBytes - eventBytes;

// 2. The same tokens as WebSocket messages: the payloads the events carry, one text frame each, and the done event's.
const tokens = tokensOf(passageFor(PROMPT)).slice(0, TOKENS);
const payloads = [
  ...tokens.map((token, i) => JSON.stringify({index: i + 1, token})),
  JSON.stringify({tokens: TOKENS, bodyBytes: plan.bodyBytes, reason: plan.reason}),
];
const wsHttp = createServer();
const wss = new WebSocketServer({server: wsHttp, perMessageDeflate: false});
wss.on('connection', (socket) => {
  for (const payload of payloads) socket.send(payload);
  socket.close(1000);
});
wsHttp.listen(0, '127.0.0.1');
await once(wsHttp, 'listening');
const wsPort = (wsHttp.address() as {port: number}).port;
/** A raw TCP client: the 101's head, then the server's frames (unmasked), counted to the byte up to its close frame. */
const wsCounts = await new Promise<{handshake: number; frames: number; messages: number}>((resolve, reject) => {
  const socket = connect(wsPort, '127.0.0.1', () => {
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${wsPort}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const handshake = received.indexOf('\r\n\r\n') + 4;
    if (handshake < 4) return;
    let at = handshake;
    let messages = 0;
    while (at + 2 <= received.length) {
      const opcode = (received[at] ?? 0) & 0x0f;
      const short = (received[at + 1] ?? 0) & 0x7f;
      const header = short === 126 ? 4 : short === 127 ? 10 : 2;
      const length =
        short === 126
          ? received.readUInt16BE(at + 2)
          : short === 127
            ? Number(received.readBigUInt64BE(at + 2))
            : short;
      if (at + header + length > received.length) return;
      if (opcode === 0x8) {
        socket.destroy();
        resolve({handshake, frames: at - handshake, messages});
        return;
      }
      messages += 1;
      at += header + length;
    }
  });
  socket.on('error', reject);
});
wss.close();
wsHttp.close();

// 3. Chromium.
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
const browserVersion = `Chromium ${browser.version()}`;
const page = await browser.newPage();
await page.goto(`${server.url}${ENDPOINTS.health}`);

interface FetchRun {
  chunks: number;
  bytes: number;
  firstChunkMs: number;
  lastChunkMs: number;
}
const readStream = (path: string) =>
  page.evaluate(
    async ({path, body}): Promise<FetchRun> => {
      const sent = performance.now();
      const response = await fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let chunks = 0;
      let bytes = 0;
      let firstChunkMs = 0;
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        if (chunks === 0) firstChunkMs = performance.now() - sent;
        chunks += 1;
        bytes += value.length;
      }
      return {chunks, bytes, firstChunkMs, lastChunkMs: performance.now() - sent};
    },
    {path, body},
  );
const eventSourceRun = () =>
  page.evaluate(
    async ({path}) =>
      new Promise<{messages: number; done: number}>((resolve) => {
        const source = new EventSource(path);
        let messages = 0;
        source.onmessage = () => (messages += 1);
        source.addEventListener('done', () => {
          source.close();
          resolve({messages, done: 1});
        });
      }),
    {
      path: `${ENDPOINTS.streamedResponse}?${new URLSearchParams({prompt: PROMPT, maxTokens: String(TOKENS)}).toString()}`,
    },
  );
const abortRun = () =>
  page.evaluate(
    async ({path, body}) => {
      const controller = new AbortController();
      const attempt = `bench${Math.random().toString(36).slice(2, 12)}`;
      const response = await fetch(`${path}?attempt=${attempt}`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body,
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let bytes = 0;
      for (let chunks = 0; chunks < 5; chunks += 1) bytes += (await reader.read()).value?.length ?? 0;
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const record = (await (await fetch(`/attempts/${attempt}`)).json()) as {notes: {text: string}[]};
      return {bytes, note: record.notes.map((note) => note.text).join(' | ')};
    },
    {path: ENDPOINTS.streamedResponse, body: JSON.stringify({prompt: PROMPT, maxTokens: STREAM_LIMITS.maxTokens})},
  );

const straight: FetchRun[] = [];
const buffered: FetchRun[] = [];
const eventSource: {messages: number; done: number}[] = [];
const aborted: {bytes: number; serverBytes: number; serverWrites: number}[] = [];
for (let run = 0; run < runs; run += 1) {
  straight.push(await readStream(ENDPOINTS.streamedResponse));
  buffered.push(await readStream(viaProxyPath(BUFFER, ENDPOINTS.streamedResponse)));
  eventSource.push(await eventSourceRun());
  const {bytes, note} = await abortRun();
  const figures = /(\d+) of \d+ writes made, (\d+) of \d+ body bytes/.exec(note);
  if (figures === null) throw new Error(`The server noted no close: ${note}`);
  aborted.push({bytes, serverWrites: Number(figures[1]), serverBytes: Number(figures[2])});
}
await browser.close();
await server.shutdown();

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const range = (numbers: number[], unit = '') => {
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  return low === high ? `${low}${unit}` : `${low} to ${high}${unit}`;
};
const ms = (value: number) => `${Math.round(value)} ms`;
const perToken = (bytes: number) => (bytes / TOKENS).toFixed(1);

const chunkCounts = straight.map((run) => run.chunks);
const chunkSentence = chunkCounts.every((count) => count === plan.writes.length)
  ? 'one chunk per write in every run, so every cut the server made reached the page'
  : 'in some runs, two writes reached the page together, and the reader handed them over as one chunk';
const bufferedCounts = buffered.map((run) => run.chunks);
const bufferedSentence = bufferedCounts.every((count) => count === 1)
  ? 'in one chunk: the whole answer at once, once the server had ended it'
  : `in ${range(bufferedCounts)} chunks, each a lump the proxy had held`;
const abortSentence = aborted.every((run) => run.serverBytes === run.bytes)
  ? 'exactly what the page had received: it noticed the close before its next write'
  : `${range(
      aborted.map((run) => run.serverBytes - run.bytes),
      ' bytes',
    )} more than the page had read before it noticed the close`;

const load = loadSampler.stop();
const measured = {
  date: new Date().toISOString().slice(0, 10),
  command: `npm run bench:streaming${runs === 5 ? '' : ` -- --runs ${runs}`}`,
  browserVersion,
  cpuCores: cpus().length,
  loadAverage: loadRange(load),
  runs,
  tokens: TOKENS,
  writes: plan.writes.length,
  writeIntervalMs: STREAM_LIMITS.writeIntervalMs,
  sse: {
    headBytes,
    eventBytes,
    framingBytes,
    totalBytes: response.length,
    bytesPerToken: perToken(response.length - headBytes),
    eventBytesPerToken: perToken(eventBytes),
    /** Bytes after the head, against the WebSocket's frames after its handshake. */
    moreThanWebSocket: response.length - headBytes - wsCounts.frames,
  },
  webSocket: {
    handshakeBytes: wsCounts.handshake,
    frameBytes: wsCounts.frames,
    messages: wsCounts.messages,
    bytesPerToken: perToken(wsCounts.frames),
  },
  chromium: {
    chunks: range(straight.map((run) => run.chunks)),
    firstToken: ms(median(straight.map((run) => run.firstChunkMs))),
    lastToken: ms(median(straight.map((run) => run.lastChunkMs))),
    bufferedChunks: range(buffered.map((run) => run.chunks)),
    bufferedFirstToken: ms(median(buffered.map((run) => run.firstChunkMs))),
    bufferedLastToken: ms(median(buffered.map((run) => run.lastChunkMs))),
    eventSourceMessages: range(eventSource.map((run) => run.messages)),
    abortPageBytes: range(
      aborted.map((run) => run.bytes),
      ' bytes',
    ),
    abortServerBytes: range(
      aborted.map((run) => run.serverBytes),
      ' bytes',
    ),
    abortServerWrites: range(aborted.map((run) => run.serverWrites)),
    chunkSentence,
    bufferedSentence,
    abortSentence,
  },
};
const prettier = await resolveConfig(out);
await writeFile(out, await format(JSON.stringify(measured), {...prettier, parser: 'json', filepath: out}));
process.stdout.write(`${JSON.stringify(measured, null, 2)}\nWrote ${out}\n`);
