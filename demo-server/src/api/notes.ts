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

/** Unknown fields named one by one in an answer before the rest are only counted. */
const MAX_NAMED_FIELDS = 3;

/**
 * A value a client sent, described in a few words for an error message: a
 * string by its (shortened) text, anything else by its kind. Never repeated
 * whole, never walked: it may be long, or nested deep.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** A complete note as PUT and POST send it: title and body required, tags optional. */
export function checkNoteInput(value: unknown): Checked<NoteInput> {
  if (!isRecord(value)) return {ok: false, problems: ['The body must be a JSON object with "title" and "body"']};
  const problems: string[] = [];
  const allowed = new Set(['title', 'body', 'tags']);
  const unknown = Object.keys(value).filter((key) => !allowed.has(key));
  for (const key of unknown.slice(0, MAX_NAMED_FIELDS)) {
    problems.push(`${describeValue(key)} is not a field of a note (title, body, tags)`);
  }
  if (unknown.length > MAX_NAMED_FIELDS) {
    problems.push(`and ${unknown.length - MAX_NAMED_FIELDS} more fields that a note does not have`);
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
          problems.push(`each tag must be 1 to 30 lower-case letters, digits or "-"; got ${describeValue(tag)}`);
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
