import type {EchoEnvelope} from '../contract/inspect.ts';

/** Wraps a received message in the JSON envelope of the contract: when it arrived, its type and size. */
export function echoEnvelope(bytes: Buffer, isBinary: boolean, receivedAt: number = Date.now()): EchoEnvelope {
  return {
    type: 'echo',
    receivedAt,
    binary: isBinary,
    size: bytes.byteLength,
    data: isBinary ? bytes.toString('base64') : bytes.toString('utf8'),
  };
}
