import type {ReactNode} from 'react';
import {formatCount} from '../../../lib/format.ts';
import {TIMING_ATTRIBUTES, type TimedRequest} from '../../../lib/resourceTiming.ts';
import ScrollableTable from '../../ScrollableTable/index.tsx';
import styles from '../styles.module.css';

/** The entries' attributes as the browser gave them, side by side: zeros where it hid them. */
export default function RawTable({fresh, reused}: {fresh: TimedRequest; reused: TimedRequest}): ReactNode {
  const cell = (value: number) => (value === 0 ? <span className={styles.zero}>0</span> : value.toFixed(1));
  return (
    <ScrollableTable className={styles.table} data-testid="timing-raw">
      <thead>
        <tr>
          <th scope="col">Mark (ms)</th>
          <th scope="col">New</th>
          <th scope="col">Reused</th>
        </tr>
      </thead>
      <tbody>
        {TIMING_ATTRIBUTES.map((name) => (
          <tr key={name} data-attribute={name} data-fresh={fresh.raw[name]} data-reused={reused.raw[name]}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>{cell(fresh.raw[name])}</td>
            <td>{cell(reused.raw[name])}</td>
          </tr>
        ))}
        <tr
          data-attribute="encodedBodySize"
          data-fresh={fresh.raw.encodedBodySize}
          data-reused={reused.raw.encodedBodySize}
        >
          <th scope="row">
            <code>encodedBodySize</code> (bytes)
          </th>
          <td>{formatCount(fresh.raw.encodedBodySize)}</td>
          <td>{formatCount(reused.raw.encodedBodySize)}</td>
        </tr>
        <tr data-attribute="nextHopProtocol">
          <th scope="row">
            <code>nextHopProtocol</code>
          </th>
          <td>{fresh.raw.nextHopProtocol === '' ? '(empty)' : fresh.raw.nextHopProtocol}</td>
          <td>{reused.raw.nextHopProtocol === '' ? '(empty)' : reused.raw.nextHopProtocol}</td>
        </tr>
      </tbody>
    </ScrollableTable>
  );
}
