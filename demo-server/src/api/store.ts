/**
 * Per-reader sandboxes of notes for the REST API. Each reader creates a
 * sandbox and gets its URI; nobody else can list or guess it. Memory stays
 * bounded: at most `maxSandboxes` sandboxes (the least recently used is
 * dropped first), at most `maxNotes` notes of bounded size in each, and a
 * sandbox untouched for `idleMs` is forgotten.
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
}

export interface StoreLimits {
  maxSandboxes: number;
  maxNotesPerSandbox: number;
  sandboxIdleMs: number;
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
  readonly limits: StoreLimits;
}

export function createSandboxStore(limits: StoreLimits, now: () => number = Date.now): SandboxStore {
  const sandboxes = new Map<string, Sandbox>();
  const listeners = new Set<ChangeListener>();

  const forgetIdle = (at: number) => {
    // Least recently used first: stop at the first one still in use.
    for (const [id, sandbox] of sandboxes) {
      if (at - sandbox.lastUsed < limits.sandboxIdleMs) break;
      sandboxes.delete(id);
    }
  };

  return {
    limits,
    create() {
      const at = now();
      forgetIdle(at);
      if (sandboxes.size >= limits.maxSandboxes) {
        const oldest = sandboxes.keys().next().value;
        if (oldest !== undefined) sandboxes.delete(oldest);
      }
      const sandbox: Sandbox = {
        id: randomBytes(9).toString('base64url'),
        notes: new Map(),
        nextId: 1,
        createdAt: at,
        modifiedAt: at,
        lastUsed: at,
      };
      for (const seed of SEED) {
        const id = sandbox.nextId++;
        sandbox.notes.set(id, {id, ...seed, tags: [...seed.tags], createdAt: at, updatedAt: at, version: 1});
      }
      sandboxes.set(sandbox.id, sandbox);
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
      return sandboxes.delete(id);
    },
    changed(sandboxId) {
      for (const listener of listeners) listener(sandboxId);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return sandboxes.size;
    },
  };
}
