import {useEffect, useMemo, useState} from 'react';
import {formatMs} from '../../lib/format.ts';
import {laneFigures, since, type LaneFigures} from '../../lib/realtime/figures.ts';
import {ShortPollClient} from '../../lib/realtime/shortPollClient.ts';
import {useRunningTime} from '../../lib/realtime/useRunningTime.ts';
import {useTransport, type LoggedActivity} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession, type RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';

export interface ShortPollingDemo {
  connection: RealtimeSession['connection'];
  /** Polling, or paused by the reader. */
  running: boolean;
  toggleRunning: () => void;
  intervalMs: number;
  setIntervalMs: (ms: number) => void;
  figures: LaneFigures;
  /** The answers only, newest first (each says what its request was). */
  answers: LoggedActivity[];
  /** How the polling is going, in a sentence, for the live region. */
  announcement: string;
}

/**
 * Short polling on its own: `GET /events/poll?since=` every interval (the
 * reader picks it, and can pause), with what it delivered measured on the
 * page and what it cost counted by the server.
 */
export function useShortPollingDemo(): ShortPollingDemo {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const [running, setRunning] = useState(true);
  const [intervalMs, setIntervalMs] = useState<number>(1000);
  const live = connection.state.status === 'live';
  const poll = useTransport(session, (options) => new ShortPollClient({...options, intervalMs: 1000}), running);
  const costs = useCosts(session.serverUrl, session.session, live && running);
  const {elapsedMs} = useRunningTime(live && running, 1000);

  useEffect(() => {
    poll.client.setIntervalMs(intervalMs);
  }, [poll.client, intervalMs]);

  // Kept while the log is unchanged, so it is not redrawn.
  const answers = useMemo(() => poll.activity.filter((entry) => entry.kind !== 'request'), [poll.activity]);
  const figures = laneFigures(poll.arrivals, since(costs?.transports.poll, undefined), clock?.offsetMs ?? 0, elapsedMs);

  return {
    connection,
    running,
    toggleRunning: () => setRunning((value) => !value),
    intervalMs,
    setIntervalMs,
    figures,
    answers,
    announcement: `${figures.requests} polls, ${figures.emptyResponses} of them empty; ${figures.events} events; median delay ${formatMs(figures.p50)}.`,
  };
}
