/**
 * What the HTTP inspector costs the demo server: its CPU time per request for `GET /time`, pipelined 16 at a time
 * on 4 keep-alive connections, on connections the server does not read the bytes of (every connection but an
 * inspection's) and on connections it does (those of a client with an inspection waiting: the socket is read in
 * JavaScript and every byte goes through the inspector's framer). CPU time is the server's own, measured in its
 * process (the fuzzer's harness, tests/fuzz/harness.ts, on loopback), so other work on the machine moves it less
 * than it moves requests per second.
 *
 *   npm run bench:http-inspect -- [--requests 40000] [--runs 3]
 *
 * A benchmark, not a test. To measure a version before the inspector, check it out beside this one and copy
 * tests/fuzz and this script into it (they only start its server); its "read" rows then measure nothing new.
 */
import {connect, type Socket} from 'node:net';
import {parseArgs} from 'node:util';
import {ServerUnderFuzz} from '../tests/fuzz/harness.ts';

const {values} = parseArgs({
  options: {requests: {type: 'string', default: '40000'}, runs: {type: 'string', default: '3'}},
});
const requests = Number(values.requests);
const runs = Number(values.runs);
const BATCH = 16;
const CONNECTIONS = 4;
const REQUEST = Buffer.from('GET /time HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
const CREATE = Buffer.from('POST /http/inspect/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n');

/** A raw connection that counts whole Content-Length responses as they arrive. */
async function open(port: number): Promise<{socket: Socket; answers: (count: number) => Promise<void>}> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let pending = '';
  const answers = (count: number) =>
    new Promise<void>((resolve) => {
      let seen = 0;
      const onData = (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        for (;;) {
          const end = pending.indexOf('\r\n\r\n');
          if (end === -1) break;
          const length = Number(/content-length: (\d+)/i.exec(pending.slice(0, end))?.[1] ?? 0);
          if (pending.length < end + 4 + length) break;
          pending = pending.slice(end + 4 + length);
          seen += 1;
        }
        if (seen >= count) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
    });
  return {socket, answers};
}

const server = await ServerUnderFuzz.start();
const rows: string[] = [];
for (let run = 1; run <= runs; run++) {
  for (const read of [false, true]) {
    const connections = await Promise.all(Array.from({length: CONNECTIONS}, () => open(server.port)));
    if (read) {
      // An inspection made on each connection, never answered: the server reads all of its bytes from then on.
      await Promise.all(
        connections.map(async ({socket, answers}) => {
          const answered = answers(1);
          socket.write(CREATE);
          await answered;
        }),
      );
    }
    await server.reset();
    let sent = 0;
    await Promise.all(
      connections.map(async ({socket, answers}) => {
        while (sent < requests) {
          sent += BATCH;
          const answered = answers(BATCH);
          socket.write(Buffer.concat(Array.from({length: BATCH}, () => REQUEST)));
          await answered;
        }
      }),
    );
    const probe = await server.read();
    if (probe === null) throw new Error(`The server died: ${server.death}`);
    for (const {socket} of connections) socket.destroy();
    rows.push(
      `run ${run}, ${read ? 'connections read by the inspector' : 'connections not read'}: ${((probe.cpuMs * 1000) / sent).toFixed(1)} µs of server CPU per request (${sent} requests)`,
    );
    console.log(rows.at(-1));
  }
}
await server.stop();
