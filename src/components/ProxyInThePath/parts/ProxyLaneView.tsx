import clsx from 'clsx';
import type {ReactNode} from 'react';
import {formatMs} from '../../../lib/format.ts';
import ServerSaw from '../../ServerSaw/index.tsx';
import {ActivityLog, phaseLabel} from '../../TransportParts/index.tsx';
import raceStyles from '../../PollingRace/styles.module.css';
import type {ProxyLane} from '../useProxyInThePath.ts';
import styles from '../styles.module.css';

/** One transport through the proxy: what the page measured, what its client said, and what the server saw. */
export default function ProxyLaneView({lane, onAsk}: {lane: ProxyLane; onAsk: () => void}): ReactNode {
  const {figures} = lane;
  return (
    <section
      className={clsx(styles.lane, raceStyles[lane.key])}
      aria-label={`${lane.name} through the proxy`}
      data-transport={lane.key}
      data-events={figures.events}
      data-first-event-ms={figures.firstEventMs ?? ''}
      data-gaps={figures.gaps}
      data-duplicates={figures.duplicates}
      data-largest-lump={figures.largestLump}
      data-failures={figures.failures}
      data-attempts={figures.attempts}
      data-attempt-id={lane.attempt}
    >
      <h3 className={styles.laneTitle}>
        <span className={styles.dot} aria-hidden="true" /> {lane.name}
      </h3>
      <p className={styles.phase}>{phaseLabel(lane.state)}</p>
      <dl className={styles.figures}>
        <div>
          <dt>First event after</dt>
          <dd>{figures.firstEventMs === null ? 'none yet' : formatMs(figures.firstEventMs)}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd>{figures.events}</dd>
        </div>
        <div>
          <dt>Lost / repeated</dt>
          <dd>
            {figures.gaps} / {figures.duplicates}
          </dd>
        </div>
        <div>
          <dt>Largest lump</dt>
          <dd>
            {figures.largestLump} event{figures.largestLump === 1 ? '' : 's'}
          </dd>
        </div>
        <div>
          <dt>Longest silence</dt>
          <dd>{formatMs(figures.longestSilenceMs)}</dd>
        </div>
        <div>
          <dt>Delay p50</dt>
          <dd>{formatMs(figures.p50)}</dd>
        </div>
        <div>
          <dt>Failures / tries</dt>
          <dd>
            {figures.failures} / {figures.attempts}
          </dd>
        </div>
      </dl>
      <p className={styles.lastFailure} data-testid="last-failure">
        {figures.lastFailure === null ? 'No failure so far.' : `Last failure: ${figures.lastFailure}`}
      </p>
      <ActivityLog activity={lane.activity} label={`${lane.name}: what the client did`} limit={12} />
      <button
        type="button"
        className={clsx('button button--sm button--secondary', styles.ask)}
        onClick={onAsk}
        disabled={lane.serverSaw.kind === 'reading'}
      >
        What did the server see? ({lane.name})
      </button>
      <ServerSaw
        state={lane.serverSaw}
        title={`What the server saw behind the proxy: ${lane.name}`}
        idleText="Ask, and the server gives what it received from the proxy and answered, with the proxy's own notes."
      />
    </section>
  );
}
