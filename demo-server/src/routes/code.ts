/**
 * `GET /code/note-validator.js`: code on demand (REST's optional constraint).
 * The server ships a small script that checks a note the way the server will,
 * for a page to run in a Web Worker while the reader types. The rules come
 * from the same limits the API enforces, so client and server agree; the API
 * still checks every note itself — downloaded code is a convenience, never
 * the guard.
 */
import {createHash} from 'node:crypto';
import {NOTE_LIMITS} from '../contract.ts';
import type {Route} from './router.ts';

export const NOTE_VALIDATOR_SOURCE = `// Sent by the Over the Wire demo server (code on demand, Fielding 2000, §5.1.7).
// Runs in a Web Worker: it receives a note and answers with the problems the server would report.
const LIMITS = ${JSON.stringify(NOTE_LIMITS)};
function describe(value) {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
function check(note) {
  const problems = [];
  if (typeof note !== 'object' || note === null) return ['The note must be an object'];
  const unknown = Object.keys(note).filter((key) => !['title', 'body', 'tags'].includes(key));
  for (const key of unknown.slice(0, 3)) problems.push(describe(key) + ' is not a field of a note (title, body, tags)');
  if (unknown.length > 3) problems.push('and ' + (unknown.length - 3) + ' more fields that a note does not have');
  if (typeof note.title !== 'string' || note.title.trim() === '') problems.push('"title" must be a non-empty string');
  else if (note.title.length > LIMITS.maxTitleLength) problems.push('"title" must be at most ' + LIMITS.maxTitleLength + ' characters');
  if (typeof note.body !== 'string') problems.push('"body" must be a string');
  else if (note.body.length > LIMITS.maxBodyLength) problems.push('"body" must be at most ' + LIMITS.maxBodyLength + ' characters');
  if (note.tags !== undefined) {
    if (!Array.isArray(note.tags)) problems.push('"tags" must be an array of strings');
    else {
      if (note.tags.length > LIMITS.maxTags) problems.push('"tags" may hold at most ' + LIMITS.maxTags + ' tags');
      for (const tag of note.tags) {
        if (typeof tag !== 'string' || !/^[a-z0-9-]{1,30}$/.test(tag)) {
          problems.push('each tag must be 1 to 30 lower-case letters, digits or "-"; got ' + describe(tag));
          break;
        }
      }
    }
  }
  return problems;
}
self.onmessage = (event) => self.postMessage({id: event.data.id, problems: check(event.data.note)});
`;

export function codeRoute(): Route {
  const etag = `"${createHash('sha256').update(NOTE_VALIDATOR_SOURCE).digest('base64url').slice(0, 22)}"`;
  return {
    methods: ['GET', 'HEAD'],
    handle(req, res) {
      const headers = {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        ETag: etag,
        'Access-Control-Expose-Headers': 'ETag, Content-Length, Cache-Control',
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, {...headers, 'Content-Length': Buffer.byteLength(NOTE_VALIDATOR_SOURCE)});
      res.end(req.method === 'HEAD' ? undefined : NOTE_VALIDATOR_SOURCE);
    },
  };
}
