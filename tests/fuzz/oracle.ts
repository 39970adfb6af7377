/**
 * What the fuzzer counts as wrong in an answer. Whatever the input, the
 * server must answer with the documented kind of refusal (problem details,
 * or a close code RFC 6455 defines for the case), and must never answer with
 * a failure of its own (a 500, or a close 1011 saying it failed).
 */
import type {Exchange, HttpAnswer, WsSession} from './wire.ts';

/** Close codes a server may send for a client's bad input or its bounds (RFC 6455 §7.4.1, and this server's 4000/4410). */
const SERVER_CLOSE_CODES = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 4000, 4410]);
/** The reason the server gives when one of its own handlers failed (ws/upgrade.ts). */
const SERVER_FAILURE = /^The server failed/;

/** Problems with one HTTP answer: a failure of the server's own, or a refusal that is not problem details. */
export function checkAnswer(answer: HttpAnswer, method: string): string[] {
  const problems: string[] = [];
  const {status} = answer;
  if (status >= 500 && status !== 503)
    problems.push(`answered ${status}: ${answer.body.toString('utf8').slice(0, 300)}`);
  if (status >= 400) {
    const type = answer.headers['content-type'] ?? '';
    if (!type.startsWith('application/problem+json')) {
      problems.push(`a ${status} that is not problem details (Content-Type: ${type || 'none'})`);
    } else if (method !== 'HEAD' && !answer.cut) {
      try {
        const problem = JSON.parse(answer.body.toString('utf8')) as {status?: unknown; detail?: unknown};
        if (problem.status !== status || typeof problem.detail !== 'string') {
          problems.push(
            `a ${status} whose problem details do not match it: ${answer.body.toString('utf8').slice(0, 200)}`,
          );
        }
      } catch {
        problems.push(`a ${status} whose body is not JSON: ${answer.body.toString('latin1').slice(0, 200)}`);
      }
    }
  }
  return problems;
}

/**
 * Problems with a whole exchange: no answer at all though the connection was
 * given every chance, or a bad answer. `stream` marks a request whose answer
 * never ends (SSE): its head is enough.
 */
export function checkExchange(exchange: Exchange, method: string): string[] {
  if (exchange.answers.length === 0) {
    if (exchange.timedOut) return [`no answer within ${exchange.elapsedMs} ms`];
    return [`the connection closed without an answer (${exchange.error ?? 'no error'})`];
  }
  // The first final answer is the input's own (after any 1xx); later ones answer pipelined leftovers.
  const first = exchange.answers.findIndex((answer) => answer.status >= 200);
  return exchange.answers.flatMap((answer, index) => checkAnswer(answer, index === first ? method : 'GET'));
}

/**
 * Problems with a WebSocket session: a refusal that is not problem details,
 * or a close that says the server failed or uses a code it has no reason to.
 * `sent` is what the client wrote after the handshake (its close codes may be echoed).
 */
export function checkSession(session: WsSession, sent: readonly string[]): string[] {
  if (session.handshake === null) {
    return session.timedOut
      ? ['no answer to the handshake']
      : [`closed without answering the handshake (${session.error ?? ''})`];
  }
  if (session.handshake.status !== 101) return checkAnswer(session.handshake, 'GET');
  const problems: string[] = [];
  if (session.closeCode !== null) {
    if (SERVER_FAILURE.test(session.closeReason)) {
      problems.push(`closed ${session.closeCode} "${session.closeReason}"`);
    } else if (!SERVER_CLOSE_CODES.has(session.closeCode) && !clientCloseCodes(sent).includes(session.closeCode)) {
      problems.push(
        `closed with ${session.closeCode} "${session.closeReason}", a code the server has no reason to send`,
      );
    }
  }
  return problems;
}

/**
 * The close codes in the client's own close frames, and those its `/ws/inspect`
 * close commands asked for: ws answers a close with the same code (RFC 6455
 * §5.5.1 allows it), and the command closes with the code it names.
 */
export function clientCloseCodes(sent: readonly string[]): number[] {
  const bytes = Buffer.from(sent.join(''), 'latin1');
  const codes: number[] = [];
  for (let offset = 0; offset + 2 <= bytes.length;) {
    const opcode = (bytes[offset] ?? 0) & 0x0f;
    const masked = ((bytes[offset + 1] ?? 0) & 0x80) !== 0;
    let length = (bytes[offset + 1] ?? 0) & 0x7f;
    let head = 2;
    if (length === 126 && offset + 4 <= bytes.length) [length, head] = [bytes.readUInt16BE(offset + 2), 4];
    else if (length === 127 && offset + 10 <= bytes.length)
      [length, head] = [Number(bytes.readBigUInt64BE(offset + 2)), 10];
    const keyAt = offset + head;
    if (masked) head += 4;
    if (offset + head + length > bytes.length) break;
    const payload = Buffer.from(bytes.subarray(offset + head, offset + head + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (bytes[keyAt + (i % 4)] ?? 0);
    if (opcode === 0x8 && payload.length >= 2) codes.push(payload.readUInt16BE(0));
    const command =
      /"command"\s*:\s*"close"[^]*?"code"\s*:\s*(\d+)|"code"\s*:\s*(\d+)[^]*?"command"\s*:\s*"close"/.exec(
        payload.toString('utf8'),
      );
    if (opcode === 0x1 && command) codes.push(Number(command[1] ?? command[2]));
    offset += head + length;
  }
  return codes;
}
