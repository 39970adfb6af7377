import {useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {NoteRepresentation, SandboxRepresentation} from '../../../demo-server/src/contract/rest.ts';
import {readJson, requireJson} from '../../lib/readJson.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {formatTimeOfDay} from '../../lib/format.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

/** Which way a request went: straight to the API, or through the shared cache in front of it. */
export type Route = 'direct' | 'cache';

export interface Row {
  n: number;
  route: Route;
  request: string;
  status: number;
  title: string;
  cacheControl: string;
  etag: string;
  age: string;
  cacheStatus: string;
  via: string;
  /** Whether this request reached the origin: always when direct; through the cache only when it forwarded. */
  reachedOrigin: boolean;
}

interface Paths {
  direct: string;
  cache: string;
}

export interface CacheLayerDemo {
  connection: ServerStatus['connection'];
  live: boolean;
  /** Every request sent, newest first. */
  rows: Row[];
  /** Requests sent through the cache, and how many of them the cache forwarded to the origin. */
  throughCache: number;
  reached: number;
  failure: string | null;
  /** A request is under way: the buttons wait for it. */
  busy: boolean;
  /** GET the reader's note, by `route`. */
  read: (route: Route) => void;
  /** PATCH the note's title (to one that says where and when), by `route`. */
  change: (route: Route) => void;
}

/**
 * The same requests, sent straight to the API and through the shared cache
 * layer in front of it, each recorded with the headers that say what the
 * cache did (Cache-Status, Age, Via). The reader's sandbox is created on the
 * first request.
 */
export function useCacheLayerDemo(): CacheLayerDemo {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [paths, setPaths] = useState<Paths | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const ensure = async (): Promise<Paths> => {
    if (paths !== null) return paths;
    const response = await fetch(httpUrl(serverUrl, `${ENDPOINTS.viaCache}${ENDPOINTS.api}/sandboxes`), {
      method: 'POST',
    });
    const sandbox = await requireJson(response, SandboxRepresentation, 'Creating a sandbox');
    const cache = `${sandbox._links.notes.href}/1`;
    const made = {cache, direct: cache.slice(ENDPOINTS.viaCache.length)};
    setPaths(made);
    return made;
  };

  const send = async (route: Route, method: 'GET' | 'PATCH', title?: string) => {
    const mine = await ensure();
    const path = mine[route];
    const response = await fetch(httpUrl(serverUrl, path), {
      method,
      headers: method === 'PATCH' ? {'Content-Type': 'application/merge-patch+json'} : {Accept: 'application/json'},
      body: method === 'PATCH' ? JSON.stringify({title}) : undefined,
      // The browser's own cache stays out of it: this demo is about the shared cache on the server side.
      cache: 'no-store',
    });
    const note = await readJson(response, NoteRepresentation);
    const cacheStatus = response.headers.get('Cache-Status') ?? '';
    setRows((previous) => [
      {
        n: previous.length + 1,
        route,
        request: `${method} ${path}`,
        status: response.status,
        title: note?.title ?? '',
        cacheControl: response.headers.get('Cache-Control') ?? '',
        etag: response.headers.get('ETag') ?? '',
        age: response.headers.get('Age') ?? '',
        cacheStatus,
        via: response.headers.get('Via') ?? '',
        reachedOrigin: route === 'direct' || cacheStatus.includes('fwd='),
      },
      ...previous,
    ]);
  };

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    action()
      .catch((error: unknown) =>
        setFailure(`The request failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => setBusy(false));
  };

  const throughCache = rows.filter((row) => row.route === 'cache');
  return {
    connection,
    live,
    rows,
    throughCache: throughCache.length,
    reached: throughCache.filter((row) => row.reachedOrigin).length,
    failure,
    busy,
    read: (route) => run(() => send(route, 'GET')),
    change: (route) =>
      run(() =>
        send(
          route,
          'PATCH',
          route === 'cache'
            ? `Changed through the cache at ${formatTimeOfDay(new Date())}`
            : `Changed at the origin at ${formatTimeOfDay(new Date())}`,
        ),
      ),
  };
}
