/**
 * `/ws/echo`: a plain RFC 6455 echo server. Text comes back as the same text
 * (opcode 1), binary as the same bytes (opcode 2). Pings are answered with
 * pongs and close frames with close frames by `ws` itself (§5.5.2, §5.5.1).
 */
import {ENDPOINTS} from '../contract.ts';
import type {Endpoint} from './endpoint.ts';

export function echoEndpoint(maxPayload: number): Endpoint {
  return {
    path: ENDPOINTS.echo,
    maxPayload,
    accept(ws, _handshake, {registry}) {
      ws.on('message', (data, isBinary) => {
        if (!registry.noteMessage(ws)) return;
        // ws's default binaryType ('nodebuffer') delivers every message as one Buffer.
        registry.send(ws, data as Buffer, isBinary);
      });
    },
  };
}
