/**
 * Per-reader sandboxes of notes for the REST API. Each reader creates a
 * sandbox and gets its URI; nobody else can list or guess it. Memory stays
 * bounded: at most `maxSandboxes` sandboxes, at most `maxNotesPerSandbox`
 * notes and `maxSandboxBytes` of note text in each, at most `maxStoreBytes`
 * of note text in all (past either store-wide bound, the least recently used
 * sandbox is forgotten first), and a sandbox untouched for `sandboxIdleMs` is
 * forgotten.
 */
import {randomBytes} from 'node:crypto';

export interface Note {
  id: number;
  title: string;
  body: string;
  tags: string[];
  /** Epoch ms; HTTP dates have whole seconds, so Last-Modified rounds down. */
  createdAt: number;
  updatedAt: number;
  /** Grows by one with every change: part of the strong ETag. */
  version: number;
}

export interface Sandbox {
  id: string;
  notes: Map<number, Note>;
  nextId: number;
  createdAt: number;
  /** Last change to the collection (a note added, changed or removed). */
  modifiedAt: number;
  lastUsed: number;
  /** Its notes' weight (noteBytes), as of the last change. */
  bytes: number;
}

export interface StoreLimits {
  maxSandboxes: number;
  maxNotesPerSandbox: number;
  /** Note text one sandbox may hold (noteBytes of its notes); past it, 409. */
  maxSandboxBytes: number;
  /** Note text all sandboxes together may hold; past it, the least recently used are forgotten. */
  maxStoreBytes: number;
  sandboxIdleMs: number;
}

/**
 * What a note's text weighs: the UTF-8 bytes of its title, body and tags as
 * JSON strings, which is what every representation of it is built from. (A
 * control character is one byte stored and six in JSON, `\u0001`: counting
 * stored bytes let a 64 KiB sandbox make a 391 KiB collection.)
 */
export function noteBytes(note: Pick<Note, 'title' | 'body' | 'tags'>): number {
  let bytes = Buffer.byteLength(JSON.stringify(note.title)) + Buffer.byteLength(JSON.stringify(note.body));
  for (const tag of note.tags) bytes += Buffer.byteLength(JSON.stringify(tag));
  return bytes;
}

function sandboxBytes(sandbox: Sandbox): number {
  let bytes = 0;
  for (const note of sandbox.notes.values()) bytes += noteBytes(note);
  return bytes;
}

const SEED: readonly Pick<Note, 'title' | 'body' | 'tags'>[] = [
  {
    title: 'REST is a style',
    body: 'Fielding (2000), chapter 5: a set of constraints on an architecture, not a protocol.',
    tags: ['rest', 'fielding'],
  },
  {
    title: 'Try a conditional request',
    body: 'GET this note, then send If-None-Match with its ETag: the answer is 304 Not Modified.',
    tags: ['http', 'caching'],
  },
  {
    title: 'Lost updates',
    body: 'PUT with If-Match and an old ETag, and the server answers 412 instead of overwriting.',
    tags: ['http', 'concurrency'],
  },
];

/** Something in a sandbox changed: a note was created, changed or deleted, or the sandbox itself went. */
export type ChangeListener = (sandboxId: string) => void;

export interface SandboxStore {
  create(): Sandbox;
  /** Tells every listener that the sandbox changed; the resources call it after each change, whatever the transport. */
  changed(sandboxId: string): void;
  /** Listens for changes; returns the function that stops listening. */
  onChange(listener: ChangeListener): () => void;
  /** The sandbox, marked as used; undefined when it expired or never existed. */
  get(id: string): Sandbox | undefined;
  delete(id: string): boolean;
  readonly size: number;
  /** Note text held in all sandboxes. */
  readonly bytes: number;
  readonly limits: StoreLimits;
}

export function createSandboxStore(limits: StoreLimits, now: () => number = Date.now): SandboxStore {
  const sandboxes = new Map<string, Sandbox>();
  const listeners = new Set<ChangeListener>();
  let totalBytes = 0;

  const forget = (sandbox: Sandbox) => {
    if (sandboxes.delete(sandbox.id)) totalBytes -= sandbox.bytes;
  };
  const forgetIdle = (at: number) => {
    // Least recently used first: stop at the first one still in use.
    for (const sandbox of sandboxes.values()) {
      if (at - sandbox.lastUsed < limits.sandboxIdleMs) break;
      forget(sandbox);
    }
  };
  /** Forgets the least recently used sandboxes, never `keep`, until the store is within its bytes. */
  const shrink = (keep: string | undefined) => {
    for (const sandbox of sandboxes.values()) {
      if (totalBytes <= limits.maxStoreBytes) break;
      if (sandbox.id !== keep) forget(sandbox);
    }
  };

  return {
    limits,
    create() {
      const at = now();
      forgetIdle(at);
      if (sandboxes.size >= limits.maxSandboxes) {
        const oldest = sandboxes.values().next().value;
        if (oldest !== undefined) forget(oldest);
      }
      const sandbox: Sandbox = {
        id: randomBytes(9).toString('base64url'),
        notes: new Map(),
        nextId: 1,
        createdAt: at,
        modifiedAt: at,
        lastUsed: at,
        bytes: 0,
      };
      for (const seed of SEED) {
        const id = sandbox.nextId++;
        sandbox.notes.set(id, {id, ...seed, tags: [...seed.tags], createdAt: at, updatedAt: at, version: 1});
      }
      sandbox.bytes = sandboxBytes(sandbox);
      sandboxes.set(sandbox.id, sandbox);
      totalBytes += sandbox.bytes;
      shrink(sandbox.id);
      return sandbox;
    },
    get(id) {
      const at = now();
      forgetIdle(at);
      const sandbox = sandboxes.get(id);
      if (sandbox === undefined) return undefined;
      sandbox.lastUsed = at;
      // Re-insert: the map's order is least recently used first.
      sandboxes.delete(id);
      sandboxes.set(id, sandbox);
      return sandbox;
    },
    delete(id) {
      const sandbox = sandboxes.get(id);
      if (sandbox === undefined) return false;
      forget(sandbox);
      return true;
    },
    changed(sandboxId) {
      // Weigh the sandbox again (at most maxNotesPerSandbox notes), then keep the store within its bytes.
      const sandbox = sandboxes.get(sandboxId);
      if (sandbox !== undefined) {
        const bytes = sandboxBytes(sandbox);
        totalBytes += bytes - sandbox.bytes;
        sandbox.bytes = bytes;
        shrink(sandboxId);
      }
      for (const listener of listeners) listener(sandboxId);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return sandboxes.size;
    },
    get bytes() {
      return totalBytes;
    },
  };
}
