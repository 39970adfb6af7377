/** Ready-made requests, one per thing worth seeing; `{notes}`-style links are the reader's own sandbox. */
import type {Draft, Links} from './useRestPlayground.ts';

export interface Preset {
  name: string;
  /** What to watch for in the answer. */
  expect: string;
  draft: (links: Links, lastEtag: string | null) => Draft;
}

const json = 'Accept: application/json';

export const PRESETS: readonly Preset[] = [
  {
    name: 'The API root',
    expect: '200 with links: the only URL a client needs to know',
    draft: () => ({method: 'GET', path: '/api', headers: json, body: ''}),
  },
  {
    name: 'List the notes',
    expect: '200, Cache-Control: no-cache, a link to each note',
    draft: (l) => ({method: 'GET', path: l.notes, headers: json, body: ''}),
  },
  {
    name: 'Read a note',
    expect: '200 with a strong ETag and Last-Modified',
    draft: (l) => ({method: 'GET', path: l.note, headers: json, body: ''}),
  },
  {
    name: 'Read it again, conditionally',
    expect: '304 Not Modified and no body, if the note is unchanged',
    draft: (l, etag) => ({
      method: 'GET',
      path: l.note,
      headers: `${json}\nIf-None-Match: ${etag ?? '"read-the-note-first"'}`,
      body: '',
    }),
  },
  {
    name: 'The same note as HTML',
    expect: 'Another representation of the same resource, chosen by Accept',
    draft: (l) => ({method: 'GET', path: l.note, headers: 'Accept: text/html', body: ''}),
  },
  {
    name: 'Create a note',
    expect: '201 Created with a Location header',
    draft: (l) => ({
      method: 'POST',
      path: l.notes,
      headers: `Content-Type: application/json\n${json}`,
      body: JSON.stringify({title: 'From the playground', body: 'Sent by hand.', tags: ['playground']}, null, 2),
    }),
  },
  {
    name: 'Change one field (merge patch)',
    expect: '200: only the fields you sent change (RFC 7396)',
    draft: (l) => ({
      method: 'PATCH',
      path: l.note,
      headers: 'Content-Type: application/merge-patch+json',
      body: JSON.stringify({tags: ['edited']}, null, 2),
    }),
  },
  {
    name: 'A lost update, refused',
    expect: '412 Precondition Failed: the If-Match tag is not the current one',
    draft: (l) => ({
      method: 'PUT',
      path: l.note,
      headers: 'Content-Type: application/json\nIf-Match: "an-old-version"',
      body: JSON.stringify({title: 'Overwritten?', body: 'Not without the current ETag.'}, null, 2),
    }),
  },
  {
    name: 'What may I do here?',
    expect: '204 with Allow and Accept-Patch',
    draft: (l) => ({method: 'OPTIONS', path: l.note, headers: '', body: ''}),
  },
  {
    name: 'A method the resource does not allow',
    expect: '405 with Allow',
    draft: (l) => ({method: 'DELETE', path: l.notes, headers: '', body: ''}),
  },
  {
    name: 'A representation it cannot give',
    expect: '406 Not Acceptable',
    draft: (l) => ({method: 'GET', path: l.note, headers: 'Accept: image/png', body: ''}),
  },
  {
    name: 'The wrong media type',
    expect: '415 with Accept-Patch naming the right one',
    draft: (l) => ({method: 'PATCH', path: l.note, headers: 'Content-Type: application/json', body: '{"title": "x"}'}),
  },
  {
    name: 'An invalid note',
    expect: '422 naming every problem',
    draft: (l) => ({
      method: 'POST',
      path: l.notes,
      headers: 'Content-Type: application/json',
      body: JSON.stringify({title: '', colour: 'red'}, null, 2),
    }),
  },
];
