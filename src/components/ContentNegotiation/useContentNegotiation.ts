/**
 * Fetches the negotiation document the way a page can: the browser chooses `Accept-Encoding` (script cannot set
 * it, Fetch standard §2.2.2, forbidden request-headers) and decodes the body before script sees it. Each run sets
 * three accounts of its size side by side: the page's Resource Timing entry (`encodedBodySize`, `decodedBodySize`,
 * `transferSize`), the bytes script received, and the server's record of what it read, chose and wrote.
 */
import {useCallback, useRef, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  NEGOTIATE_DOCUMENT,
  NEGOTIATE_RECORDS,
  NegotiationRecord,
  type NegotiateChoice,
} from '../../../demo-server/src/contract/negotiate.ts';
import {newAttemptId} from '../../lib/attempts.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {readJson} from '../../lib/readJson.ts';
import {sizesOf, type ResourceSizes} from '../../lib/resourceTiming.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

export interface NegotiationRun {
  number: number;
  asked: NegotiateChoice;
  /** `Content-Encoding` as the page reads it (exposed by the server); null when absent. */
  contentEncoding: string | null;
  contentLength: number | null;
  /** Bytes the page's script got from the body: decoded by the browser. */
  scriptBytes: number;
  sizes: ResourceSizes | null;
  /** The server's account; null if it could not be read. */
  record: NegotiationRecord | null;
}

export type RunResult =
  {kind: 'run'; run: NegotiationRun} | {kind: 'failed'; number: number; asked: NegotiateChoice; error: string};

export interface ContentNegotiation {
  connection: ServerStatus['connection'];
  results: RunResult[];
  busy: boolean;
  /** Fetches the document once for each choice, one after another. */
  run: (choices: readonly NegotiateChoice[]) => Promise<void>;
  clear: () => void;
  /** The latest cacheable pair; null before the first. */
  cached: CachedRun | null;
  /** Which finished last, so that the demo announces that one. */
  lastAction: 'runs' | 'cached' | null;
  /** Fetches one URL twice, the answer cacheable for a minute: the second may come from the browser's cache. */
  runCached: () => Promise<void>;
}

/** Seconds of freshness the cacheable pair asks for. */
const CACHE_SECONDS = 60;

/** The same cacheable URL fetched twice: what the page saw of each, and how many requests the server received. */
export type CachedRun =
  | {
      kind: 'done';
      first: ResourceSizes | null;
      second: ResourceSizes | null;
      record: NegotiationRecord | null;
    }
  | {kind: 'failed'; error: string};

/** Runs kept on screen; older ones scroll away. */
export const MAX_RUNS = 8;

export function useContentNegotiation(): ContentNegotiation {
  const {serverUrl, connection} = useServerStatus();
  const [results, setResults] = useState<RunResult[]>([]);
  const [busy, setBusy] = useState(false);
  const [lastAction, setLastAction] = useState<ContentNegotiation['lastAction']>(null);
  const counter = useRef(0);

  const fetchOne = useCallback(
    async (asked: NegotiateChoice): Promise<RunResult> => {
      counter.current += 1;
      const number = counter.current;
      const id = newAttemptId();
      const url = `${httpUrl(serverUrl, `${ENDPOINTS.negotiate}/${NEGOTIATE_DOCUMENT}`)}?coding=${asked}&id=${id}`;
      let response: Response;
      let body: ArrayBuffer;
      try {
        response = await fetch(url, {cache: 'no-store'});
        body = await response.arrayBuffer();
      } catch (error) {
        return {
          kind: 'failed',
          number,
          asked,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        };
      }
      if (!response.ok) return {kind: 'failed', number, asked, error: `HTTP ${response.status}`};
      const lengthHeader = response.headers.get('Content-Length');
      // The entry is added once the body is read; the record once the server finished writing, before that.
      const sizes = sizesOf(performance.getEntriesByName(url));
      const recordResponse = await fetch(httpUrl(serverUrl, `${ENDPOINTS.negotiate}/${NEGOTIATE_RECORDS}/${id}`), {
        cache: 'no-store',
      }).catch(() => null);
      const record = recordResponse?.ok ? await readJson(recordResponse, NegotiationRecord) : null;
      return {
        kind: 'run',
        run: {
          number,
          asked,
          contentEncoding: response.headers.get('Content-Encoding'),
          contentLength: lengthHeader === null ? null : Number(lengthHeader),
          scriptBytes: body.byteLength,
          sizes,
          record,
        },
      };
    },
    [serverUrl],
  );

  const run = useCallback(
    async (choices: readonly NegotiateChoice[]) => {
      setBusy(true);
      try {
        for (const asked of choices) {
          const result = await fetchOne(asked);
          setResults((current) => [...current, result].slice(-MAX_RUNS));
        }
        setLastAction('runs');
      } finally {
        setBusy(false);
      }
    },
    [fetchOne],
  );

  const clear = useCallback(() => setResults([]), []);

  const [cached, setCached] = useState<CachedRun | null>(null);
  const runCached = useCallback(async () => {
    setBusy(true);
    const id = newAttemptId();
    const url = `${httpUrl(serverUrl, `${ENDPOINTS.negotiate}/${NEGOTIATE_DOCUMENT}`)}?cache=${CACHE_SECONDS}&id=${id}`;
    try {
      // The default cache mode: the browser may answer from its HTTP cache, which is the point.
      for (let i = 0; i < 2; i += 1) await (await fetch(url)).arrayBuffer();
      const entries = performance.getEntriesByName(url);
      const recordResponse = await fetch(httpUrl(serverUrl, `${ENDPOINTS.negotiate}/${NEGOTIATE_RECORDS}/${id}`), {
        cache: 'no-store',
      });
      const record = recordResponse.ok ? await readJson(recordResponse, NegotiationRecord) : null;
      setCached({kind: 'done', first: sizesOf(entries.slice(0, 1)), second: sizesOf(entries.slice(1, 2)), record});
      setLastAction('cached');
    } catch (error) {
      setCached({kind: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error)});
      setLastAction('cached');
    } finally {
      setBusy(false);
    }
  }, [serverUrl]);

  return {connection, results, busy, run, clear, cached, lastAction, runCached};
}
