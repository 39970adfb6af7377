/**
 * The proxy demo's state: which faults the reader switched on (each a setting
 * of the proxy in the path, contract/proxy.ts), the four transports of the
 * polling race run through that proxy, and what the page measures of each:
 * how long until the first event, events lost and repeated, the largest lump,
 * the longest silence, and how often it failed and started again.
 */
import {useCallback, useEffect, useMemo, useState} from 'react';
import type {RealtimeTransport} from '../../../demo-server/src/contract/events.ts';
import {PollResponse} from '../../../demo-server/src/contract/events.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {formatProxySettings, type ProxySettings} from '../../../demo-server/src/contract/proxy.ts';
import type {AttemptRecord} from '../../../demo-server/src/contract/attempts.ts';
import {newAttemptId, readAttempt} from '../../lib/attempts.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {formatMs} from '../../lib/format.ts';
import {readJson} from '../../lib/readJson.ts';
import {useTransport, type Arrival, type LoggedActivity} from '../../lib/realtime/useTransport.ts';
import {countActivity, NO_ACTIVITY, proxyLaneFigures, type ActivityCounts, type ProxyLaneFigures} from './figures.ts';
import type {RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import type {TransportState} from '../../lib/realtime/transportClient.ts';
import {LongPollClient} from '../../lib/realtime/longPollClient.ts';
import {ShortPollClient} from '../../lib/realtime/shortPollClient.ts';
import {SseClient} from '../../lib/realtime/sseClient.ts';
import {WebSocketPushClient} from '../../lib/realtime/webSocketPushClient.ts';
import {LANES} from '../PollingRace/usePollingRace.ts';
import type {ServerSawState} from '../ServerSaw/index.tsx';

/** One transport through the proxy, as the page draws it. */
export interface ProxyLane {
  key: RealtimeTransport;
  name: string;
  arrivals: Arrival[];
  activity: LoggedActivity[];
  state: TransportState;
  figures: ProxyLaneFigures;
  /** The attempt id the proxy forwards this lane's requests under, so the server keeps what it saw of them. */
  attempt: string;
  serverSaw: ServerSawState;
}

export interface ProxyRun {
  lanes: ProxyLane[];
  /** Where the four transports go: the proxy's path with the settings (the attempt left out). */
  proxyPath: string;
  /** The run started (the transports are going), browser clock; null while it finds where to start. */
  startedAt: number | null;
  /** The browser clock the figures were taken at (the timeline's right edge). */
  now: number;
  /** The measured offset of the server's clock, ms (0 before it is measured). */
  offsetMs: number;
  /** One sentence per lane for the live region. */
  announcement: string;
  /** Reads what the server saw of a lane's requests so far (given once: later ones make a new record). */
  askServer: (key: RealtimeTransport) => void;
}

/** Each lane's narration counted as it comes, so that failures are counted from the start of the run. */
function useActivityCounts(
  transports: Record<RealtimeTransport, {activity: LoggedActivity[]}>,
): Record<RealtimeTransport, ActivityCounts> {
  const [counted, setCounted] = useState<Record<RealtimeTransport, ActivityCounts>>({
    poll: NO_ACTIVITY,
    longPoll: NO_ACTIVITY,
    sse: NO_ACTIVITY,
    ws: NO_ACTIVITY,
  });
  const next = {
    poll: countActivity(counted.poll, transports.poll.activity),
    longPoll: countActivity(counted.longPoll, transports.longPoll.activity),
    sse: countActivity(counted.sse, transports.sse.activity),
    ws: countActivity(counted.ws, transports.ws.activity),
  };
  // Derived from the logs as they change, during render (React's "storing information from previous renders"):
  // countActivity returns the same object when nothing is new, so this settles after one pass.
  if (LANES.some(({key}) => next[key] !== counted[key])) setCounted(next);
  return next;
}

/** The id of the newest event: where a run starts, so that no backlog arrives as a first lump. */
async function newestId(serverUrl: string): Promise<number | null> {
  const response = await fetch(httpUrl(serverUrl, ENDPOINTS.eventsPoll), {cache: 'no-store'});
  const body = response.ok ? await readJson(response, PollResponse) : null;
  return body?.latestId ?? null;
}

/**
 * Runs the four transports through the proxy with these settings. Mounted once per choice of faults (the
 * component is keyed by it): each transport client reads its URL once, when it is made.
 */
export function useProxyRun(
  session: RealtimeSession,
  settings: Partial<ProxySettings>,
  running: boolean,
  now: number,
): ProxyRun {
  const live = session.connection.state.status === 'live';
  const [startId, setStartId] = useState<number | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [attempts] = useState(
    () =>
      Object.fromEntries(
        LANES.map(({key}) => [key, typeof window === 'undefined' ? 'server-render' : newAttemptId()]),
      ) as Record<RealtimeTransport, string>,
  );
  useEffect(() => {
    if (!live || startId !== null) return;
    let cancelled = false;
    void newestId(session.serverUrl)
      .then((id) => {
        if (cancelled || id === null) return;
        setStartId(id);
        setStartedAt(Date.now());
      })
      .catch(() => session.reportUnreachable());
    return () => {
      cancelled = true;
    };
  }, [live, startId, session]);

  const through = (key: RealtimeTransport): RealtimeSession => ({
    ...session,
    startId,
    serverUrl: httpUrl(
      session.serverUrl,
      `${ENDPOINTS.viaProxy}/${formatProxySettings({...settings, attempt: attempts[key]})}`,
    ),
    // A transport the proxy breaks fails again and again: that is what the demo shows, not the server being gone.
    // Only short polling, which no setting here breaks, tells the frame the server cannot be reached.
    reportUnreachable: key === 'poll' ? session.reportUnreachable : () => undefined,
  });
  const poll = useTransport(through('poll'), (options) => new ShortPollClient({...options, intervalMs: 1000}), running);
  const longPoll = useTransport(through('longPoll'), (options) => new LongPollClient(options), running);
  const sse = useTransport(through('sse'), (options) => new SseClient(options), running);
  const ws = useTransport(through('ws'), (options) => new WebSocketPushClient(options), running);
  const transports = {poll, longPoll, sse, ws};
  const counts = useActivityCounts(transports);

  const [serverSaw, setServerSaw] = useState<Record<RealtimeTransport, ServerSawState>>(
    () => Object.fromEntries(LANES.map(({key}) => [key, {kind: 'idle'}])) as Record<RealtimeTransport, ServerSawState>,
  );
  const askServer = useCallback(
    (key: RealtimeTransport) => {
      setServerSaw((previous) => ({...previous, [key]: {kind: 'reading'}}));
      readAttempt(session.serverUrl, attempts[key], {retries: 0})
        .then((record: AttemptRecord | null) =>
          setServerSaw((previous) => ({
            ...previous,
            [key]: record === null ? {kind: 'none'} : {kind: 'record', record},
          })),
        )
        .catch(() => setServerSaw((previous) => ({...previous, [key]: {kind: 'none'}})));
    },
    [session.serverUrl, attempts],
  );

  const offsetMs = session.clock?.offsetMs ?? 0;
  const lanes = LANES.map(({key, name}) => {
    const transport = transports[key];
    return {
      key,
      name,
      arrivals: transport.arrivals,
      activity: transport.activity,
      state: transport.state,
      figures: proxyLaneFigures(transport.arrivals, counts[key], startedAt, now, offsetMs),
      attempt: attempts[key],
      serverSaw: serverSaw[key],
    };
  });
  const proxyPath = useMemo(() => `${ENDPOINTS.viaProxy}/${formatProxySettings(settings)}`, [settings]);
  const announcement = lanes
    .map(
      ({name, figures}) =>
        `${name}: ${figures.events} events, ${figures.failures} failure${figures.failures === 1 ? '' : 's'}` +
        (figures.firstEventMs === null ? ', none yet' : `, first after ${formatMs(figures.firstEventMs)}`),
    )
    .join('. ');
  return useSteady({lanes, proxyPath, startedAt, now, offsetMs, announcement, askServer});
}

function sameFigures(a: ProxyLaneFigures, b: ProxyLaneFigures): boolean {
  return (Object.keys(a) as (keyof ProxyLaneFigures)[]).every((name) => a[name] === b[name]);
}

/** Whether two runs show the same: each lane's state the same objects, its figures the same numbers. */
function sameRun(a: ProxyRun, b: ProxyRun): boolean {
  return (
    a.proxyPath === b.proxyPath &&
    a.startedAt === b.startedAt &&
    a.now === b.now &&
    a.offsetMs === b.offsetMs &&
    a.announcement === b.announcement &&
    a.askServer === b.askServer &&
    a.lanes.length === b.lanes.length &&
    a.lanes.every((lane, i) => {
      const other = b.lanes[i];
      return (
        other !== undefined &&
        lane.arrivals === other.arrivals &&
        lane.activity === other.activity &&
        lane.state === other.state &&
        lane.serverSaw === other.serverSaw &&
        lane.attempt === other.attempt &&
        sameFigures(lane.figures, other.figures)
      );
    })
  );
}

/**
 * The run as the last render had it while nothing in it changed, so that it is a new object only when there is
 * something new to show: the demo hands it up to be recorded, and a new object on every render would never settle.
 */
function useSteady(run: ProxyRun): ProxyRun {
  const [steady, setSteady] = useState(run);
  if (sameRun(steady, run)) return steady;
  setSteady(run);
  return run;
}
