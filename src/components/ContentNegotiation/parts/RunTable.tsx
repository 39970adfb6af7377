import type {ReactNode} from 'react';
import {formatCount} from '../../../lib/format.ts';
import {ratio} from '../../../lib/resourceTiming.ts';
import type {RunResult} from '../useContentNegotiation.ts';
import ScrollableTable from '../../ScrollableTable/index.tsx';
import styles from '../styles.module.css';

const bytes = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${formatCount(n)} B`);

/**
 * One row per run: what was asked, what the server chose, and the size three ways: the server's count of what it
 * wrote, the browser's Resource Timing entry, and the bytes script received after the browser decoded them.
 */
export default function RunTable({results}: {results: readonly RunResult[]}): ReactNode {
  return (
    <ScrollableTable className={styles.table} data-testid="negotiation-runs">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Asked</th>
          <th scope="col">Sent as</th>
          <th scope="col">Server wrote (head + body)</th>
          <th scope="col">
            <code>encodedBodySize</code>
          </th>
          <th scope="col">
            <code>transferSize</code>
          </th>
          <th scope="col">
            <code>decodedBodySize</code>
          </th>
          <th scope="col">Script got</th>
          <th scope="col">Smaller by</th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) =>
          result.kind === 'failed' ? (
            <tr key={result.number} data-testid="negotiation-run" data-asked={result.asked} data-failed="true">
              <td>#{result.number}</td>
              <td>{result.asked}</td>
              <td colSpan={7} className={styles.failed}>
                The page got no body: <code>{result.error}</code>
              </td>
            </tr>
          ) : (
            <tr
              key={result.run.number}
              data-testid="negotiation-run"
              data-asked={result.run.asked}
              data-coding={result.run.record?.coding ?? result.run.contentEncoding ?? 'identity'}
              data-encoded={result.run.sizes?.encodedBodySize ?? ''}
              data-decoded={result.run.sizes?.decodedBodySize ?? ''}
              data-transfer={result.run.sizes?.transferSize ?? ''}
              data-written={result.run.record?.bytesWritten ?? ''}
              data-head={result.run.record?.headBytes ?? ''}
              data-body={result.run.record?.encodedBytes ?? ''}
              data-script={result.run.scriptBytes}
            >
              <td>#{result.run.number}</td>
              <td>{result.run.asked}</td>
              <td>
                <code>{result.run.contentEncoding ?? 'identity'}</code>
              </td>
              <td>
                {result.run.record === null ? (
                  'not read'
                ) : (
                  <>
                    {bytes(result.run.record.bytesWritten)}
                    <span className={styles.sub}>
                      {formatCount(result.run.record.headBytes)} + {formatCount(result.run.record.encodedBytes)}
                    </span>
                  </>
                )}
              </td>
              <td>{bytes(result.run.sizes?.encodedBodySize)}</td>
              <td>{bytes(result.run.sizes?.transferSize)}</td>
              <td>{bytes(result.run.sizes?.decodedBodySize)}</td>
              <td>{bytes(result.run.scriptBytes)}</td>
              <td>
                {result.run.record
                  ? `${ratio(result.run.record.decodedBytes, result.run.record.encodedBytes) ?? '—'}×`
                  : '—'}
              </td>
            </tr>
          ),
        )}
      </tbody>
    </ScrollableTable>
  );
}
