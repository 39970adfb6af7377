/**
 * What a note may contain, checked field by field so a bad request is told
 * exactly what was wrong (422 with every problem), and JSON Merge Patch
 * (RFC 7396) for PATCH.
 */
import {NOTE_LIMITS, type NoteInput} from '../contract.ts';

export type Checked<T> = {ok: true; value: T} | {ok: false; problems: string[]};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A complete note as PUT and POST send it: title and body required, tags optional. */
export function checkNoteInput(value: unknown): Checked<NoteInput> {
  if (!isRecord(value)) return {ok: false, problems: ['The body must be a JSON object with "title" and "body"']};
  const problems: string[] = [];
  const allowed = new Set(['title', 'body', 'tags']);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) problems.push(`"${key}" is not a field of a note (title, body, tags)`);
  }
  const {title, body, tags} = value;
  if (typeof title !== 'string' || title.trim() === '') {
    problems.push('"title" must be a non-empty string');
  } else if (title.length > NOTE_LIMITS.maxTitleLength) {
    problems.push(`"title" must be at most ${NOTE_LIMITS.maxTitleLength} characters`);
  }
  if (typeof body !== 'string') {
    problems.push('"body" must be a string');
  } else if (body.length > NOTE_LIMITS.maxBodyLength) {
    problems.push(`"body" must be at most ${NOTE_LIMITS.maxBodyLength} characters`);
  }
  if (tags !== undefined) {
    if (!Array.isArray(tags)) {
      problems.push('"tags" must be an array of strings');
    } else {
      if (tags.length > NOTE_LIMITS.maxTags) problems.push(`"tags" may hold at most ${NOTE_LIMITS.maxTags} tags`);
      for (const tag of tags) {
        if (typeof tag !== 'string' || !/^[a-z0-9-]{1,30}$/.test(tag)) {
          problems.push(`each tag must be 1 to 30 lower-case letters, digits or "-"; got ${JSON.stringify(tag)}`);
          break;
        }
      }
    }
  }
  if (problems.length > 0) return {ok: false, problems};
  return {
    ok: true,
    value: {title: title as string, body: body as string, tags: Array.isArray(tags) ? (tags as string[]) : []},
  };
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
