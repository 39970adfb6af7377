import clsx from 'clsx';
import {useCallback, useEffect, useId, useState, type ReactNode} from 'react';
import type {CostReport, RealtimeTransport} from '../../../demo-server/src/contract.ts';
import {formatBytes, formatMs} from '../../lib/format.ts';
import {
  LongPollClient,
  SseClient,
  ShortPollClient,
  WebSocketPushClient,
  type TransportState,
} from '../../lib/realtime/transports.ts';
import {delayOf, useTransport, type Arrival} from '../../lib/realtime/useTransport.ts';
import {useRunningTime} from '../../lib/realtime/useRunningTime.ts';
import {fetchCosts, useCosts, useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import {useNow, useReducedMotion} from '../../lib/useReducedMotion.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {IntervalSelect} from '../TransportParts/index.tsx';
import {laneFigures, since, type LaneFigures} from '../../lib/realtime/figures.ts';
import styles from './styles.module.css';
import Timeline from './Timeline.tsx';

const INTERVALS = [250, 500, 1000, 2000, 5000] as const;
const DEFAULT_INTERVAL_MS = 1000;

export const LANES: readonly {key: RealtimeTransport; name: string}[] = [
  {key: 'poll', name: 'Short polling'},
  {key: 'longPoll', name: 'Long polling'},
  {key: 'sse', name: 'Server-Sent Events'},
  {key: 'ws', name: 'WebSocket'},
];

function phaseLabel(state: TransportState): string {
  switch (state.phase) {
    case 'waiting':
      return 'request out';
    case 'idle':
      return 'waiting for the next poll';
    case 'live':
      return 'connection open';
    case 'retrying':
      return 'reconnecting';
    default:
      return 'paused';
  }
}

type LaneProps = {
  name: string;
  transport: RealtimeTransport;
  figures: LaneFigures;
  arrivals: readonly Arrival[];
  state: TransportState;
  offsetMs: number;
};

function Lane({name, transport, figures, arrivals, state, offsetMs}: LaneProps): ReactNode {
  const recent = arrivals.slice(-8).reverse();
  return (
    <section
      className={clsx(styles.lane, styles[transport])}
      aria-label={name}
      data-transport={transport}
      data-events={figures.events}
      data-first-id={figures.firstId ?? ''}
      data-last-id={figures.lastId ?? ''}
      data-gaps={figures.gaps}
      data-duplicates={figures.duplicates}
      data-requests={figures.requests}
      data-bytes={figures.bytesIn + figures.bytesOut}
      data-p50={figures.p50 ?? ''}
    >
      <h3 className={styles.laneTitle}>
        <span className={styles.dot} aria-hidden="true" /> {name}
      </h3>
      <p className={styles.phase}>{phaseLabel(state)}</p>
      <dl className={styles.figures}>
        <div>
          <dt>Events</dt>
          <dd>{figures.events}</dd>
        </div>
        <div>
          <dt>Delay p50 / p95</dt>
          <dd>
            {formatMs(figures.p50)} / {formatMs(figures.p95)}
          </dd>
        </div>
        <div>
          <dt>Requests</dt>
          <dd>{figures.requests}</dd>
        </div>
        <div>
          <dt>Empty answers</dt>
          <dd>{figures.emptyResponses}</dd>
        </div>
        <div>
          <dt>Bytes in / out</dt>
          <dd>
            {formatBytes(figures.bytesIn)} / {formatBytes(figures.bytesOut)}
          </dd>
        </div>
      </dl>
      <ol className={styles.log} aria-label={`${name}: latest events`}>
        {recent.map((arrival) => (
          <li key={arrival.id}>
            <span>#{arrival.id}</span> <span>{formatMs(delayOf(arrival, offsetMs))}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

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

type Props = {
  /** The lanes to race, in the usual order whatever order is given; all four by default. Short polling is always one. */
  transports?: readonly RealtimeTransport[];
  /** The short form for posts: no clock explanation and no table of figures (the lanes keep theirs). */
  compact?: boolean;
};

/**
 * The polling race: short polling, long polling, Server-Sent Events and
 * WebSocket push follow the same event stream at once, from the same event,
 * under one reader session. The page measures each event's delay on the
 * server's clock; the server counts what each transport cost on the socket.
 */
export default function PollingRace({transports, compact = false}: Props): ReactNode {
  const shown = LANES.filter(({key}) => key === 'poll' || transports === undefined || transports.includes(key));
  const races = (key: RealtimeTransport) => shown.some((lane) => lane.key === key);
  const session = useRealtimeSession();
  const {clock, connection} = session;
  const [running, setRunning] = useState(true);
  const [hidden, setHidden] = useState(false);
  const [intervalMs, setIntervalMs] = useState<number>(DEFAULT_INTERVAL_MS);
  const [baseline, setBaseline] = useState<CostReport | null>(null);
  const intervalId = useId();
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
  const lanes = {poll, longPoll, sse, ws};
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

  const summary = notice(figures, shown);

  return (
    <DemoFrame
      title="The polling race"
      connection={connection}
      actions={
        <>
          <button
            type="button"
            className="button button--sm button--primary"
            onClick={() => setRunning((value) => !value)}
            aria-pressed={!running}
          >
            {running ? 'Pause' : 'Resume'}
          </button>
          <button type="button" className="button button--sm button--secondary" onClick={reset}>
            Reset
          </button>
        </>
      }
    >
      <LiveRegion throttle>{announcement}</LiveRegion>
      <div className={styles.controls}>
        <IntervalSelect
          id={intervalId}
          label="Short-polling interval"
          value={intervalMs}
          options={INTERVALS}
          onChange={setIntervalMs}
        />
        <p className={styles.clock}>
          {compact && clock ? (
            <>
              Delays are on the server&apos;s clock (yours is {formatMs(Math.abs(clock.offsetMs))}{' '}
              {clock.offsetMs >= 0 ? 'behind' : 'ahead'}, ± {formatMs(clock.roundTripMs / 2)}).
            </>
          ) : clock ? (
            <>
              Server clock {clock.offsetMs >= 0 ? 'ahead of' : 'behind'} yours by{' '}
              <strong>{formatMs(Math.abs(clock.offsetMs))}</strong> ± {formatMs(clock.roundTripMs / 2)}, measured
              NTP-style: the best of {clock.samples.length} round trips to <code>GET /time</code>. Delays below are on
              the server&apos;s clock: arrival here plus the offset, minus when the server emitted the event.
            </>
          ) : (
            'Measuring the clock offset…'
          )}
        </p>
      </div>
      {!running ? <p className={styles.paused}>Paused. Resume continues each transport where it stopped.</p> : null}
      {running && hidden ? (
        <p className={styles.paused}>
          Paused while this tab was hidden, so an unwatched race costs the server nothing.
        </p>
      ) : null}
      <Timeline
        lanes={shown.map(({key, name}) => ({key, name, arrivals: lanes[key].arrivals}))}
        offsetMs={offsetMs}
        now={now}
        reduced={reduced}
      />
      <div className={styles.lanes}>
        {shown.map(({key, name}) => (
          <Lane
            key={key}
            name={name}
            transport={key}
            figures={figures[key]}
            arrivals={lanes[key].arrivals}
            state={lanes[key].state}
            offsetMs={offsetMs}
          />
        ))}
      </div>
      {summary ? <p className={styles.notice}>{summary}</p> : null}
      {compact ? null : (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrolls sideways on a phone
        <div className={styles.tableScroll} tabIndex={0} role="region" aria-label="The race in figures">
          <table className={styles.table}>
            <caption>
              Counted by the server on the socket (headers included) for this page only, over {formatMs(elapsedMs)} of
              racing.
            </caption>
            <thead>
              <tr>
                <th scope="col">Transport</th>
                <th scope="col">Events</th>
                <th scope="col">Delay p50</th>
                <th scope="col">Delay p95</th>
                <th scope="col">Requests</th>
                <th scope="col">Requests / min</th>
                <th scope="col">Empty answers</th>
                <th scope="col">Bytes in</th>
                <th scope="col">Bytes out</th>
                <th scope="col">Bytes / event</th>
                <th scope="col">Connections used</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({key, name}) => {
                const f = figures[key];
                return (
                  <tr key={key}>
                    <th scope="row">{name}</th>
                    <td>{f.events}</td>
                    <td>{formatMs(f.p50)}</td>
                    <td>{formatMs(f.p95)}</td>
                    <td>{f.requests}</td>
                    <td>{f.requestsPerMinute === null ? '—' : Math.round(f.requestsPerMinute)}</td>
                    <td>{f.emptyResponses}</td>
                    <td>{formatBytes(f.bytesIn)}</td>
                    <td>{formatBytes(f.bytesOut)}</td>
                    <td>{f.bytesPerEvent === null ? '—' : formatBytes(Math.round(f.bytesPerEvent))}</td>
                    <td>{f.connections}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </DemoFrame>
  );
}
