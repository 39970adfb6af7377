import {useCallback, useEffect, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';
import {linksIn, type FoundLink} from './links.ts';

/** One request the explorer made, and what it learned from the answer. */
export interface Visit {
  method: string;
  uri: string;
  status: number;
  contentType: string;
  body: string;
  links: FoundLink[];
  /** Methods the resource allows besides GET, from OPTIONS. */
  allow: string[];
  /** Accept-Post from OPTIONS: POST here needs a body of that type. */
  acceptPost: string | null;
}

export interface LinkExplorer {
  connection: ServerStatus['connection'];
  /** Every visit, oldest first; the last is where the explorer is. */
  history: Visit[];
  /** A request is under way: the links wait for it. */
  busy: boolean;
  failure: string | null;
  /** Sends `method` to a URI the explorer was given by a representation (never one it built). */
  visit: (method: string, uri: string) => Promise<void>;
  /** Goes back one visit. */
  back: () => void;
}

/**
 * A client that knows one URI — the API root — and moves only by following
 * links found in representations, and by the methods OPTIONS says a resource
 * allows. It starts at the root once the server is live.
 */
export function useLinkExplorer(): LinkExplorer {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const [history, setHistory] = useState<Visit[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const visit = useCallback(
    async (method: string, uri: string) => {
      setBusy(true);
      setFailure(null);
      try {
        const response = await fetch(httpUrl(serverUrl, uri), {
          method,
          headers: {Accept: 'application/json'},
          cache: 'no-store',
        });
        const body = await response.text();
        // A 201 points at what it created: the explorer goes there next, as a client following Location would.
        const location = response.headers.get('Location');
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = null;
        }
        const options = await fetch(httpUrl(serverUrl, uri), {method: 'OPTIONS', cache: 'no-store'});
        const allow = (options.headers.get('Allow') ?? '')
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== '' && !['GET', 'HEAD', 'OPTIONS'].includes(m));
        const acceptPost = options.headers.get('Accept-Post');
        const links = linksIn(parsed, response.headers.get('Link'));
        if (location !== null && !links.some((link) => link.href === location))
          links.unshift({rel: 'created (Location)', href: location});
        setHistory((previous) => [
          ...previous,
          {
            method,
            uri,
            status: response.status,
            contentType: response.headers.get('Content-Type') ?? '',
            body,
            links,
            allow,
            acceptPost,
          },
        ]);
      } catch (error) {
        setFailure(`The request failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        setBusy(false);
      }
    },
    [serverUrl],
  );

  // Start at the root, the only URI this client is given.
  const started = history.length > 0;
  useEffect(() => {
    if (!live || started) return;
    const timer = setTimeout(() => void visit('GET', ENDPOINTS.api), 0);
    return () => clearTimeout(timer);
  }, [live, started, visit]);

  return {
    connection,
    history,
    busy,
    failure,
    visit,
    back: () => setHistory((previous) => previous.slice(0, -1)),
  };
}
