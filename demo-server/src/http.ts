/**
 * Small helpers for writing HTTP answers: problem details (RFC 9457) and
 * refusals written straight onto a raw socket before any upgrade.
 */
import {STATUS_CODES, type ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import type {ProblemDetails} from './contract.ts';

/** The path of a request-target, without its query; origin-form and absolute-form alike. */
export function pathOf(requestTarget: string | undefined): string {
  try {
    return new URL(requestTarget ?? '/', 'http://demo-server.invalid').pathname;
  } catch {
    return requestTarget ?? '/';
  }
}

export function problem(status: number, detail: string): ProblemDetails {
  return {type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail};
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': `${contentType}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, problem(status, detail), headers, 'application/problem+json');
}

/** How long a refused handshake's socket may linger before it is destroyed. */
const REFUSAL_LINGER_MS = 5_000;

/**
 * Answers a WebSocket handshake that will not be upgraded, then closes the
 * connection. The body is plain text saying why, for people reading it in
 * curl or in the browser's network panel.
 */
export function refuseUpgrade(
  socket: Duplex,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  // A 426 names the protocol to upgrade to, and a sender of Upgrade lists it
  // in Connection too (RFC 9110 §15.5.22, §7.8).
  const connection = 'Upgrade' in headers ? 'Upgrade, close' : 'close';
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    `Connection: ${connection}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}
