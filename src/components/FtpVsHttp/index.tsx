import {FTP_VS_HTTP_FILES, type FtpVsHttpFile} from '../../../demo-server/src/contract/ftpVsHttp.ts';
import {FTP_VS_HTTP_LIMITS} from '../../../demo-server/src/limits.ts';
import {useId, useState, type ReactNode, type SubmitEvent} from 'react';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {useReducedMotion} from '../../lib/useReducedMotion.ts';
import SequenceDiagram from './parts/SequenceDiagram.tsx';
import Tally from './parts/Tally.tsx';
import Transcript from './parts/Transcript.tsx';
import styles from './styles.module.css';
import {useFtpVsHttp} from './useFtpVsHttp.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

const SIDES = [
  {protocol: 'ftp', heading: 'FTP (RFC 959)', note: 'a control connection, and a data connection per transfer'},
  {protocol: 'http', heading: 'HTTP/1.1 (RFC 9112)', note: 'one connection, one request, one response'},
] as const;

/** One file fetched by FTP and by HTTP from the demo server, both conversations drawn side by side. */
export default function FtpVsHttp(): ReactNode {
  const {connection, run, running, error, announcement, start} = useRecordable(useFtpVsHttp(), {
    paths: [ENDPOINTS.ftpVsHttp, ENDPOINTS.health],
  });
  const [file, setFile] = useState<FtpVsHttpFile>('welcome.txt');
  const reducedMotion = useReducedMotion();
  const selectId = useId();
  const live = connection.state.status === 'live';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    start(file);
  };

  return (
    <DemoFrame title="FTP and HTTP, side by side" connection={connection}>
      <LiveRegion throttle={4_000}>{announcement}</LiveRegion>
      <form className={styles.form} onSubmit={onSubmit}>
        <label htmlFor={selectId}>File</label>
        <select
          id={selectId}
          className={styles.select}
          value={file}
          onChange={(event) => {
            const chosen = FTP_VS_HTTP_FILES.find((name) => name === event.target.value);
            if (chosen) setFile(chosen);
          }}
        >
          {FTP_VS_HTTP_FILES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--primary" disabled={!live || running}>
          {running ? 'Fetching…' : 'Fetch it both ways'}
        </button>
      </form>
      <p className={styles.hint}>
        The demo server fetches the file from its own FTP server (listening on 127.0.0.1 only) with the basic-ftp
        client, then over HTTP from itself, and shows both conversations as they crossed the wire. At most{' '}
        {FTP_VS_HTTP_LIMITS.runsPerMinutePerClient} runs a minute.
      </p>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {run ? (
        <>
          {run.summary ? <Tally summary={run.summary} /> : null}
          <div className={styles.sides}>
            {SIDES.map((side) => (
              <section
                key={side.protocol}
                className={styles.side}
                aria-label={side.heading}
                data-protocol={side.protocol}
              >
                <h3 className={styles.sideHeading}>{side.heading}</h3>
                <p className={styles.sideNote}>{side.note}</p>
                <SequenceDiagram protocol={side.protocol} steps={run.steps[side.protocol]} animate={!reducedMotion} />
                <Transcript label={`${side.heading} transcript`} steps={run.steps[side.protocol]} />
              </section>
            ))}
          </div>
        </>
      ) : (
        <p className={styles.hint}>Choose a file and fetch it: nothing has crossed the wire yet.</p>
      )}
    </DemoFrame>
  );
}
