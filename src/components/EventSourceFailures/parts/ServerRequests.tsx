import type {ReactNode} from 'react';
import type {AttemptRecord} from '../../../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import ScrollableTable from '../../ScrollableTable/index.tsx';
import {serverRequests, withoutAttempt} from '../timeline.ts';
import styles from '../styles.module.css';

type Props = {record: AttemptRecord};

/**
 * The requests of the attempt in one table: where each went, the Last-Event-ID it carried, the status it got, and
 * how long after the previous one ended it arrived (the server's clock). The full heads follow, in ServerSaw.
 */
export default function ServerRequests({record}: Props): ReactNode {
  const requests = serverRequests(record.exchanges);
  return (
    <>
      <p className={styles.tableTitle}>
        Every request of the attempt, in short (request-targets without their attempt id; times on the server&apos;s
        clock):
      </p>
      <ScrollableTable className={styles.requests} data-testid="server-requests" data-count={requests.length}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Query</th>
            <th scope="col">Last-Event-ID</th>
            <th scope="col">Answer</th>
            <th scope="col">After the previous</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request, i) => (
            <tr key={i} data-last-event-id={request.lastEventId ?? ''}>
              <td>{i + 1}</td>
              <td>
                <code>{withoutAttempt(request.target).replace(ENDPOINTS.eventsFaults, '')}</code>
              </td>
              <td>{request.lastEventId === null ? '(none)' : <code>{request.lastEventId}</code>}</td>
              <td>{request.status ?? '(none)'}</td>
              <td>{request.afterPreviousEndMs === null ? '—' : `${Math.round(request.afterPreviousEndMs)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </ScrollableTable>
    </>
  );
}
