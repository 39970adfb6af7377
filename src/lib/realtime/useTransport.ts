/**
 * Runs one transport client for a React demo: created once, started from the
 * session's start id (or where it left off) while the demo runs and the
 * server is live, stopped otherwise and on unmount. Keeps the arrivals and the
 * narration, bounded, for the demo to draw.
 */
import {useCallback, useEffect, useState} from 'react';
import type {ServerEvent} from '../../../demo-server/src/contract/events.ts';
import type {TransportActivity, TransportClient, TransportOptions, TransportState} from './transportClient.ts';
import type {RealtimeSession} from './useRealtimeSession.ts';

/** One event as it reached the page. */
export interface Arrival {
  id: number;
  emittedAt: number;
  /** Browser clock. */
  arrivedAt: number;
  /** When the client that received it last (re)started, browser clock. */
  clientStartedAt: number;
}

const MAX_ARRIVALS = 1000;
const MAX_ACTIVITY = 60;

/** An activity entry as the demo keeps it: numbered in the order it happened, so a log can key its rows. */
export interface LoggedActivity extends TransportActivity {
  /** 1 for the first entry the client narrated, then one more for each; never reused, even after `clear`. */
  seq: number;
}

export interface UseTransport<C extends TransportClient> {
  client: C;
  arrivals: Arrival[];
  /** Newest first. */
  activity: LoggedActivity[];
  state: TransportState;
  /** Forgets what was received (the client keeps its place in the stream). */
  clear: () => void;
}

export type TransportFactory<C extends TransportClient> = (options: TransportOptions) => C;

/**
 * Whether an event was emitted before its client (re)started — after a pause,
 * a hidden tab or an outage — and so came from the backlog: its delay
 * measures the pause, not the transport.
 */
export function caughtUp(arrival: Arrival, offsetMs: number): boolean {
  return arrival.emittedAt - offsetMs < arrival.clientStartedAt;
}

/** Delay of an arrival on the server's clock: when it arrived, minus when it was emitted. */
export function delayOf(arrival: Arrival, offsetMs: number): number {
  return arrival.arrivedAt + offsetMs - arrival.emittedAt;
}

export function useTransport<C extends TransportClient>(
  session: RealtimeSession,
  create: TransportFactory<C>,
  running: boolean,
): UseTransport<C> {
  const [arrivals, setArrivals] = useState<Arrival[]>([]);
  const [activity, setActivity] = useState<LoggedActivity[]>([]);
  const [state, setState] = useState<TransportState>({phase: 'stopped', since: null, retryAt: null});
  // Made once: the server URL and the session id do not change while a demo is mounted.
  const [client] = useState(() => {
    let nextSeq = 1;
    return create({
      serverUrl: session.serverUrl,
      session: session.session,
      onEvents: (events: ServerEvent[], arrivedAt: number, clientStartedAt: number) =>
        setArrivals((previous) =>
          [
            ...previous,
            ...events.map((event) => ({id: event.id, emittedAt: event.emittedAt, arrivedAt, clientStartedAt})),
          ].slice(-MAX_ARRIVALS),
        ),
      onActivity: (entry) => {
        if (entry.serverRestarted) setArrivals([]);
        const logged = {...entry, seq: nextSeq++};
        setActivity((previous) => [logged, ...previous].slice(0, MAX_ACTIVITY));
      },
      onState: setState,
      // Stable for the life of the session hook.
      onUnreachable: session.reportUnreachable,
    });
  });
  useEffect(() => () => client.stop(), [client]);

  const live = session.connection.state.status === 'live';
  const {startId} = session;
  useEffect(() => {
    if (!running || !live || startId === null) return;
    const lastId = client.lastId;
    if (lastId !== null && lastId > startId) {
      // The server's newest event is older than ours: it restarted, and its ids began again.
      // What was received belongs to the old run (onActivity clears it); start afresh.
      client.startAfterServerRestart(startId);
    } else {
      client.start(lastId ?? startId);
    }
    return () => client.stop();
  }, [client, running, live, startId]);

  const clear = useCallback(() => {
    setArrivals([]);
    setActivity([]);
  }, []);

  return {client, arrivals, activity, state, clear};
}
