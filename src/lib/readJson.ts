/**
 * Reading what the demo server sends, checked against the contract rather
 * than cast: a body or message that does not fit its schema is treated as no
 * answer at all, so a demo never renders half a shape.
 */
import {fits, parseJson, type Schema} from '../../demo-server/src/contract/schema.ts';

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

/**
 * A response's JSON body, which must be `schema` (`what` names it in the error): for requests a demo cannot go on
 * without, whose failure it shows the reader.
 */
export async function requireJson<T>(response: Response, schema: Schema<T>, what: string): Promise<T> {
  const body = response.ok ? await readJson(response, schema) : null;
  if (body === null)
    throw new Error(`${what} answered HTTP ${response.status}${response.ok ? ' with an unexpected body' : ''}`);
  return body;
}
