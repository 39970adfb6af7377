import type {ReactNode} from 'react';
import {formatMsTenths} from '../../../lib/format.ts';
import type {Summary} from '../useFtpVsHttp.ts';
import styles from '../styles.module.css';

/** The two protocols' costs for the same file, side by side. */
export default function Tally({summary}: {summary: Summary}): ReactNode {
  const rows: [string, string, string][] = [
    ['TCP connections', String(summary.ftp.connections), String(summary.http.connections)],
    ['Round trips', String(summary.ftp.roundTrips), String(summary.http.roundTrips)],
    ['Commands or requests sent', String(summary.ftp.messages), String(summary.http.messages)],
    ['Bytes on the wire', String(summary.ftp.bytes), String(summary.http.bytes)],
    ['File bytes received', String(summary.ftp.fileBytes), String(summary.http.fileBytes)],
    ['Duration', formatMsTenths(summary.ftp.durationMs), formatMsTenths(summary.http.durationMs)],
  ];
  return (
    <div className={styles.tally}>
      <table>
        <caption>
          Fetching <code>{summary.file}</code> both ways
        </caption>
        <thead>
          <tr>
            <th scope="col">Cost</th>
            <th scope="col">FTP</th>
            <th scope="col">HTTP</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, ftp, http]) => (
            <tr key={name} data-row={name}>
              <th scope="row">{name}</th>
              <td>{ftp}</td>
              <td>{http}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={summary.sameBytes ? styles.same : styles.differ} data-same-bytes={summary.sameBytes}>
        {summary.sameBytes ? 'Same bytes' : 'Different bytes'}: SHA-256 <code>{summary.ftp.sha256.slice(0, 16)}…</code>{' '}
        {summary.sameBytes ? 'for both' : `against ${summary.http.sha256.slice(0, 16)}…`}. The{' '}
        {summary.passivePort === null
          ? 'passive reply named no port'
          : `passive reply named port ${summary.passivePort}`}
        {summary.dataPort === null ? '.' : `; the data connection went to port ${summary.dataPort}.`} Round trips: one
        per TCP handshake, plus one per command or request the client waited on.
      </p>
    </div>
  );
}
