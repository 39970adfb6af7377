import type {ReactNode} from 'react';
import {formatMs} from '../../lib/realtime/delays.ts';
import {laneFigures, since} from '../../lib/realtime/figures.ts';
import {LongPollClient} from '../../lib/realtime/transports.ts';
import {useRunningTime} from '../../lib/realtime/useRunningTime.ts';
import {useTransport} from '../../lib/realtime/useTransport.ts';
import {useCosts, useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow, useReducedMotion} from '../../lib/useReducedMotion.ts';
import {useThrottledAnnouncement} from '../../lib/useThrottledAnnouncement.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import {ActivityLog, Figures} from '../TransportParts/index.tsx';
import styles from './styles.module.css';

/** The server's hold before it answers 204 (limits.ts: longPollTimeoutMs). */
const SERVER_TIMEOUT_MS = 25_000;

/**
 * Long polling on its own: one request is always parked at the server, which
 * answers it the moment there is news (or with 204 after its timeout); the
 * page asks again at once.
 */
export default function LongPollingDemo(): ReactNode {
  const session = useRealtimeSession();
  const {connection, clock} = session;
  const live = connection.state.status === 'live';
  const reduced = useReducedMotion();
  const longPoll = useTransport(session, (options) => new LongPollClient(options), true);
  const costs = useCosts(session.serverUrl, session.session, live);
  const {elapsedMs} = useRunningTime(live);
  const now = useNow(reduced ? 1000 : 100, live);

  const figures = laneFigures(
    longPoll.arrivals,
    since(costs?.transports.longPoll, undefined),
    clock?.offsetMs ?? 0,
    elapsedMs,
  );
  const {phase, since: heldSince} = longPoll.state;
  const held = phase === 'waiting' && heldSince !== null ? Math.max(0, now - heldSince) : null;
  const announcement = useThrottledAnnouncement(
    `${figures.requests} requests, ${figures.events} events, ${figures.emptyResponses} timed out empty; median delay ${formatMs(figures.p50)}.`,
  );

  return (
    <DemoFrame title="Long polling" connection={connection}>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <div className={styles.parked} data-phase={phase}>
        {held !== null ? (
          <>
            <p className={styles.parkedTitle}>One request is held by the server, for</p>
            <p className={styles.elapsed} data-testid="held-for">
              {(held / 1000).toFixed(reduced ? 0 : 1)} s
            </p>
            <div
              className={styles.bar}
              role="meter"
              aria-label="Time held, out of the server's 25 s timeout"
              aria-valuemin={0}
              aria-valuemax={SERVER_TIMEOUT_MS / 1000}
              aria-valuenow={Math.round(held / 1000)}
            >
              <span style={{width: `${Math.min(100, (held / SERVER_TIMEOUT_MS) * 100)}%`}} />
            </div>
            <p className={styles.note}>
              It is answered the moment an event is emitted, or with 204 No Content after 25 s. Either way the page asks
              again at once, so exactly one request is always waiting at the server.
            </p>
          </>
        ) : (
          <p className={styles.parkedTitle}>
            {phase === 'retrying' ? 'Reconnecting…' : 'Answer in; the next request is on its way.'}
          </p>
        )}
      </div>
      <Figures
        figures={figures}
        show={['requests', 'events', 'empty', 'delay', 'bytes', 'bytesPerEvent', 'connections']}
      />
      <ActivityLog activity={longPoll.activity} label="Requests and answers, newest first" />
    </DemoFrame>
  );
}
