/** Sec-WebSocket-Protocol on /ws/echo (RFC 6455 §1.9, §4.1, §4.2.2 item 5.5), with ws and Node's own WebSocket. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {parseInspectMessage} from '../../demo-server/src/contract/inspect.ts';
import {CLOSE_CODES, ECHO_SUBPROTOCOLS, findHeader} from '../../demo-server/src/contract/websocket.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {newKey, rawHandshake, standardHeaders} from './support/rfc6455Client.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer;
let url: string;
beforeAll(async () => {
  server = await startTestServer();
  url = `${server.url.replace('http', 'ws')}/ws/echo`;
});
afterAll(() => server.shutdown());

function open(protocols: string[]): Promise<WebSocket> {
  const socket = new WebSocket(url, protocols);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function next(socket: WebSocket): Promise<{text: string; isBinary: boolean}> {
  return new Promise((resolve) =>
    socket.once('message', (data, isBinary) => resolve({text: (data as Buffer).toString('utf8'), isBinary})),
  );
}

describe('subprotocol negotiation on /ws/echo', () => {
  it('picks the first offer it speaks, in the client’s order of preference', async () => {
    const a = await open(['mqtt', ECHO_SUBPROTOCOLS.text, ECHO_SUBPROTOCOLS.json]);
    expect(a.protocol).toBe(ECHO_SUBPROTOCOLS.text);
    a.close();
    const b = await open([ECHO_SUBPROTOCOLS.json, ECHO_SUBPROTOCOLS.text]);
    expect(b.protocol).toBe(ECHO_SUBPROTOCOLS.json);
    b.close();
  });

  it('answers with exactly one Sec-WebSocket-Protocol value, or none', async () => {
    const {response, connection} = await rawHandshake(server.port, {
      path: '/ws/echo',
      headers: standardHeaders(server.port, newKey(), [['Sec-WebSocket-Protocol', `x, ${ECHO_SUBPROTOCOLS.json}, y`]]),
    });
    expect(findHeader(response.headers, 'Sec-WebSocket-Protocol')).toBe(ECHO_SUBPROTOCOLS.json);
    connection!.destroy();
  });

  it('Node’s WebSocket gets the protocol too', async () => {
    const socket = new globalThis.WebSocket(url, [ECHO_SUBPROTOCOLS.json]);
    await new Promise((resolve) => socket.addEventListener('open', resolve, {once: true}));
    expect(socket.protocol).toBe(ECHO_SUBPROTOCOLS.json);
    socket.close();
  });
});

describe('what each subprotocol changes', () => {
  it('none: the same text back', async () => {
    const socket = await open([]);
    socket.send('plain');
    expect(await next(socket)).toEqual({text: 'plain', isBinary: false});
    socket.close();
  });

  it(`${ECHO_SUBPROTOCOLS.json}: a JSON envelope for text and for bytes`, async () => {
    const socket = await open([ECHO_SUBPROTOCOLS.json]);
    socket.send('hello');
    expect(parseInspectMessage((await next(socket)).text)).toMatchObject({
      type: 'echo',
      binary: false,
      size: 5,
      data: 'hello',
    });
    socket.send(Buffer.from([1, 2, 3]));
    const answer = await next(socket);
    expect(answer.isBinary).toBe(false);
    expect(parseInspectMessage(answer.text)).toMatchObject({type: 'echo', binary: true, size: 3, data: 'AQID'});
    socket.close();
  });

  it(`${ECHO_SUBPROTOCOLS.text}: text echoes, binary is refused with 1003`, async () => {
    const socket = await open([ECHO_SUBPROTOCOLS.text]);
    socket.send('words');
    expect(await next(socket)).toEqual({text: 'words', isBinary: false});
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(Buffer.from([0]));
    expect(await closed).toBe(CLOSE_CODES.unsupportedData);
  });
});
