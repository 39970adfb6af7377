import clsx from 'clsx';
import {useId, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import type {RealtimeTransport} from '../../../demo-server/src/contract/events.ts';
import {formatBytes, formatMs} from '../../lib/format.ts';
import type {LaneFigures} from '../../lib/realtime/figures.ts';
import type {TransportState} from '../../lib/realtime/transportClient.ts';
import {delayOf, type Arrival} from '../../lib/realtime/useTransport.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {IntervalSelect, phaseLabel} from '../TransportParts/index.tsx';
import styles from './styles.module.css';
import Timeline from './Timeline.tsx';
import {usePollingRace} from './usePollingRace.ts';

const INTERVALS = [250, 500, 1000, 2000, 5000] as const;

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
  const race = useRecordable(usePollingRace(transports), {
    paths: [
      ENDPOINTS.eventsPoll,
      ENDPOINTS.eventsLongPoll,
      ENDPOINTS.eventsStream,
      ENDPOINTS.eventsWebSocket,
      ENDPOINTS.eventsCosts,
      ENDPOINTS.time,
    ],
  });
  // The lanes this page asked for, from the race's: the same while live; in a replay of the full race (the one
  // recording there is), a page that races fewer shows its own lanes of it.
  const shown = race.shown.filter(({key}) => transports === undefined || key === 'poll' || transports.includes(key));
  const intervalId = useId();

  return (
    <DemoFrame
      title="The polling race"
      connection={race.connection}
      actions={
        <>
          <button
            type="button"
            className="button button--sm button--primary"
            onClick={race.toggleRunning}
            aria-pressed={!race.running}
          >
            {race.running ? 'Pause' : 'Resume'}
          </button>
          <button type="button" className="button button--sm button--secondary" onClick={race.reset}>
            Reset
          </button>
        </>
      }
    >
      <LiveRegion throttle>{race.announcement}</LiveRegion>
      <div className={styles.controls}>
        <IntervalSelect
          id={intervalId}
          label="Short-polling interval"
          value={race.intervalMs}
          options={INTERVALS}
          onChange={race.setIntervalMs}
        />
        <p className={styles.clock}>
          {compact && race.clock ? (
            <>
              Delays are on the server&apos;s clock (yours is {formatMs(Math.abs(race.clock.offsetMs))}{' '}
              {race.clock.offsetMs >= 0 ? 'behind' : 'ahead'}, ± {formatMs(race.clock.roundTripMs / 2)}).
            </>
          ) : race.clock ? (
            <>
              Server clock {race.clock.offsetMs >= 0 ? 'ahead of' : 'behind'} yours by{' '}
              <strong>{formatMs(Math.abs(race.clock.offsetMs))}</strong> ± {formatMs(race.clock.roundTripMs / 2)},
              measured NTP-style: the best of {race.clock.samples.length} round trips to <code>GET /time</code>. Delays
              below are on the server&apos;s clock: arrival here plus the offset, minus when the server emitted the
              event.
            </>
          ) : (
            'Measuring the clock offset…'
          )}
        </p>
      </div>
      {!race.running ? (
        <p className={styles.paused}>Paused. Resume continues each transport where it stopped.</p>
      ) : null}
      {race.running && race.hidden ? (
        <p className={styles.paused}>
          Paused while this tab was hidden, so an unwatched race costs the server nothing.
        </p>
      ) : null}
      <Timeline
        lanes={shown.map(({key, name}) => ({key, name, arrivals: race.lanes[key].arrivals}))}
        offsetMs={race.offsetMs}
        now={race.now}
        reduced={race.reduced}
      />
      <div className={styles.lanes}>
        {shown.map(({key, name}) => (
          <Lane
            key={key}
            name={name}
            transport={key}
            figures={race.figures[key]}
            arrivals={race.lanes[key].arrivals}
            state={race.lanes[key].state}
            offsetMs={race.offsetMs}
          />
        ))}
      </div>
      {race.summary ? <p className={styles.notice}>{race.summary}</p> : null}
      {compact ? null : (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrolls sideways on a phone
        <div className={styles.tableScroll} tabIndex={0} role="region" aria-label="The race in figures">
          <table className={styles.table}>
            <caption>
              Counted by the server on the socket (headers included) for this page only, over {formatMs(race.elapsedMs)}{' '}
              of racing.
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
                const f = race.figures[key];
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
