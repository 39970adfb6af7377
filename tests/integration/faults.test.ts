/**
 * `/ws/faults` and the notes a connection opened as an attempt leaves, with a hand-written RFC 6455 client (so
 * that the bytes the server writes are seen as they are) and the `ws` library (a client that applies the RFC's
 * rules): each fault happens for real, on its own connection, and the server's record of it says what it did.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {AttemptRecord} from '../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../demo-server/src/contract/endpoints.ts';
import {
  FaultsServerMessage,
  HANDSHAKE_FAULTS,
  INVALID_UTF8_PAYLOAD,
  UNOFFERED_SUBPROTOCOL,
} from '../../demo-server/src/contract/faults.ts';
import {check, parseJson} from '../../demo-server/src/contract/schema.ts';
import {CLOSE_CODES, findHeader} from '../../demo-server/src/contract/websocket.ts';
import {FAULT_LIMITS, MESSAGE_LIMITS} from '../../demo-server/src/limits.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';
import {
  newKey,
  OPCODES,
  rawHandshake,
  standardHeaders,
  type Frame,
  type RawConnection,
} from './support/rfc6455Client.ts';
import {SITE_ORIGIN, testConfig} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  // Behind a proxy, as in production: X-Forwarded-For gives each test its own client address, so that the
  // per-client pools of one test do not reach into another's.
  server = await startServer({...testConfig(), trustProxy: true}, {logger: silentLogger});
});
afterAll(() => server.shutdown());

let counter = 0;
const newId = () => `faults-${process.pid}-${++counter}`;
let clientCounter = 0;
const newClient = () => `198.51.100.${++clientCounter}`;

function handshake(path: string, client: string, extra: [string, string][] = []) {
  return rawHandshake(server.port, {
    path,
    headers: standardHeaders(server.port, newKey(), [['Origin', SITE_ORIGIN], ['X-Forwarded-For', client], ...extra]),
  });
}

async function readAttempt(id: string, client: string): Promise<AttemptRecord> {
  const res = await fetch(`${server.url}${ENDPOINTS.attempts}/${id}`, {
    headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': client},
  });
  expect(res.status).toBe(200);
  const checked = check(AttemptRecord, await res.json());
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

/**
 * Reads the attempt once the server holds no WebSocket (its notes are written as a connection ends, and the
 * record is given once), and checks that its notes include one matching `pattern`.
 */
async function readAttemptWhen(id: string, client: string, pattern: RegExp): Promise<AttemptRecord> {
  for (let i = 0; i < 100; i += 1) {
    const health = (await (await fetch(`${server.url}${ENDPOINTS.health}`)).json()) as {connections: {total: number}};
    if (health.connections.total === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const record = await readAttempt(id, client);
  expect(record.notes.map((n) => n.text).join('\n')).toMatch(pattern);
  return record;
}

function message(frame: Frame | null): FaultsServerMessage | null {
  if (frame?.opcode !== OPCODES.text) return null;
  return parseJson(FaultsServerMessage, frame.payload.toString('utf8'));
}

describe('/ws/faults: the handshake', () => {
  it('refuses a fault or a pool it does not know, with 400 and the names it knows', async () => {
    const client = newClient();
    const {response} = await handshake(`${ENDPOINTS.faults}?fault=<script>`, client);
    expect(response.status).toBe(400);
    expect(response.body).toContain(HANDSHAKE_FAULTS.unofferedSubprotocol);
    const pool = await handshake(`${ENDPOINTS.faults}?pool=everyone`, client);
    expect(pool.response.status).toBe(400);
    expect(pool.response.body).toContain('connections, handshakes');
  });

  it('answers ?fault=unoffered-subprotocol with a 101 naming a subprotocol the client never offered', async () => {
    const client = newClient();
    const id = newId();
    const {response, connection} = await handshake(
      `${ENDPOINTS.faults}?fault=${HANDSHAKE_FAULTS.unofferedSubprotocol}&attempt=${id}`,
      client,
    );
    expect(response.status).toBe(101);
    expect(findHeader(response.headers, 'Sec-WebSocket-Protocol')).toBe(UNOFFERED_SUBPROTOCOL);
    connection?.destroy();
    const record = await readAttemptWhen(id, client, /no close frame/);
    expect(record.exchanges[0]?.response).toContain(`\r\nSec-WebSocket-Protocol: ${UNOFFERED_SUBPROTOCOL}`);
  });

  it('has a client that follows RFC 6455 §4.1 fail the connection on that answer', async () => {
    const error = await new Promise<Error>((resolve, reject) => {
      const ws = new WebSocket(
        `${server.url.replace('http', 'ws')}${ENDPOINTS.faults}?fault=${HANDSHAKE_FAULTS.unofferedSubprotocol}`,
        {headers: {Origin: SITE_ORIGIN, 'X-Forwarded-For': newClient()}},
      );
      ws.on('open', () => reject(new Error('opened')));
      ws.on('error', resolve);
    });
    expect(error.message).toMatch(/subprotocol/i);
  });

  it(`?pool=connections: ${FAULT_LIMITS.poolConnectionsPerClient} connections at once, then 429 with Retry-After`, async () => {
    const client = newClient();
    const path = `${ENDPOINTS.faults}?pool=connections`;
    const open: (RawConnection | null)[] = [];
    for (let i = 0; i < FAULT_LIMITS.poolConnectionsPerClient; i += 1) {
      const {response, connection} = await handshake(path, client);
      expect(response.status).toBe(101);
      open.push(connection);
    }
    const id = newId();
    const refused = await handshake(`${path}&attempt=${id}`, client);
    expect(refused.response.status).toBe(429);
    expect(Number(findHeader(refused.response.headers, 'Retry-After'))).toBeGreaterThan(0);
    expect(refused.response.body).toContain(`At most ${FAULT_LIMITS.poolConnectionsPerClient} WebSocket connections`);
    // Another client is not affected, nor the default pool of this one.
    const stranger = await handshake(path, newClient());
    expect(stranger.response.status).toBe(101);
    const ownDefault = await handshake(ENDPOINTS.faults, client);
    expect(ownDefault.response.status).toBe(101);
    open.push(stranger.connection, ownDefault.connection);
    const record = await readAttempt(id, client);
    expect(record.exchanges[0]?.response).toMatch(/^HTTP\/1\.1 429 Too Many Requests\r\n[^]*\r\nRetry-After: \d+/);
    // Closing one gives its place back.
    open[0]?.destroy();
    await open[0]?.ended;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await handshake(path, client);
    expect(again.response.status).toBe(101);
    for (const connection of [...open, again.connection]) connection?.destroy();
  });

  it(`?pool=handshakes: ${FAULT_LIMITS.poolHandshakesPerMinutePerClient} handshakes a minute, then 429 with Retry-After`, async () => {
    const client = newClient();
    const path = `${ENDPOINTS.faults}?pool=handshakes`;
    for (let i = 0; i < FAULT_LIMITS.poolHandshakesPerMinutePerClient; i += 1) {
      const {response, connection} = await handshake(path, client);
      expect(response.status).toBe(101);
      connection?.destroy();
    }
    const refused = await handshake(path, client);
    expect(refused.response.status).toBe(429);
    const retryAfter = Number(findHeader(refused.response.headers, 'Retry-After'));
    // A token comes back every 60 / 3 = 20 s.
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60 / FAULT_LIMITS.poolHandshakesPerMinutePerClient);
    expect(refused.response.body).toContain(
      `At most ${FAULT_LIMITS.poolHandshakesPerMinutePerClient} WebSocket handshakes per minute`,
    );
    // The server-wide budget every other demo shares was not spent by the refusal: echo still opens.
    const echo = await handshake(ENDPOINTS.echo, client);
    expect(echo.response.status).toBe(101);
    echo.connection?.destroy();
  });
});

describe('/ws/faults: commands on an open connection', () => {
  it('send-invalid-utf8: announces, then sends a text frame that is not UTF-8, and notes the client’s close', async () => {
    const client = newClient();
    const id = newId();
    const {connection} = await handshake(`${ENDPOINTS.faults}?attempt=${id}`, client);
    if (connection === null) throw new Error('not upgraded');
    connection.send(OPCODES.text, JSON.stringify({type: 'send-invalid-utf8'}));
    expect(message(await connection.nextDataFrame())).toMatchObject({type: 'fault', command: 'send-invalid-utf8'});
    const bad = await connection.nextDataFrame();
    expect(bad?.opcode).toBe(OPCODES.text);
    expect([...(bad?.payload ?? [])]).toEqual(INVALID_UTF8_PAYLOAD);
    // What RFC 6455 §8.1 and §7.4.1 have a client do: fail the connection, here with a close frame 1007.
    connection.sendClose(CLOSE_CODES.invalidPayload, 'invalid UTF-8');
    const reply = await connection.nextDataFrame();
    expect(reply?.opcode).toBe(OPCODES.close);
    expect(reply?.payload.readUInt16BE(0)).toBe(CLOSE_CODES.invalidPayload);
    await connection.ended;
    const record = await readAttemptWhen(id, client, /close frame had code 1007/);
    const notes = record.notes.map((n) => n.text);
    expect(notes[0]).toMatch(/48 69 c3 28, is not valid UTF-8/);
    expect(notes).toContain(
      `The server answers the client's close frame with its own: code 1007, reason "invalid UTF-8".`,
    );
  });

  it('drop-tcp: announces, then the TCP connection ends with no close frame', async () => {
    const client = newClient();
    const id = newId();
    const {connection} = await handshake(`${ENDPOINTS.faults}?attempt=${id}`, client);
    if (connection === null) throw new Error('not upgraded');
    connection.send(OPCODES.text, JSON.stringify({type: 'drop-tcp'}));
    expect(message(await connection.nextDataFrame())).toMatchObject({type: 'fault', command: 'drop-tcp'});
    // No close frame: the next thing is the end of the connection.
    expect(await connection.nextDataFrame()).toBeNull();
    const record = await readAttemptWhen(id, client, /without sending a close frame/);
    expect(record.notes.some((n) => /close frame: code/.test(n.text))).toBe(false);
  });

  it('answers a command it does not know, or bytes, with an error and stays open', async () => {
    const {connection} = await handshake(ENDPOINTS.faults, newClient());
    if (connection === null) throw new Error('not upgraded');
    connection.send(OPCODES.text, JSON.stringify({type: 'drop'}));
    const unknown = message(await connection.nextDataFrame());
    expect(unknown?.type).toBe('error');
    connection.send(OPCODES.text, 'not json');
    expect(message(await connection.nextDataFrame())).toMatchObject({type: 'error', message: /as JSON/});
    connection.send(OPCODES.binary, Buffer.from([1, 2, 3]));
    expect(message(await connection.nextDataFrame())).toMatchObject({type: 'error', message: /text message/});
    connection.sendClose(CLOSE_CODES.normal);
    expect((await connection.nextDataFrame())?.opcode).toBe(OPCODES.close);
    connection.destroy();
  });
});

describe('notes on any connection opened as an attempt', () => {
  it('/ws/echo: a message one byte over the bound is closed with 1009, and the note says so', async () => {
    const client = newClient();
    const id = newId();
    const {connection} = await handshake(`${ENDPOINTS.echo}?attempt=${id}`, client);
    if (connection === null) throw new Error('not upgraded');
    connection.send(OPCODES.binary, Buffer.alloc(MESSAGE_LIMITS.echoMaxMessageBytes + 1));
    const close = await connection.nextDataFrame();
    expect(close?.opcode).toBe(OPCODES.close);
    expect(close?.payload.readUInt16BE(0)).toBe(CLOSE_CODES.messageTooBig);
    connection.destroy();
    const record = await readAttemptWhen(id, client, /code 1009/);
    const notes = record.notes.map((n) => n.text).join('\n');
    expect(notes).toMatch(/The server sends a close frame: code 1009/);
    expect(notes).toMatch(/Max payload size exceeded/);
  });

  it('/ws/echo: a subprotocol it does not speak gets a 101 with none named', async () => {
    const client = newClient();
    const id = newId();
    const {response, connection} = await handshake(`${ENDPOINTS.echo}?attempt=${id}`, client, [
      ['Sec-WebSocket-Protocol', 'otw.xml.v1'],
    ]);
    expect(response.status).toBe(101);
    expect(findHeader(response.headers, 'Sec-WebSocket-Protocol')).toBeUndefined();
    connection?.destroy();
    const record = await readAttemptWhen(id, client, /no close frame read from the client/);
    expect(record.exchanges[0]?.request).toContain('\r\nSec-WebSocket-Protocol: otw.xml.v1');
  });
});
