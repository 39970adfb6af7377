import clsx from 'clsx';
import type {ReactNode} from 'react';
import {REACH_PROBES, type ReachProbe, type ReachReport, type ReachResult} from '../../../lib/codeOnDemand.ts';
import styles from '../styles.module.css';

/** Each probe as a question the cells answer yes or no. */
const PROBE_QUESTIONS: Record<ReachProbe, string> = {
  origin: "Does it run as the page's origin?",
  document: "Can it reach the page's document?",
  indexedDB: "Can it open the site's IndexedDB?",
  cacheStorage: "Can it open the site's Cache Storage?",
  pageRequest: 'Can it read this page, sending its cookies?',
};

function Cell({result, pending}: {result: ReachResult | undefined; pending: string}): ReactNode {
  if (result === undefined) return <td className={styles.muted}>{pending}</td>;
  return (
    <td className={clsx(result.reached ? styles.reached : styles.refused)} data-reached={String(result.reached)}>
      <span className={styles.reachWord}>{result.reached ? 'Yes' : 'No'}</span>{' '}
      <span className={styles.reachDetail}>({result.detail})</span>
    </td>
  );
}

type Props = {
  runShipped: boolean;
  sandboxed: ReachReport | null;
  pageWorker: ReachReport | null;
};

/**
 * What code in a worker could reach, measured in this browser: in the
 * sandboxed worker that runs the shipped code, and in a worker the page made
 * from a blob: URL. Every cell is a result the browser gave, not a claim.
 */
export default function ReachTable({runShipped, sandboxed, pageWorker}: Props): ReactNode {
  return (
    <table className={styles.reach} data-testid="reach">
      <caption>What the code could reach, measured just now in your browser</caption>
      <thead>
        <tr>
          <th scope="col">Code in a worker</th>
          <th scope="col">In the sandbox (runs the shipped code)</th>
          <th scope="col">In a worker the page made from a blob: URL</th>
        </tr>
      </thead>
      <tbody>
        {REACH_PROBES.map((probe) => (
          <tr key={probe} data-probe={probe}>
            <th scope="row">{PROBE_QUESTIONS[probe]}</th>
            <Cell result={sandboxed?.[probe]} pending={runShipped ? 'Measuring…' : 'Not running'} />
            <Cell result={pageWorker?.[probe]} pending="Measuring…" />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
