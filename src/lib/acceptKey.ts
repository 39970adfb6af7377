/**
 * The `Sec-WebSocket-Accept` derivation of RFC 6455 §4.2.2 (step 5.4), done
 * with the browser's own WebCrypto so a reader can watch each step: the key
 * their browser sent, the GUID appended, the SHA-1 digest, its base64.
 */
import {WEBSOCKET_GUID} from '../../demo-server/src/contract/websocket.ts';

export interface AcceptDerivation {
  /** `Sec-WebSocket-Key` as the client sent it. */
  key: string;
  /** The fixed GUID from RFC 6455 §1.3. */
  guid: string;
  /** key + GUID, the exact string that is hashed. */
  concatenated: string;
  /** The 20-byte SHA-1 digest, as lowercase hex pairs. */
  sha1Hex: string;
  /** base64 of the digest: the value `Sec-WebSocket-Accept` must carry. */
  accept: string;
}

/** Encodes bytes as standard base64 (RFC 4648 §4), without any library. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Derives `Sec-WebSocket-Accept` from a `Sec-WebSocket-Key`.
 * The key is used as the ASCII text it is; it is never base64-decoded (§4.2.2).
 */
export async function deriveAccept(
  key: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<AcceptDerivation> {
  const concatenated = key + WEBSOCKET_GUID;
  const digest = new Uint8Array(await subtle.digest('SHA-1', new TextEncoder().encode(concatenated)));
  return {key, guid: WEBSOCKET_GUID, concatenated, sha1Hex: bytesToHex(digest), accept: bytesToBase64(digest)};
}
