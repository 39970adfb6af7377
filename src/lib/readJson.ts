/**
 * Reading what the demo server sends, checked against the contract rather
 * than cast: a body or message that does not fit its schema is treated as no
 * answer at all, so a demo never renders half a shape.
 */
import {fits, parseJson, type Schema} from '@site/demo-server/src/contract/schema';

/** A response's JSON body when it fits `schema`; null when it is not JSON or does not fit. */
export async function readJson<T>(response: Response, schema: Schema<T>): Promise<T | null> {
  let value: unknown;
  try {
    value = await response.json();
  } catch {
    return null;
  }
  return fits(schema, value) ? value : null;
}

export {fits, parseJson};
