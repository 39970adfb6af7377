import {formatMs} from '../../lib/format.ts';
import {laneFigures, since, type LaneFigures} from '../../lib/realtime/figures.ts';
import {LongPollClient} from '../../lib/realtime/longPollClient.ts';
import type {TransportState} from '../../lib/realtime/transportClient.ts';
import {useTransport, type LoggedActivity} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession, type RealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';

/** Requests per minute, the one figure that needs the running time, is not among this demo's: no clock re-renders it. */
const NO_RUNNING_TIME = 0;

export interface LongPollingDemo {
  connection: RealtimeSession['connection'];
  /** What the client is doing: a request held at the server ('waiting', since when), or between requests. */
  state: TransportState;
  figures: LaneFigures;
  /** Requests and answers, newest first. */
  activity: LoggedActivity[];
  /** How the long polling is going, in a sentence, for the live region. */
  announcement: string;
}

/**
 * Long polling on its own: one request always parked at the server, answered
 * the moment there is news (or with 204 after its timeout), then asked again;
 * with what it delivered measured on the page and what it cost counted by the
 * server.
 */
export function useLongPollingDemo(): LongPollingDemo {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const live = connection.state.status === 'live';
  const longPoll = useTransport(session, (options) => new LongPollClient(options), true);
  const costs = useCosts(session.serverUrl, session.session, live);

  const figures = laneFigures(
    longPoll.arrivals,
    since(costs?.transports.longPoll, undefined),
    clock?.offsetMs ?? 0,
    NO_RUNNING_TIME,
  );
  return {
    connection,
    state: longPoll.state,
    figures,
    activity: longPoll.activity,
    announcement: `${figures.requests} requests, ${figures.events} events, ${figures.emptyResponses} timed out empty; median delay ${formatMs(figures.p50)}.`,
  };
}
