/**
 * What a note may contain, checked field by field so a bad request is told
 * exactly what was wrong (422 with every problem), and JSON Merge Patch
 * (RFC 7396) for PATCH.
 */
import {NoteInput} from '../contract/rest.ts';
import {check, type Checked} from '../contract/schema.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A note as the API stores it: what a client sent, with absent tags made none. */
export type NoteFields = Required<NoteInput>;

/**
 * A complete note as PUT and POST send it: title and body required, tags
 * optional. Checked against the contract's NoteInput, so a bad request hears
 * every problem (422) in the same words the code-on-demand validator uses.
 */
export function checkNoteInput(value: unknown): Checked<NoteFields> {
  const checked = check(NoteInput, value, {name: 'The body'});
  if (!checked.ok) return checked;
  const {title, body, tags = []} = checked.value;
  return {ok: true, value: {title, body, tags}};
}

/**
 * RFC 7396 §2: a patch object's members replace the target's, null removes
 * a member, nested objects merge recursively; anything else replaces the
 * target outright.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const result = new Map<string, unknown>(isRecord(target) ? Object.entries(target) : []);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) result.delete(key);
    else result.set(key, mergePatch(result.get(key), value));
  }
  return Object.fromEntries(result);
}
