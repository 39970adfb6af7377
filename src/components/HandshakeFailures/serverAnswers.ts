import {statusOf} from '../../lib/attempts.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';

/** What the server answered, in words, for a screen reader: "the server answered 101 Switching Protocols, then 429 …". */
export function serverAnswers(server: ServerSawState): string {
  if (server.kind !== 'record') return server.kind === 'none' ? 'the server kept nothing' : '';
  const lines = server.record.exchanges.map((exchange) => {
    const status = statusOf(exchange.response);
    return status === null ? 'no answer' : (exchange.response?.split('\r\n')[0]?.replace(/^HTTP\/\S+ /, '') ?? '');
  });
  return lines.length === 0 ? 'no request reached the server' : `the server answered ${lines.join(', then ')}`;
}
