/**
 * `GET /code/note-validator.js`: code on demand (REST's optional constraint).
 * The server ships a small script that checks a note the way the server will,
 * for a page to run in a Web Worker while the reader types. The rules come
 * from the same limits the API enforces, so client and server agree; the API
 * still checks every note itself — downloaded code is a convenience, never
 * the guard.
 */
import {createHash} from 'node:crypto';
import {NoteInput} from '../contract/rest.ts';
import {checkerSource} from '../contract/schema.ts';
import type {Route} from './router.ts';

/**
 * The script: the contract's NoteInput schema and the contract's own checker,
 * so the page hears the very sentences the API would answer.
 */
export const NOTE_VALIDATOR_SOURCE = `// Sent by the Over the Wire demo server (code on demand, Fielding 2000, §5.1.7).
// Runs in a Web Worker: it receives a note and answers with the problems the server would report.
// The note's JSON Schema, as /openapi.json publishes it:
const NOTE_SCHEMA = ${JSON.stringify(NoteInput.json)};
// The checker the API itself runs (demo-server/src/contract/schema.ts):
${checkerSource()}
function check(note) {
  const problems = [];
  problemsOf(NOTE_SCHEMA, note, [], 'The note', false, problems);
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
