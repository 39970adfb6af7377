/**
 * Frame reports on /ws/inspect (issue #4), and how the server answers
 * crafted frames, with the hand-written RFC 6455 client so every byte is ours.
 */
import {randomBytes} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  parseInspectMessage,
  type FrameReport,
  type InspectServerMessage,
} from '../../demo-server/src/contract/inspect.ts';
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';
import {MESSAGE_LIMITS} from '../../demo-server/src/limits.ts';
import {DEFAULT_LIMITS} from '../../demo-server/src/limits.ts';
import type {DemoServer} from '../../demo-server/src/server.ts';
import {
  decodeFrame,
  encodeFrame,
  newKey,
  OPCODES,
  rawHandshake,
  standardHeaders,
  type RawConnection,
} from './support/rfc6455Client.ts';
import {startTestServer} from './support/server.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.shutdown());

async function open(path: string): Promise<RawConnection> {
  const {response, connection} = await rawHandshake(server.port, {
    path,
    headers: standardHeaders(server.port, newKey()),
  });
  expect(response.status).toBe(101);
  return connection!;
}

/** Opens /ws/inspect and reads past the handshake report. */
async function openInspector(): Promise<RawConnection> {
  const connection = await open('/ws/inspect');
  expect((await nextMessage(connection))?.type).toBe('handshake');
  return connection;
}

/** The next message the inspector sends, parsed (text frames only; pings skipped). */
async function nextMessage(connection: RawConnection): Promise<InspectServerMessage | null> {
  const frame = await connection.nextDataFrame();
  if (frame?.opcode !== OPCODES.text) return null;
  return parseInspectMessage(frame.payload.toString('utf8'));
}

async function nextReport(connection: RawConnection): Promise<FrameReport> {
  const message = await nextMessage(connection);
  if (message?.type !== 'frame')
    throw new Error(`expected a frame report, got ${JSON.stringify(message).slice(0, 120)}`);
  return message;
}

describe('frame reports on /ws/inspect', () => {
  it('reports the client frame byte for byte, then the echo, then the echo’s own frame — and nothing about the reports', async () => {
    const connection = await openInspector();
    const sent = connection.send(OPCODES.text, 'Hello');

    const clientFrame = await nextReport(connection);
    expect(clientFrame).toEqual({
      type: 'frame',
      direction: 'client-to-server',
      fin: true,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: OPCODES.text,
      masked: true,
      maskingKey: sent.subarray(2, 6).toString('hex'),
      payloadLength: 5,
      lengthForm: '7-bit',
      raw: sent.toString('base64'),
      payload: Buffer.from('Hello').toString('base64'),
      at: expect.any(Number),
    });

    const echo = await nextMessage(connection);
    expect(echo).toMatchObject({type: 'echo', data: 'Hello'});

    const serverFrame = await nextReport(connection);
    expect(serverFrame).toMatchObject({
      direction: 'server-to-client',
      opcode: OPCODES.text,
      masked: false,
      maskingKey: null,
    });
    // Its raw bytes are a whole unmasked frame carrying exactly the echo envelope.
    const decoded = decodeFrame(Buffer.from(serverFrame.raw, 'base64'));
    expect(decoded!.frame.payload.toString('utf8')).toBe(JSON.stringify(echo));
    expect(Buffer.from(serverFrame.payload, 'base64').toString('utf8')).toBe(JSON.stringify(echo));

    // Reports are not reported: the next thing on the wire answers the next thing we do.
    connection.send(OPCODES.ping, 'after');
    expect((await nextReport(connection)).opcode).toBe(OPCODES.ping);
    connection.destroy();
  });

  it.each([
    ['7-bit', 125],
    ['16-bit', 200],
    ['16-bit', 65_535],
    ['64-bit', 70_000],
  ] as const)('reports the %s length form for a %i-byte binary message', async (lengthForm, size) => {
    const connection = await openInspector();
    const data = randomBytes(size);
    const sent = connection.send(OPCODES.binary, data);
    const report = await nextReport(connection);
    expect(report).toMatchObject({
      direction: 'client-to-server',
      opcode: OPCODES.binary,
      payloadLength: size,
      lengthForm,
    });
    expect(Buffer.from(report.raw, 'base64').equals(sent)).toBe(true);
    expect(Buffer.from(report.payload, 'base64').equals(data)).toBe(true);
    connection.destroy();
  });

  it('reports control frames both ways: the client’s ping and the server’s pong', async () => {
    const connection = await openInspector();
    connection.send(OPCODES.ping, 'rtt?');
    const reports: FrameReport[] = [];
    // The pong itself comes as a frame, not a message; its report follows it.
    for (;;) {
      const frame = await connection.nextDataFrame();
      if (frame?.opcode === OPCODES.pong) continue;
      const message = frame ? parseInspectMessage(frame.payload.toString('utf8')) : null;
      if (message?.type !== 'frame') throw new Error('expected frame reports');
      reports.push(message);
      if (reports.length === 2) break;
    }
    expect(reports.map((r) => [r.direction, r.opcode, Buffer.from(r.payload, 'base64').toString()])).toEqual([
      ['client-to-server', OPCODES.ping, 'rtt?'],
      ['server-to-client', OPCODES.pong, 'rtt?'],
    ]);
    connection.destroy();
  });

  it('reports a flood of tiny frames only up to the message rate, then closes 1008: 18,000 pings are not 18,000 reports', async () => {
    const connection = await openInspector();
    // 18,000 empty pings, 6 bytes each, in one write (108 KB): each report would be about 300 bytes.
    const written = performance.now();
    connection.write(Buffer.concat(Array.from({length: 18_000}, () => encodeFrame(OPCODES.ping, Buffer.alloc(0)))));
    let clientReports = 0;
    let received = 0;
    let close: Buffer | undefined;
    for (let frame = await connection.nextFrame(); frame !== null; frame = await connection.nextFrame()) {
      received += frame.payload.length;
      if (frame.opcode === OPCODES.close) {
        close = frame.payload;
        break;
      }
      if (frame.opcode !== OPCODES.text) continue;
      const message = parseInspectMessage(frame.payload.toString('utf8'));
      if (message?.type === 'frame' && message.direction === 'client-to-server') clientReports += 1;
    }
    expect(close?.readUInt16BE(0)).toBe(CLOSE_CODES.policyViolation);
    expect(close?.subarray(2).toString()).toBe(`Too many frames: at most ${DEFAULT_LIMITS.messagesPerSecond} a second`);
    // The burst of reports (twice the rate), plus the tokens refilled while the server worked through the flood: on
    // a loaded machine that can take a few hundred milliseconds.
    const refilled = Math.ceil((DEFAULT_LIMITS.messagesPerSecond * (performance.now() - written)) / 1000);
    expect(clientReports).toBeLessThanOrEqual(2 * DEFAULT_LIMITS.messagesPerSecond + refilled + 1);
    expect(received).toBeLessThan(200_000);
    connection.destroy();
  });

  it('reports each fragment of a fragmented message, a ping between them, then echoes the whole message', async () => {
    const connection = await openInspector();
    connection.send(OPCODES.text, 'frag', {fin: false});
    connection.send(OPCODES.ping, 'mid');
    connection.send(OPCODES.continuation, 'mented', {fin: true});
    const seen: string[] = [];
    while (!seen.includes('echo fragmented')) {
      const frame = await connection.nextDataFrame();
      if (frame?.opcode === OPCODES.pong) {
        seen.push('pong');
        continue;
      }
      const message = frame ? parseInspectMessage(frame.payload.toString('utf8')) : null;
      if (message?.type === 'frame' && message.direction === 'client-to-server') {
        seen.push(
          `${message.fin ? 'fin' : 'more'} ${message.opcode} ${Buffer.from(message.payload, 'base64').toString()}`,
        );
      } else if (message?.type === 'echo') {
        seen.push(`echo ${message.data}`);
      }
    }
    expect(seen.filter((entry) => entry !== 'pong')).toEqual([
      'more 1 frag',
      'fin 9 mid',
      'fin 0 mented',
      'echo fragmented',
    ]);
    connection.destroy();
  });

  it('reports a close from the client with its code and reason, then closes', async () => {
    const connection = await openInspector();
    connection.sendClose(CLOSE_CODES.normal, 'done here');
    const report = await nextReport(connection);
    const payload = Buffer.from(report.payload, 'base64');
    expect(report.opcode).toBe(OPCODES.close);
    expect(payload.readUInt16BE(0)).toBe(CLOSE_CODES.normal);
    expect(payload.subarray(2).toString()).toBe('done here');
    const close = await connection.nextDataFrame();
    expect(close?.opcode).toBe(OPCODES.close);
    await connection.ended;
  });

  it(`accepts ${MESSAGE_LIMITS.inspectMaxMessageBytes} bytes and closes with 1009 one byte past`, async () => {
    const connection = await openInspector();
    connection.send(OPCODES.binary, randomBytes(MESSAGE_LIMITS.inspectMaxMessageBytes));
    expect((await nextReport(connection)).payloadLength).toBe(MESSAGE_LIMITS.inspectMaxMessageBytes);
    expect((await nextMessage(connection))?.type).toBe('echo');
    expect((await nextReport(connection)).direction).toBe('server-to-client');

    connection.send(OPCODES.binary, randomBytes(MESSAGE_LIMITS.inspectMaxMessageBytes + 1));
    const close = await connection.nextDataFrame();
    expect(close?.opcode).toBe(OPCODES.close);
    expect(close?.payload.readUInt16BE(0)).toBe(CLOSE_CODES.messageTooBig);
    connection.destroy();
  });
});

describe('crafted frames the server must refuse (RFC 6455 §5, §7.4.1)', () => {
  async function closeCodeAfter(
    bytes: (connection: RawConnection) => void,
    path = '/ws/echo',
  ): Promise<number | undefined> {
    const connection = await open(path);
    bytes(connection);
    for (;;) {
      const frame = await connection.nextFrame();
      if (frame === null) return undefined;
      if (frame.opcode === OPCODES.close) {
        connection.destroy();
        return frame.payload.readUInt16BE(0);
      }
    }
  }

  it('an unmasked client frame → 1002', async () => {
    expect(await closeCodeAfter((c) => c.send(OPCODES.text, 'x', {mask: false}))).toBe(CLOSE_CODES.protocolError);
  });

  it('invalid UTF-8 in a text frame → 1007', async () => {
    expect(await closeCodeAfter((c) => c.send(OPCODES.text, Buffer.from([0xc3, 0x28])))).toBe(
      CLOSE_CODES.invalidPayload,
    );
  });

  it('a reserved opcode → 1002', async () => {
    expect(await closeCodeAfter((c) => c.send(0x3, 'x'))).toBe(CLOSE_CODES.protocolError);
  });

  it('an RSV bit without a negotiated extension → 1002', async () => {
    expect(await closeCodeAfter((c) => c.write(Buffer.from([0xc1, 0x80, 0, 0, 0, 0])))).toBe(CLOSE_CODES.protocolError);
  });

  it('the same on /ws/inspect, whose tap does not get in the way', async () => {
    expect(await closeCodeAfter((c) => c.send(OPCODES.text, Buffer.from([0xff])), '/ws/inspect')).toBe(
      CLOSE_CODES.invalidPayload,
    );
    expect(await closeCodeAfter((c) => c.send(0xb, ''), '/ws/inspect')).toBe(CLOSE_CODES.protocolError);
  });
});

describe('commands on /ws/inspect', () => {
  it('fragment: sends the text back as opcode 1 then continuation frames, FIN on the last, then reports each', async () => {
    const connection = await openInspector();
    const text = 'Fragmented, then reassembled ✓';
    connection.send(OPCODES.text, JSON.stringify({type: 'command', command: 'fragment', text, fragments: 3}));
    // The client's command frame is reported first.
    expect((await nextReport(connection)).direction).toBe('client-to-server');

    const fragments = [];
    for (let i = 0; i < 3; i++) fragments.push((await connection.nextDataFrame())!);
    expect(fragments.map((f) => [f.opcode, f.fin])).toEqual([
      [OPCODES.text, false],
      [OPCODES.continuation, false],
      [OPCODES.continuation, true],
    ]);
    expect(Buffer.concat(fragments.map((f) => f.payload)).toString('utf8')).toBe(text);

    // Only after the whole message: one report per fragment, in order, with the same bytes.
    const reports = [await nextReport(connection), await nextReport(connection), await nextReport(connection)];
    expect(reports.map((r) => [r.direction, r.opcode, r.fin])).toEqual([
      ['server-to-client', OPCODES.text, false],
      ['server-to-client', OPCODES.continuation, false],
      ['server-to-client', OPCODES.continuation, true],
    ]);
    expect(Buffer.concat(reports.map((r) => Buffer.from(r.payload, 'base64'))).toString('utf8')).toBe(text);
    connection.destroy();
  });

  it('close: the server closes with the code and reason asked for', async () => {
    for (const code of [CLOSE_CODES.goingAway, CLOSE_CODES.policyViolation, CLOSE_CODES.internalError]) {
      const connection = await openInspector();
      connection.send(OPCODES.text, JSON.stringify({type: 'command', command: 'close', code, reason: 'you asked'}));
      expect((await nextReport(connection)).direction).toBe('client-to-server');
      const close = await connection.nextDataFrame();
      expect(close?.opcode).toBe(OPCODES.close);
      expect(close?.payload.readUInt16BE(0)).toBe(code);
      expect(close?.payload.subarray(2).toString()).toBe('you asked');
      connection.destroy();
    }
  });

  it('answers a bad command with a command-error and stays open; other JSON is echoed', async () => {
    const connection = await openInspector();
    const bad = [
      {type: 'command', command: 'fragment', text: 'ab', fragments: 3},
      {type: 'command', command: 'fragment', text: 'abc', fragments: 99},
      {type: 'command', command: 'close', code: 1005},
      {type: 'command', command: 'explode'},
    ];
    for (const command of bad) {
      connection.send(OPCODES.text, JSON.stringify(command));
      await nextReport(connection);
      const answer = await nextMessage(connection);
      expect(answer, JSON.stringify(command)).toMatchObject({type: 'command-error', detail: expect.any(String)});
      await nextReport(connection);
    }
    connection.send(OPCODES.text, JSON.stringify({type: 'not-a-command'}));
    await nextReport(connection);
    expect(await nextMessage(connection)).toMatchObject({type: 'echo', data: '{"type":"not-a-command"}'});
    connection.destroy();
  });

  it('ping: the server pings now; the client’s pong is reported, timed on the server’s clock', async () => {
    const connection = await openInspector();
    connection.send(OPCODES.text, JSON.stringify({type: 'command', command: 'ping', payload: 'rtt-1'}));
    expect((await nextReport(connection)).direction).toBe('client-to-server');
    const ping = await connection.nextFrame();
    expect(ping?.opcode).toBe(OPCODES.ping);
    expect(ping?.payload.toString()).toBe('rtt-1');
    const pingReport = await nextReport(connection);
    expect(pingReport).toMatchObject({direction: 'server-to-client', opcode: OPCODES.ping});
    // Answer as a browser would (RFC 6455 §5.5.3): a pong with the same payload.
    connection.send(OPCODES.pong, ping!.payload);
    const pongReport = await nextReport(connection);
    expect(pongReport).toMatchObject({direction: 'client-to-server', opcode: OPCODES.pong});
    expect(Buffer.from(pongReport.payload, 'base64').toString()).toBe('rtt-1');
    expect(pongReport.at).toBeGreaterThanOrEqual(pingReport.at);
    connection.destroy();
  });

  it('stream: ticks keep coming while the client’s own messages are echoed in between (full duplex)', async () => {
    const connection = await openInspector();
    connection.send(OPCODES.text, JSON.stringify({type: 'command', command: 'stream', count: 6, intervalMs: 100}));
    const order: string[] = [];
    let sentMine = false;
    while (!order.includes('tick 6')) {
      const message = await nextMessage(connection);
      if (message?.type === 'tick') {
        order.push(`tick ${message.n}`);
        expect(message.of).toBe(6);
        if (message.n === 2 && !sentMine) {
          sentMine = true;
          connection.send(OPCODES.text, 'while you stream');
        }
      } else if (message?.type === 'echo') {
        order.push(`echo ${message.data}`);
      }
    }
    // The echo of a message sent mid-stream arrives between ticks, not after the stream.
    const echoAt = order.indexOf('echo while you stream');
    expect(echoAt).toBeGreaterThan(order.indexOf('tick 2'));
    expect(echoAt).toBeLessThan(order.indexOf('tick 6'));
    connection.destroy();
  });
});

describe('close-report', () => {
  it('a later connection of the same client gets both close frames of an earlier one', async () => {
    const first = await open('/ws/inspect');
    const report = await nextMessage(first);
    if (report?.type !== 'handshake') throw new Error('expected the handshake report');
    expect(report.connectionId).toMatch(/^[0-9a-f]{16}$/);
    const sentClose = first.send(OPCODES.close, Buffer.from([0x0f, 0xa1, ...Buffer.from('bye')]));
    await nextReport(first); // the report of our close frame, sent before the server's close
    expect((await first.nextDataFrame())?.opcode).toBe(OPCODES.close);
    await first.ended;

    const second = await openInspector();
    second.send(
      OPCODES.text,
      JSON.stringify({type: 'command', command: 'close-report', connectionId: report.connectionId}),
    );
    await nextReport(second);
    const answer = await nextMessage(second);
    if (answer?.type !== 'close-report') throw new Error(`expected a close report, got ${JSON.stringify(answer)}`);
    expect(answer.frames.map((frame) => [frame.direction, frame.opcode])).toEqual([
      ['client-to-server', OPCODES.close],
      ['server-to-client', OPCODES.close],
    ]);
    expect(Buffer.from(answer.frames[0]!.raw, 'base64').equals(sentClose)).toBe(true);
    const serverPayload = Buffer.from(answer.frames[1]!.payload, 'base64');
    expect(serverPayload.readUInt16BE(0)).toBe(4001);

    // Only once: asking again gets a command-error.
    second.send(
      OPCODES.text,
      JSON.stringify({type: 'command', command: 'close-report', connectionId: report.connectionId}),
    );
    // The reports of the frames in between come first.
    let again = await nextMessage(second);
    while (again?.type === 'frame') again = await nextMessage(second);
    expect(again).toMatchObject({type: 'command-error'});
    second.destroy();
  });
});
