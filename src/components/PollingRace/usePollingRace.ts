import {useCallback, useEffect, useState} from 'react';
import type {CostReport, RealtimeTransport} from '../../../demo-server/src/contract/events.ts';
import {formatMs} from '../../lib/format.ts';
import {laneFigures, since, type LaneFigures} from '../../lib/realtime/figures.ts';
import {LongPollClient} from '../../lib/realtime/longPollClient.ts';
import {ShortPollClient} from '../../lib/realtime/shortPollClient.ts';
import {SseClient} from '../../lib/realtime/sseClient.ts';
import type {TransportState} from '../../lib/realtime/transportClient.ts';
import {WebSocketPushClient} from '../../lib/realtime/webSocketPushClient.ts';
import {useTransport, type Arrival} from '../../lib/realtime/useTransport.ts';
import {useRunningTime} from '../../lib/realtime/useRunningTime.ts';
import {fetchCosts, useCosts, useRealtimeSession, type RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow, useReducedMotion} from '../../lib/useReducedMotion.ts';

const DEFAULT_INTERVAL_MS = 1000;

export const LANES: readonly {key: RealtimeTransport; name: string}[] = [
  {key: 'poll', name: 'Short polling'},
  {key: 'longPoll', name: 'Long polling'},
  {key: 'sse', name: 'Server-Sent Events'},
  {key: 'ws', name: 'WebSocket'},
];

/** What the figures say, in one sentence, from the figures themselves. */
function notice(all: Record<RealtimeTransport, LaneFigures>, shown: typeof LANES): string | null {
  const ranked = shown
    .filter((lane) => all[lane.key].p50 !== null)
    .sort((a, b) => (all[a.key].p50 ?? 0) - (all[b.key].p50 ?? 0));
  const fastest = ranked[0];
  const slowest = ranked.at(-1);
  const poll = all.poll;
  if (fastest === undefined || slowest === undefined || fastest === slowest || poll.requests === 0) return null;
  const share = Math.round((poll.emptyResponses / poll.requests) * 100);
  return (
    `Lowest median delay so far: ${fastest.name} (${formatMs(all[fastest.key].p50)}); highest: ${slowest.name} ` +
    `(${formatMs(all[slowest.key].p50)}). Short polling made ${poll.requests} requests, ${poll.emptyResponses} of them ` +
    `empty (${share} %), to deliver ${poll.events} events` +
    (shown.some((lane) => lane.key === 'ws') ? `; the WebSocket delivered ${all.ws.events} after one handshake.` : '.')
  );
}

/** What the page drew for one transport: its events as they arrived, and what its client is doing. */
export interface LaneData {
  arrivals: Arrival[];
  state: TransportState;
}

export interface PollingRace {
  connection: RealtimeSession['connection'];
  /** The clock offset measured when the session went live; null before. */
  clock: RealtimeSession['clock'];
  /** The server's clock minus this page's (0 until measured). */
  offsetMs: number;
  /** The lanes raced, in the usual order. */
  shown: typeof LANES;
  lanes: Record<RealtimeTransport, LaneData>;
  figures: Record<RealtimeTransport, LaneFigures>;
  /** Racing, or paused by the reader. */
  running: boolean;
  toggleRunning: () => void;
  /** The tab is hidden: the race waits for it to come back. */
  hidden: boolean;
  intervalMs: number;
  setIntervalMs: (ms: number) => void;
  /** Forgets what was received and takes the server's counters from now as the new zero. */
  reset: () => void;
  /** Browser clock for the timeline: ticks four times a second, once with reduced motion. */
  now: number;
  reduced: boolean;
  /** Time spent racing, without pauses. */
  elapsedMs: number;
  /** What the figures say, in one sentence, once there is something to compare; null before. */
  summary: string | null;
  /** Every lane's figures, in a sentence each, for the live region. */
  announcement: string;
}

/**
 * Runs the race: one client per transport raced, all from the same event
 * under one reader session; pauses while the reader says so or the tab is
 * hidden; measures each lane on the page and reads what the server counted.
 */
export function usePollingRace(transports: readonly RealtimeTransport[] | undefined): PollingRace {
  const shown = LANES.filter(({key}) => key === 'poll' || transports === undefined || transports.includes(key));
  const races = (key: RealtimeTransport) => shown.some((lane) => lane.key === key);
  const session = useRealtimeSession();
  const {clock, connection} = session;
  const [running, setRunning] = useState(true);
  const [hidden, setHidden] = useState(false);
  const [intervalMs, setIntervalMs] = useState<number>(DEFAULT_INTERVAL_MS);
  const [baseline, setBaseline] = useState<CostReport | null>(null);
  const reduced = useReducedMotion();
  const live = connection.state.status === 'live';
  const active = running && !hidden;

  const poll = useTransport(
    session,
    (options) => new ShortPollClient({...options, intervalMs: DEFAULT_INTERVAL_MS}),
    active,
  );
  const longPoll = useTransport(session, (options) => new LongPollClient(options), active && races('longPoll'));
  const sse = useTransport(session, (options) => new SseClient(options), active && races('sse'));
  const ws = useTransport(session, (options) => new WebSocketPushClient(options), active && races('ws'));
  // What each lane draws, as plain data: the clients stay here, out of the value a recording keeps.
  const lane = ({arrivals, state}: LaneData): LaneData => ({arrivals, state});
  const lanes = {poll: lane(poll), longPoll: lane(longPoll), sse: lane(sse), ws: lane(ws)};
  const costs = useCosts(session.serverUrl, session.session, live && active);

  useEffect(() => {
    poll.client.setIntervalMs(intervalMs);
  }, [poll.client, intervalMs]);

  // An abandoned tab costs the server nothing: the race pauses while the tab is hidden.
  useEffect(() => {
    const onVisibility = () => setHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);

  const now = useNow(reduced ? 1000 : 250, live && active);
  // Running time, without pauses, for requests per minute.
  const {elapsedMs, reset: resetElapsed} = useRunningTime(live && active, 1000);

  const offsetMs = clock?.offsetMs ?? 0;
  const figures = Object.fromEntries(
    LANES.map(({key}) => [
      key,
      laneFigures(lanes[key].arrivals, since(costs?.transports[key], baseline?.transports[key]), offsetMs, elapsedMs),
    ]),
  ) as Record<RealtimeTransport, LaneFigures>;

  const reset = useCallback(() => {
    for (const lane of [poll, longPoll, sse, ws]) lane.clear();
    resetElapsed();
    // The server's counters from this moment are the new zero.
    void fetchCosts(session.serverUrl, session.session).then(setBaseline);
  }, [poll, longPoll, sse, ws, session.serverUrl, session.session, resetElapsed]);

  // Said at most every ten seconds (the live region throttles it), not once per event.
  const announcement = shown
    .map(
      ({key, name}) =>
        `${name}: ${figures[key].events} events, median delay ${formatMs(figures[key].p50)}, ${figures[key].requests} requests`,
    )
    .join('. ');

  return {
    connection,
    clock,
    offsetMs,
    shown,
    lanes,
    figures,
    running,
    toggleRunning: () => setRunning((value) => !value),
    hidden,
    intervalMs,
    setIntervalMs,
    reset,
    now,
    reduced,
    elapsedMs,
    summary: notice(figures, shown),
    announcement,
  };
}
