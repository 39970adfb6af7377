/**
 * Benchmark (not a test): the figure "Redirects, seen from both sides" (docs/http/redirects.mdx) states of the
 * redirect loop, written to docs/http/_redirects.json, whose strings the article puts in its sentence.
 *
 *   npm run bench:redirects                 (the demo server on port 8883)
 *   npm run bench:redirects -- --port 8884
 *
 * Starts the demo server in this process and sends it, on a raw TCP connection, the request `curl` sends for
 * `/http/redirect/loop` without an attempt id, then counts the answer's head and body to the byte (as `curl -w '%{size_header} %{size_download}'`): what one hop
 * of a reader's loop costs the server.
 */
import {once} from 'node:events';
import {writeFile} from 'node:fs/promises';
import {connect} from 'node:net';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {format, resolveConfig} from 'prettier';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {REDIRECT_LOOP} from '../demo-server/src/contract/redirects.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';

const out = fileURLToPath(new URL('../docs/http/_redirects.json', import.meta.url));
const {values} = parseArgs({options: {port: {type: 'string', default: '8883'}}});

const server = await startServer(loadConfig({PORT: values.port, HOST: '127.0.0.1', METRICS_PORT: 'off'}), {
  logger: silentLogger,
});
const {port} = new URL(server.url);

// curl's own request line and fields (curl 8): the connection stays open, as curl leaves it, and says so in the head.
const socket = connect(Number(port), '127.0.0.1');
await once(socket, 'connect');
socket.write(
  `GET ${ENDPOINTS.httpRedirect}/${REDIRECT_LOOP} HTTP/1.1\r\nHost: localhost:${port}\r\nUser-Agent: curl/8.14.1\r\nAccept: */*\r\n\r\n`,
);
/** The answer, once its head and the `Content-Length` bytes of body after it have arrived. */
const answer = await new Promise<{head: Buffer; body: number}>((resolve, reject) => {
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const headBytes = received.indexOf('\r\n\r\n') + 4;
    if (headBytes < 4) return;
    const head = received.subarray(0, headBytes);
    const length = /\r\ncontent-length: *(\d+)\r\n/i.exec(head.toString('latin1'));
    if (length === null) reject(new Error(`The loop's answer has no Content-Length: ${head.toString('latin1')}`));
    else if (received.length >= headBytes + Number(length[1])) resolve({head, body: received.length - headBytes});
  });
  socket.on('error', reject);
});
socket.destroy();
await server.shutdown();

const status = answer.head.subarray(0, answer.head.indexOf('\r\n')).toString('latin1');
// The article says the loop answers 302 with its own URL.
if (!status.includes(' 302 ')) throw new Error(`The loop answered "${status}", not 302`);
const number = (value: number) => value.toLocaleString('en-US');
const measured = {
  date: new Date().toISOString().slice(0, 10),
  command: 'npm run bench:redirects',
  status,
  loopHop: {
    bytes: number(answer.head.length + answer.body),
    headBytes: number(answer.head.length),
    bodyBytes: number(answer.body),
  },
};
const prettier = await resolveConfig(out);
await writeFile(out, await format(JSON.stringify(measured), {...prettier, parser: 'json', filepath: out}));
process.stdout.write(`${JSON.stringify(measured, null, 2)}\nWrote ${out}\n`);
