/**
 * WATCH on `/ws/rest`: which connections watch which resources, and what each
 * was last told. A change, made through either transport, marks its sandbox;
 * on the next turn of the event loop every watched resource in the marked
 * sandboxes has its ETag computed once, however many connections watch it
 * and however many changes came in that turn, and each connection whose last
 * ETag differs gets a `changed` push. So one client's change costs the
 * server one representation per watched resource, not one per watcher.
 */
import {ENDPOINTS} from '../contract/endpoints.ts';
import type {RestChangedPush} from '../contract/restWebSocket.ts';
import type {SandboxStore} from '../api/store.ts';

/** One connection's side of its watches. */
export interface Watcher {
  push(message: RestChangedPush): void;
}

export interface RestWatchesOptions {
  store: SandboxStore;
  /** The resource's current strong ETag, as a JSON GET would give it; null when it is gone. */
  etagOf: (path: string) => string | null;
  /** Resources one watcher may watch at once. */
  maxPerWatcher: number;
  /** Told when a flush fails, so one bad resource cannot stop the pushes for good. */
  onError?: (error: unknown) => void;
}

export interface RestWatches {
  /** Watches `path`, told `etag` so far; false when the watcher already watches its maximum of other paths. */
  watch(watcher: Watcher, path: string, etag: string | null): boolean;
  /** Stops watching `path`; false when it was not watched. */
  unwatch(watcher: Watcher, path: string): boolean;
  /** Forgets every watch of this watcher (its connection closed). */
  release(watcher: Watcher): void;
  /** Paths watched and watches held, all watchers together. */
  readonly counts: {paths: number; watches: number};
}

const SANDBOX_PATH = new RegExp(`^${ENDPOINTS.api}/sandboxes/([^/]+)`);

export function createRestWatches({store, etagOf, maxPerWatcher, onError}: RestWatchesOptions): RestWatches {
  /** Path → each watcher of it, with the ETag it was last told. */
  const byPath = new Map<string, Map<Watcher, string | null>>();
  const byWatcher = new Map<Watcher, Set<string>>();
  /** Sandbox id → its watched paths; resources outside a sandbox (the root) never change. */
  const bySandbox = new Map<string, Set<string>>();
  const changed = new Set<string>();
  let flushScheduled = false;

  const sandboxOf = (path: string) => SANDBOX_PATH.exec(path)?.[1];

  const remove = (watcher: Watcher, path: string): boolean => {
    const watchers = byPath.get(path);
    if (watchers?.delete(watcher) !== true) return false;
    byWatcher.get(watcher)?.delete(path);
    if (byWatcher.get(watcher)?.size === 0) byWatcher.delete(watcher);
    if (watchers.size === 0) {
      byPath.delete(path);
      const sandbox = sandboxOf(path);
      const paths = sandbox === undefined ? undefined : bySandbox.get(sandbox);
      paths?.delete(path);
      if (sandbox !== undefined && paths?.size === 0) bySandbox.delete(sandbox);
    }
    return true;
  };

  const flush = () => {
    flushScheduled = false;
    const sandboxes = [...changed];
    changed.clear();
    for (const sandbox of sandboxes) {
      for (const path of [...(bySandbox.get(sandbox) ?? [])]) {
        try {
          const etag = etagOf(path);
          for (const [watcher, told] of [...(byPath.get(path) ?? [])]) {
            if (etag === told) continue;
            if (etag === null) remove(watcher, path);
            else byPath.get(path)?.set(watcher, etag);
            watcher.push({type: 'changed', path, etag});
          }
        } catch (error) {
          onError?.(error);
        }
      }
    }
  };

  store.onChange((sandbox) => {
    if (!bySandbox.has(sandbox)) return;
    changed.add(sandbox);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });

  return {
    watch(watcher, path, etag) {
      const mine = byWatcher.get(watcher) ?? new Set<string>();
      if (!mine.has(path) && mine.size >= maxPerWatcher) return false;
      mine.add(path);
      byWatcher.set(watcher, mine);
      const watchers = byPath.get(path) ?? new Map<Watcher, string | null>();
      watchers.set(watcher, etag);
      byPath.set(path, watchers);
      const sandbox = sandboxOf(path);
      if (sandbox !== undefined) {
        const paths = bySandbox.get(sandbox) ?? new Set<string>();
        paths.add(path);
        bySandbox.set(sandbox, paths);
      }
      return true;
    },
    unwatch: remove,
    release(watcher) {
      for (const path of [...(byWatcher.get(watcher) ?? [])]) remove(watcher, path);
    },
    get counts() {
      let watches = 0;
      for (const watchers of byPath.values()) watches += watchers.size;
      return {paths: byPath.size, watches};
    },
  };
}
