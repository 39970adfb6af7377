/**
 * The REST API's resources, independent of transport: a request in (method,
 * path, headers, body), a response out (status, headers, body). The HTTP
 * route adapts Node's request to this; a WebSocket transport can reuse it
 * unchanged, so there is one implementation of the resources.
 *
 * URIs, from the root down (clients follow `_links`; they never build these):
 *   /api                                  the root
 *   /api/sandboxes                        POST creates a sandbox for one reader
 *   /api/sandboxes/{sandbox}              a sandbox
 *   /api/sandboxes/{sandbox}/notes        its notes (GET, POST)
 *   /api/sandboxes/{sandbox}/notes/{id}   one note (GET, PUT, PATCH, DELETE)
 *
 * Every error is problem details (RFC 9457); GET and HEAD are conditional on
 * strong ETags and Last-Modified (RFC 9110 §13), unsafe methods honour
 * If-Match and If-Unmodified-Since, and representations are negotiated by
 * Accept (JSON, HTML, plain text).
 */
import {createHash} from 'node:crypto';
import {STATUS_CODES} from 'node:http';
import type {
  Link,
  NoteCollection,
  NoteRepresentation,
  ProblemDetails,
  SandboxRepresentation,
} from '../contract/rest.ts';
import {parseClientJson} from '../json.ts';
import {describeValue} from '../contract/schema.ts';
import {checkNoteInput, mergePatch, type NoteFields} from './notes.ts';
import {noteBytes, type Note, type Sandbox, type SandboxStore} from './store.ts';

export interface ApiRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  body?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Empty for 204, 304 and HEAD. */
  body: string;
}

export const API_MEDIA_TYPES = ['application/json', 'text/html', 'text/plain'] as const;
export type ApiMediaType = (typeof API_MEDIA_TYPES)[number];

const MERGE_PATCH = 'application/merge-patch+json';

/** Cache-Control per resource: the root rarely changes; collections and sandboxes always revalidate. */
const CACHE_CONTROL = {
  root: 'public, max-age=300',
  sandbox: 'no-cache',
  collection: 'no-cache',
  note: 'max-age=10',
} as const;

export function problemResponse(status: number, detail: string, headers: Record<string, string> = {}): ApiResponse {
  const body: ProblemDetails = {type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail};
  return {
    status,
    headers: {'Content-Type': 'application/problem+json; charset=utf-8', 'Cache-Control': 'no-store', ...headers},
    body: JSON.stringify(body),
  };
}

/**
 * The best of API_MEDIA_TYPES for an Accept header (RFC 9110 §12.5.1), by
 * q-value then by specificity; JSON when there is no Accept; null when none
 * is acceptable.
 */
export function negotiate(accept: string | undefined): ApiMediaType | null {
  if (accept === undefined || accept.trim() === '') return 'application/json';
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return {range: range.trim().toLowerCase(), q: Number.isFinite(quality) ? quality : 0};
  });
  const qualityOf = (type: ApiMediaType): number => {
    const [major] = type.split('/');
    let best: {q: number; specificity: number} = {q: -1, specificity: -1};
    for (const {range, q} of ranges) {
      const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
      if (specificity > best.specificity) best = {q, specificity};
    }
    return best.specificity < 0 ? 0 : best.q;
  };
  let chosen: ApiMediaType | null = null;
  let chosenQ = 0;
  for (const type of API_MEDIA_TYPES) {
    const q = qualityOf(type);
    if (q > chosenQ) {
      chosen = type;
      chosenQ = q;
    }
  }
  return chosen;
}

/** A strong validator: a digest of the exact representation bytes. */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Entity tags listed in If-Match / If-None-Match; '*' as itself. */
function listedTags(header: string): string[] {
  return (header.match(/\*|(?:W\/)?"[^"]*"/g) ?? []).map((tag) => tag.trim());
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlPage(title: string, content: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${content}\n</body></html>\n`;
}

interface Resource {
  allow: readonly string[];
  /** The current representation in each media type, or undefined when it does not exist. */
  represent?: (type: ApiMediaType) => string;
  lastModified?: number;
  cacheControl: string;
  extraHeaders?: Record<string, string>;
}

export interface ApiOptions {
  store: SandboxStore;
  /**
   * The path at which clients reach the API, for the links it writes. `/api`
   * unless an intermediary publishes it elsewhere (the cache layer mounts it
   * at `/via-cache/api`, as a proxy with X-Forwarded-Prefix would).
   */
  base?: string;
  /** Deepest nesting of arrays and objects a body may have; deeper is answered 422 before it is parsed. */
  maxJsonDepth: number;
  now?: () => number;
}

export function createApi({store, base = '/api', maxJsonDepth, now = Date.now}: ApiOptions) {
  const sandboxPath = (sandbox: Sandbox) => `${base}/sandboxes/${sandbox.id}`;
  const notesPath = (sandbox: Sandbox) => `${sandboxPath(sandbox)}/notes`;
  const notePath = (sandbox: Sandbox, id: number) => `${notesPath(sandbox)}/${id}`;
  const link = (href: string, title?: string): Link => (title === undefined ? {href} : {href, title});

  const noteJson = (sandbox: Sandbox, note: Note): NoteRepresentation => ({
    id: note.id,
    title: note.title,
    body: note.body,
    tags: note.tags,
    createdAt: new Date(note.createdAt).toISOString(),
    updatedAt: new Date(note.updatedAt).toISOString(),
    _links: {
      self: link(notePath(sandbox, note.id)),
      collection: link(notesPath(sandbox)),
      sandbox: link(sandboxPath(sandbox)),
    },
  });

  const representNote = (sandbox: Sandbox, note: Note) => (type: ApiMediaType) => {
    if (type === 'application/json') return JSON.stringify(noteJson(sandbox, note));
    if (type === 'text/plain') {
      return `${note.title}\n\n${note.body}\n\ntags: ${note.tags.join(', ') || '(none)'}\nupdated: ${new Date(note.updatedAt).toISOString()}\n`;
    }
    return htmlPage(
      note.title,
      `<article><h1>${escapeHtml(note.title)}</h1><p>${escapeHtml(note.body)}</p><p>Tags: ${escapeHtml(note.tags.join(', ') || '(none)')}</p></article>\n<p><a href="${notesPath(sandbox)}">All notes</a></p>`,
    );
  };

  const representCollection = (sandbox: Sandbox) => (type: ApiMediaType) => {
    const notes = [...sandbox.notes.values()];
    if (type === 'application/json') {
      const body: NoteCollection = {
        count: notes.length,
        maxNotes: store.limits.maxNotesPerSandbox,
        _links: {
          self: link(notesPath(sandbox)),
          sandbox: link(sandboxPath(sandbox)),
          item: notes.map((note) => link(notePath(sandbox, note.id), note.title)),
        },
        _embedded: {notes: notes.map((note) => noteJson(sandbox, note))},
      };
      return JSON.stringify(body);
    }
    if (type === 'text/plain') {
      return `${notes.length} notes\n${notes.map((note) => `${notePath(sandbox, note.id)}  ${note.title}`).join('\n')}\n`;
    }
    return htmlPage(
      'Notes',
      `<h1>Notes</h1>\n<ul>${notes.map((note) => `<li><a href="${notePath(sandbox, note.id)}">${escapeHtml(note.title)}</a></li>`).join('')}</ul>`,
    );
  };

  const representSandbox = (sandbox: Sandbox) => (type: ApiMediaType) => {
    if (type === 'application/json') {
      const body: SandboxRepresentation = {
        id: sandbox.id,
        createdAt: new Date(sandbox.createdAt).toISOString(),
        expiresAfterIdleSeconds: Math.round(store.limits.sandboxIdleMs / 1000),
        _links: {self: link(sandboxPath(sandbox)), notes: link(notesPath(sandbox), 'Notes'), root: link(base)},
      };
      return JSON.stringify(body);
    }
    if (type === 'text/plain') return `sandbox ${sandbox.id}\nnotes: ${notesPath(sandbox)}\n`;
    return htmlPage(
      `Sandbox ${sandbox.id}`,
      `<h1>Sandbox ${escapeHtml(sandbox.id)}</h1><p><a href="${notesPath(sandbox)}">Notes</a></p>`,
    );
  };

  const representRoot = (type: ApiMediaType) => {
    if (type === 'application/json') {
      return JSON.stringify({
        name: 'Over the Wire notes API',
        description:
          'A small REST API for the demos. POST to the sandboxes link to get a sandbox of your own; then follow links.',
        _links: {
          self: link(base),
          sandboxes: link(`${base}/sandboxes`, 'Create a sandbox (POST)'),
          describedby: link('/openapi.json', 'OpenAPI description'),
        },
      });
    }
    if (type === 'text/plain') return `Over the Wire notes API\nPOST ${base}/sandboxes to create a sandbox.\n`;
    return htmlPage(
      'Over the Wire notes API',
      `<h1>Over the Wire notes API</h1><p>POST to <code>${base}/sandboxes</code> to create a sandbox of your own.</p>`,
    );
  };

  /** GET and HEAD with negotiation and conditional requests (RFC 9110 §13.2.2). */
  const read = (request: ApiRequest, resource: Resource): ApiResponse => {
    const type = negotiate(request.headers.accept);
    if (type === null) {
      return problemResponse(406, `This resource is available as ${API_MEDIA_TYPES.join(', ')}`, {Vary: 'Accept'});
    }
    const body = resource.represent?.(type) ?? '';
    const etag = strongEtag(body);
    const headers: Record<string, string> = {
      'Content-Type': `${type}; charset=utf-8`,
      ETag: etag,
      'Cache-Control': resource.cacheControl,
      Vary: 'Accept',
      ...resource.extraHeaders,
    };
    if (resource.lastModified !== undefined) headers['Last-Modified'] = httpDate(resource.lastModified);
    const precondition = evaluate(request, [etag], resource.lastModified);
    if (precondition === 412) return problemResponse(412, 'The resource has changed since the version you have');
    if (precondition === 304) {
      const {'Content-Type': _omitted, ...notModified} = headers;
      return {status: 304, headers: notModified, body: ''};
    }
    headers['Content-Length'] = String(Buffer.byteLength(body));
    return {status: 200, headers, body: request.method === 'HEAD' ? '' : body};
  };

  /**
   * RFC 9110 §13.2.2: If-Match, else If-Unmodified-Since (412 on failure);
   * then If-None-Match, else If-Modified-Since for GET and HEAD (304), 412
   * for other methods. `tags` are the current representations' tags, empty
   * when the resource does not exist.
   */
  const evaluate = (request: ApiRequest, tags: readonly string[], lastModified?: number): 200 | 304 | 412 => {
    const safe = request.method === 'GET' || request.method === 'HEAD';
    const ifMatch = request.headers['if-match'];
    const ifUnmodifiedSince = request.headers['if-unmodified-since'];
    if (ifMatch !== undefined) {
      const listed = listedTags(ifMatch);
      // Strong comparison: weak tags never match.
      const matches = listed.includes('*') ? tags.length > 0 : listed.some((tag) => tags.includes(tag));
      if (!matches) return 412;
    } else if (ifUnmodifiedSince !== undefined && lastModified !== undefined) {
      const date = Date.parse(ifUnmodifiedSince);
      if (Number.isFinite(date) && Math.floor(lastModified / 1000) * 1000 > date) return 412;
    }
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined) {
      const listed = listedTags(ifNoneMatch).map((tag) => tag.replace(/^W\//, ''));
      // Weak comparison.
      const matches = listed.includes('*') ? tags.length > 0 : listed.some((tag) => tags.includes(tag));
      if (matches) return safe ? 304 : 412;
    } else if (safe && lastModified !== undefined) {
      const since = request.headers['if-modified-since'];
      const date = since === undefined ? Number.NaN : Date.parse(since);
      if (Number.isFinite(date) && Math.floor(lastModified / 1000) * 1000 <= date) return 304;
    }
    return 200;
  };

  const parseJsonBody = (
    request: ApiRequest,
    mediaType: string,
  ): {ok: true; value: unknown} | {ok: false; response: ApiResponse} => {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType !== mediaType) {
      const accepted: Record<string, string> = mediaType === MERGE_PATCH ? {'Accept-Patch': MERGE_PATCH} : {};
      return {
        ok: false,
        response: problemResponse(
          415,
          `Send the body as ${mediaType}${contentType === '' ? ' (no Content-Type was given)' : `, not ${contentType}`}`,
          accepted,
        ),
      };
    }
    const parsed = parseClientJson(request.body ?? '', maxJsonDepth);
    if (parsed.ok) return parsed;
    return {
      ok: false,
      response: parsed.tooDeep
        ? problemResponse(422, `${parsed.detail}; a note needs 2`)
        : problemResponse(400, `The body is not valid JSON: ${parsed.detail}`),
    };
  };

  const methodNotAllowed = (request: ApiRequest, allow: readonly string[]) =>
    problemResponse(405, `${request.path} allows ${[...allow, 'OPTIONS'].join(', ')}, not ${request.method}`, {
      Allow: [...allow, 'OPTIONS'].join(', '),
    });

  const options = (allow: readonly string[], extra: Record<string, string> = {}): ApiResponse => ({
    status: 204,
    headers: {Allow: [...allow, 'OPTIONS'].join(', '), ...extra},
    body: '',
  });

  const noSandbox = (id: string) =>
    problemResponse(
      404,
      `There is no sandbox ${id}: it expired after ${Math.round(store.limits.sandboxIdleMs / 60_000)} minutes without use, or never existed. Create one with POST ${base}/sandboxes.`,
    );

  const created = (location: string, body: string, etag: string): ApiResponse => ({
    status: 201,
    headers: {
      Location: location,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Location': location,
      ETag: etag,
      'Cache-Control': 'no-store',
      'Content-Length': String(Buffer.byteLength(body)),
    },
    body,
  });

  /** The 409 for a change that would take the sandbox past its bytes of note text (`replacing` a note, or adding one). */
  const overweight = (sandbox: Sandbox, value: NoteFields, replacing?: Note): ApiResponse | undefined => {
    const {maxSandboxBytes} = store.limits;
    const after = sandbox.bytes - (replacing ? noteBytes(replacing) : 0) + noteBytes(value);
    if (after <= maxSandboxBytes) return undefined;
    return problemResponse(
      409,
      `This sandbox holds at most ${maxSandboxBytes} bytes of notes (titles, bodies and tags as JSON strings); with this change it would hold ${after}. Shorten or delete a note first`,
    );
  };

  const handleNote = (request: ApiRequest, sandbox: Sandbox, id: number): ApiResponse => {
    const allow = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'] as const;
    if (request.method === 'OPTIONS') return options(allow, {'Accept-Patch': MERGE_PATCH});
    const note = sandbox.notes.get(id);
    if (!(allow as readonly string[]).includes(request.method)) return methodNotAllowed(request, allow);
    if (note === undefined) {
      return problemResponse(
        404,
        `Note ${id} does not exist in this sandbox; its notes are listed at ${notesPath(sandbox)}`,
      );
    }
    const represent = representNote(sandbox, note);
    if (request.method === 'GET' || request.method === 'HEAD') {
      return read(request, {
        allow,
        represent,
        lastModified: note.updatedAt,
        cacheControl: CACHE_CONTROL.note,
        extraHeaders: {Link: `<${notesPath(sandbox)}>; rel="collection"`},
      });
    }
    // Unsafe methods: preconditions against every representation's tag.
    const tags = API_MEDIA_TYPES.map((type) => strongEtag(represent(type)));
    if (evaluate(request, tags, note.updatedAt) === 412) {
      return problemResponse(
        412,
        'The note has changed since the version your If-Match names (someone else saved first). GET it again, then apply your change.',
      );
    }
    if (request.method === 'DELETE') {
      sandbox.notes.delete(id);
      sandbox.modifiedAt = now();
      store.changed(sandbox.id);
      return {status: 204, headers: {}, body: ''};
    }
    let candidate: unknown;
    if (request.method === 'PUT') {
      const parsed = parseJsonBody(request, 'application/json');
      if (!parsed.ok) return parsed.response;
      candidate = parsed.value;
      // A client may send back the id it read; it must be this note's.
      if (typeof candidate === 'object' && candidate !== null && 'id' in candidate) {
        const {id: named, ...rest} = candidate as Record<string, unknown>;
        if (named !== id) {
          return problemResponse(409, `The body names note ${describeValue(named)}, but this is note ${id}`);
        }
        candidate = rest;
      }
    } else {
      const parsed = parseJsonBody(request, MERGE_PATCH);
      if (!parsed.ok) return parsed.response;
      candidate = mergePatch({title: note.title, body: note.body, tags: note.tags}, parsed.value);
    }
    const checked = checkNoteInput(candidate);
    if (!checked.ok) {
      return problemResponse(422, `The note would be invalid: ${checked.problems.join('; ')}`);
    }
    const tooHeavy = overweight(sandbox, checked.value, note);
    if (tooHeavy) return tooHeavy;
    const at = now();
    Object.assign(note, checked.value, {updatedAt: at, version: note.version + 1});
    sandbox.modifiedAt = at;
    store.changed(sandbox.id);
    const body = represent('application/json');
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        ETag: strongEtag(body),
        'Last-Modified': httpDate(at),
        'Content-Location': notePath(sandbox, id),
        'Cache-Control': 'no-store',
        'Content-Length': String(Buffer.byteLength(body)),
      },
      body,
    };
  };

  const handleCollection = (request: ApiRequest, sandbox: Sandbox): ApiResponse => {
    const allow = ['GET', 'HEAD', 'POST'] as const;
    if (request.method === 'OPTIONS') return options(allow, {'Accept-Post': 'application/json'});
    if (request.method === 'GET' || request.method === 'HEAD') {
      return read(request, {
        allow,
        represent: representCollection(sandbox),
        lastModified: sandbox.modifiedAt,
        cacheControl: CACHE_CONTROL.collection,
      });
    }
    if (request.method !== 'POST') return methodNotAllowed(request, allow);
    const parsed = parseJsonBody(request, 'application/json');
    if (!parsed.ok) return parsed.response;
    const checked = checkNoteInput(parsed.value);
    if (!checked.ok) return problemResponse(422, `The note would be invalid: ${checked.problems.join('; ')}`);
    if (sandbox.notes.size >= store.limits.maxNotesPerSandbox) {
      return problemResponse(
        409,
        `This sandbox already holds its maximum of ${store.limits.maxNotesPerSandbox} notes; delete one first`,
      );
    }
    const tooHeavy = overweight(sandbox, checked.value);
    if (tooHeavy) return tooHeavy;
    const at = now();
    const id = sandbox.nextId++;
    const note: Note = {id, ...checked.value, createdAt: at, updatedAt: at, version: 1};
    sandbox.notes.set(id, note);
    sandbox.modifiedAt = at;
    store.changed(sandbox.id);
    const body = representNote(sandbox, note)('application/json');
    return created(notePath(sandbox, id), body, strongEtag(body));
  };

  const handle = (request: ApiRequest): ApiResponse => {
    const segments = request.path.replace(/\/+$/, '').split('/').slice(1);
    const method = request.method;
    // /api
    if (segments.length === 1) {
      const allow = ['GET', 'HEAD'] as const;
      if (method === 'OPTIONS') return options(allow);
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(request, allow);
      return read(request, {allow, represent: representRoot, cacheControl: CACHE_CONTROL.root});
    }
    if (segments[1] !== 'sandboxes') {
      return problemResponse(404, `Nothing at ${request.path}; start at ${base} and follow its links`);
    }
    // /api/sandboxes
    if (segments.length === 2) {
      const allow = ['POST'] as const;
      if (method === 'OPTIONS') return options(allow);
      if (method !== 'POST') {
        return problemResponse(
          405,
          `Sandboxes are private to their readers, so they cannot be listed; POST to ${base}/sandboxes to create yours`,
          {Allow: 'POST, OPTIONS'},
        );
      }
      const sandbox = store.create();
      const body = representSandbox(sandbox)('application/json');
      return created(sandboxPath(sandbox), body, strongEtag(body));
    }
    const sandboxId = segments[2] ?? '';
    const sandbox = /^[A-Za-z0-9_-]{1,64}$/.test(sandboxId) ? store.get(sandboxId) : undefined;
    if (sandbox === undefined) return noSandbox(sandboxId);
    // /api/sandboxes/{id}
    if (segments.length === 3) {
      const allow = ['GET', 'HEAD', 'DELETE'] as const;
      if (method === 'OPTIONS') return options(allow);
      if (method === 'DELETE') {
        store.delete(sandbox.id);
        store.changed(sandbox.id);
        return {status: 204, headers: {}, body: ''};
      }
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(request, allow);
      return read(request, {
        allow,
        represent: representSandbox(sandbox),
        lastModified: sandbox.createdAt,
        cacheControl: CACHE_CONTROL.sandbox,
      });
    }
    if (segments[3] !== 'notes') return problemResponse(404, `Nothing at ${request.path}; follow the sandbox's links`);
    if (segments.length === 4) return handleCollection(request, sandbox);
    const rawId = segments[4] ?? '';
    if (segments.length === 5 && /^[1-9]\d{0,8}$/.test(rawId)) return handleNote(request, sandbox, Number(rawId));
    return problemResponse(404, `Nothing at ${request.path}; the notes of this sandbox are at ${notesPath(sandbox)}`);
  };

  return {handle};
}
