/**
 * `/ws/echo`: a plain RFC 6455 echo server. Text comes back as the same text
 * (opcode 1), binary as the same bytes (opcode 2). Pings are answered with
 * pongs and close frames with close frames by `ws` itself (§5.5.2, §5.5.1).
 * The subprotocols in ECHO_SUBPROTOCOLS change what comes back.
 */
import {ENDPOINTS} from '../contract/endpoints.ts';
import {CLOSE_CODES, ECHO_SUBPROTOCOLS} from '../contract/websocket.ts';
import {echoEnvelope} from './echoEnvelope.ts';
import type {Endpoint} from './endpoint.ts';

export function echoEndpoint(maxPayload: number): Endpoint {
  return {
    path: ENDPOINTS.echo,
    maxPayload,
    subprotocols: [ECHO_SUBPROTOCOLS.json, ECHO_SUBPROTOCOLS.text],
    accept(ws, _handshake, {registry, receive}) {
      receive((bytes, isBinary) => {
        if (ws.protocol === ECHO_SUBPROTOCOLS.json) {
          registry.send(ws, JSON.stringify(echoEnvelope(bytes, isBinary)), false);
        } else if (ws.protocol === ECHO_SUBPROTOCOLS.text && isBinary) {
          ws.close(CLOSE_CODES.unsupportedData, `${ECHO_SUBPROTOCOLS.text} carries text only`);
        } else {
          registry.send(ws, bytes, isBinary);
        }
      });
    },
  };
}
