/**
 * What a close code means (RFC 6455 §7.4.1, §7.4.2), in a sentence a reader
 * can use, for every demo that shows a CloseEvent.
 */
import {CLOSE_CODES} from '../../demo-server/src/contract/websocket.ts';

const MEANINGS: Record<number, string> = {
  [CLOSE_CODES.normal]: 'normal closure: the purpose of the connection was fulfilled',
  [CLOSE_CODES.goingAway]: 'going away: the server is shutting down, or a browser is leaving the page',
  [CLOSE_CODES.protocolError]: 'protocol error: the other side broke the framing rules',
  [CLOSE_CODES.unsupportedData]: 'unsupported data: a kind of message the endpoint cannot accept',
  [CLOSE_CODES.noStatusReceived]:
    'no status received: the close frame carried no code. 1005 is never sent on the wire; the browser reports it',
  [CLOSE_CODES.abnormalClosure]:
    'abnormal closure: the connection ended without a closing handshake (or never opened). 1006 is never sent on the wire; the browser reports it',
  [CLOSE_CODES.invalidPayload]: 'invalid payload: for example a text message that is not valid UTF-8',
  [CLOSE_CODES.policyViolation]: 'policy violation: the message broke a rule of the endpoint',
  [CLOSE_CODES.messageTooBig]: 'message too big: larger than the endpoint accepts',
  [CLOSE_CODES.mandatoryExtension]: 'a required extension was not negotiated',
  [CLOSE_CODES.internalError]: 'internal error: the server hit a condition it could not handle',
  [CLOSE_CODES.tryAgainLater]: 'try again later: the server is overloaded',
  [CLOSE_CODES.idleTimeout]: 'idle timeout (this server’s private code): nothing was sent for too long',
  [CLOSE_CODES.eventsTooOld]:
    'events missed (this server’s private code): the events asked for are older than the server keeps',
};

export function closeCodeMeaning(code: number): string {
  const known = MEANINGS[code];
  if (known) return known;
  if (code >= 3000 && code <= 3999) return 'registered for libraries, frameworks and applications (3000–3999)';
  if (code >= 4000 && code <= 4999) return 'private use: its meaning is agreed between the two ends (4000–4999)';
  return 'not a defined close code';
}
