/**
 * Times the same request twice, on a new connection and on the connection it left open, with the page's own
 * Resource Timing entries (W3C Resource Timing) and the server's `Server-Timing` (W3C Server Timing).
 *
 * A new connection is made honestly: Chromium reuses any idle connection to the host, so the page first asks the
 * server to answer `Connection: close` until one of those answers came on a connection opened for it (the server
 * says, in Server-Timing, how many requests a connection has carried). Then no idle connection is left, and the
 * next request must open one; the request after it finds that one idle and reuses it.
 */
import {useCallback, useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {TIMING_PARAMS} from '../../../demo-server/src/contract/timing.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {openedItsConnection, rawOf, type TimedRequest} from '../../lib/resourceTiming.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

export interface TimingSettings {
  delay: number;
  size: number;
  rate: number;
  tao: boolean;
}

/** How many answers with `Connection: close` the page asks for at most before it gives up emptying the pool. */
const MAX_CLOSES = 8;

export type TimingRun =
  | {status: 'running'}
  | {status: 'done'; settings: TimingSettings; fresh: TimedRequest; reused: TimedRequest; closes: number}
  | {status: 'failed'; error: string};

export interface RequestTiming {
  connection: ServerStatus['connection'];
  run: TimingRun | null;
  start: (settings: TimingSettings) => Promise<void>;
}

export function useRequestTiming(): RequestTiming {
  const {serverUrl, connection} = useServerStatus();
  const [run, setRun] = useState<TimingRun | null>(null);

  const timed = useCallback(
    async (query: Record<string, string | number>): Promise<TimedRequest> => {
      const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
      // A unique URL, so each request has an entry of its own and no cache answers it.
      params.set('n', `${Date.now()}-${Math.random().toString(36).slice(2)}`);
      const url = `${httpUrl(serverUrl, ENDPOINTS.timing)}?${params.toString()}`;
      const response = await fetch(url, {cache: 'no-store'});
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${ENDPOINTS.timing} answered ${response.status}`);
      const entry = performance.getEntriesByName(url).at(-1);
      if (!(entry instanceof PerformanceResourceTiming)) throw new Error('The browser kept no timing entry');
      return {
        url,
        raw: rawOf(entry),
        serverTiming: entry.serverTiming.map(({name, duration, description}) => ({name, duration, description})),
      };
    },
    [serverUrl],
  );

  const start = useCallback(
    async (settings: TimingSettings) => {
      setRun({status: 'running'});
      try {
        let closes = 0;
        for (;;) {
          closes += 1;
          const closing = await timed({[TIMING_PARAMS.size]: 0, [TIMING_PARAMS.close]: 1});
          if (openedItsConnection(closing) !== false || closes >= MAX_CLOSES) break;
        }
        const query = {
          [TIMING_PARAMS.delay]: settings.delay,
          [TIMING_PARAMS.size]: settings.size,
          [TIMING_PARAMS.rate]: settings.rate,
          [TIMING_PARAMS.tao]: settings.tao ? 1 : 0,
        };
        const fresh = await timed(query);
        const reused = await timed(query);
        setRun({status: 'done', settings, fresh, reused, closes});
      } catch (error) {
        setRun({status: 'failed', error: error instanceof Error ? error.message : String(error)});
      }
    },
    [timed],
  );

  return {connection, run, start};
}
