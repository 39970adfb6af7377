/**
 * The matrix: GET and POST against each redirect status, one row each, with what `fetch` gave the page beside the
 * hops the server received.
 */
import type {ReactNode} from 'react';
import {ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import {REDIRECT_STATUSES} from '../../../../demo-server/src/contract/redirects.ts';
import {MATRIX_METHODS, pathOfUrl, shortPath} from '../../../lib/redirects.ts';
import ScrollableTable from '../../ScrollableTable/index.tsx';
import type {Run} from '../run.ts';
import {cellKey} from '../useRedirectsDemo.ts';
import styles from '../styles.module.css';
import HopList from './HopList.tsx';

function PageCells({run}: {run: Run | undefined}): ReactNode {
  const page = run?.page ?? null;
  if (page === null) {
    return (
      <>
        <td>{run === undefined ? '' : '…'}</td>
        <td />
        <td />
      </>
    );
  }
  if (page.outcome === 'rejected') {
    return (
      <td colSpan={3} data-testid="redirect-cell-error">
        <code>
          {page.name}: {page.message}
        </code>
      </td>
    );
  }
  return (
    <>
      <td data-testid="redirect-cell-redirected">
        <code>{String(page.redirected)}</code>
      </td>
      <td data-testid="redirect-cell-status">
        <code>{page.status}</code> <code>{shortPath(pathOfUrl(page.url))}</code>
      </td>
      <td data-testid="redirect-cell-target">
        {page.target === null ? (
          '—'
        ) : (
          <>
            <code>{page.target.method}</code>, {page.target.bodyBytes} B
          </>
        )}
      </td>
    </>
  );
}

export default function Matrix({cells}: {cells: Readonly<Record<string, Run>>}): ReactNode {
  return (
    <>
      <p className={styles.caption}>
        Each row is one <code>fetch</code>; the hops are what the server received and answered. Paths are under{' '}
        <code>{ENDPOINTS.httpRedirect}</code>.
      </p>
      <ScrollableTable className={styles.matrix} data-testid="redirect-matrix">
        <caption className="sr-only">GET and POST against each redirect status</caption>
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">The server received, hop by hop</th>
            <th scope="col">
              <code>redirected</code>
            </th>
            <th scope="col">
              <code>status</code>, <code>url</code>
            </th>
            <th scope="col">The target got</th>
          </tr>
        </thead>
        <tbody>
          {REDIRECT_STATUSES.flatMap((status) =>
            MATRIX_METHODS.map((method) => {
              const run = cells[cellKey(method, status)];
              const done = run?.page != null && run.server.kind !== 'reading';
              return (
                <tr
                  key={cellKey(method, status)}
                  data-testid="redirect-row"
                  data-method={method}
                  data-status={status}
                  data-done={done}
                >
                  <th scope="row">
                    <code>
                      {method} → {status}
                    </code>
                  </th>
                  <td>{run === undefined ? '' : <HopList server={run.server} />}</td>
                  <PageCells run={run} />
                </tr>
              );
            }),
          )}
        </tbody>
      </ScrollableTable>
    </>
  );
}
