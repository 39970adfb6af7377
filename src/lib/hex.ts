/** Bytes as hex for people: what the demos show and what readers type. */

export function hexPreview(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 32), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 32 ? `${shown} …` : shown;
}

/**
 * Parses "00 ff 1a" or "00ff1a" into bytes; returns null (not a throw) for
 * anything else so the form can say what is wrong.
 */
export function parseHex(text: string): Uint8Array<ArrayBuffer> | null {
  const compact = text.replace(/[\s,]+/g, '');
  if (compact === '' || compact.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(compact)) return null;
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
