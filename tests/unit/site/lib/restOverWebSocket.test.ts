/** The browser side of REST over WebSocket: frame sizes, matching answers by id, and the comparison text. */
import {describe, expect, it} from 'vitest';
import {
  compareTotals,
  frameBytes,
  RestSocketClient,
  totalsOf,
  utf8Length,
} from '../../../../src/lib/restOverWebSocket.ts';
import type {RestChangedPush, RestHelloMessage} from '../../../../demo-server/src/contract/restWebSocket.ts';

/** Enough of a browser WebSocket for the client: readyState and send. */
class FakeSocket {
  readyState: number = WebSocket.OPEN;
  readonly sent: string[] = [];
  send(text: string): void {
    this.sent.push(text);
  }
}

function connected() {
  const pushes: RestChangedPush[] = [];
  const hellos: RestHelloMessage[] = [];
  const client = new RestSocketClient({onPush: (p) => pushes.push(p), onHello: (h) => hellos.push(h)});
  const socket = new FakeSocket();
  client.attach(socket as unknown as WebSocket);
  return {client, socket, pushes, hellos};
}

describe('frameBytes (RFC 6455 §5.2)', () => {
  it('adds the 2-, 4- or 10-byte header, and the 4-byte mask for the browser’s frames', () => {
    expect(frameBytes(0, false)).toBe(2);
    expect(frameBytes(125, false)).toBe(127);
    expect(frameBytes(126, false)).toBe(130);
    expect(frameBytes(65_535, false)).toBe(65_539);
    expect(frameBytes(65_536, false)).toBe(65_546);
    expect(frameBytes(125, true)).toBe(131);
    expect(frameBytes(200, true)).toBe(208);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('–')).toBe(3);
  });
});

describe('RestSocketClient', () => {
  it('matches answers to requests by id, in whatever order they come', async () => {
    const {client, socket} = connected();
    const first = client.request({method: 'GET', path: '/api'});
    const second = client.request({method: 'DELETE', path: '/api/sandboxes/x'});
    const [a, b] = socket.sent.map((text) => JSON.parse(text) as {id: string});
    expect(a?.id).not.toBe(b?.id);
    const secondAnswer = JSON.stringify({id: b?.id, status: 204, headers: {}, body: null});
    client.receive(secondAnswer);
    client.receive(JSON.stringify({id: a?.id, status: 200, headers: {ETag: '"x"'}, body: {name: 'root'}}));
    const [one, two] = await Promise.all([first, second]);
    expect(one).toMatchObject({method: 'GET', path: '/api', status: 200, body: {name: 'root'}});
    expect(two).toMatchObject({method: 'DELETE', status: 204, body: null});
    // Bytes: the browser's frame is masked; the server's is not.
    expect(one.bytesUp).toBe(frameBytes(utf8Length(socket.sent[0] ?? ''), true));
    expect(two.bytesDown).toBe(frameBytes(utf8Length(secondAnswer), false));
  });

  it('hands pushes and the hello to their callbacks, and ignores what it cannot read', () => {
    const {client, pushes, hellos} = connected();
    client.receive(JSON.stringify({type: 'changed', path: '/api/sandboxes/s/notes/1', etag: null}));
    client.receive(JSON.stringify({type: 'hello', handshake: {requestBytes: 400, responseBytes: 129}}));
    client.receive('not json');
    client.receive(JSON.stringify({id: 'unknown', status: 200, headers: {}, body: null}));
    expect(pushes).toEqual([{type: 'changed', path: '/api/sandboxes/s/notes/1', etag: null}]);
    expect(hellos).toEqual([{type: 'hello', handshake: {requestBytes: 400, responseBytes: 129}}]);
  });

  it('fails requests still waiting when the connection is replaced, and refuses to send when closed', async () => {
    const {client, socket} = connected();
    const waiting = client.request({method: 'GET', path: '/api'});
    client.attach(new FakeSocket() as unknown as WebSocket);
    await expect(waiting).rejects.toThrow(/replaced/);
    socket.readyState = WebSocket.CLOSED;
    client.attach(socket as unknown as WebSocket);
    await expect(client.request({method: 'GET', path: '/api'})).rejects.toThrow(/Not connected/);
  });
});

describe('compareTotals', () => {
  const row = (bytesUp: number, bytesDown: number) => ({
    method: 'GET',
    path: '/api',
    status: 200,
    headers: {},
    body: null,
    bytesUp,
    bytesDown,
    ms: 1,
  });

  it('says how many times the bytes differ and when the handshake is repaid, from the figures', () => {
    const http = totalsOf([row(600, 900), row(600, 900)]);
    const ws = totalsOf([row(100, 400), row(100, 400)]);
    expect(compareTotals(http, ws, 600)).toBe(
      'The same 2 requests moved 3000 bytes over HTTP and 1000 over the WebSocket: 3.0 times as many over HTTP. ' +
        "The WebSocket's opening handshake cost 600 bytes once; at 1000 bytes saved per request it is repaid after 1 request.",
    );
    expect(compareTotals(http, ws, 2500)).toMatch(/repaid after 3 requests\.$/);
  });

  it('says nothing until both columns have figures', () => {
    expect(compareTotals(totalsOf([]), totalsOf([row(1, 1)]), null)).toBeNull();
  });
});
