import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useId, useState, type ReactNode, type SubmitEvent} from 'react';
import type {CommandCloseCode, FrameReport} from '../../../demo-server/src/contract/inspect.ts';
import {closeCodeMeaning} from '../../lib/closeCodes.ts';
import {formatMs} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ScrollableTable from '../ScrollableTable/index.tsx';
import styles from './styles.module.css';
import {useControlFrames} from './useControlFrames.ts';

const PAGE_CODES = [
  {code: 1000, label: '1000 Normal closure'},
  {code: 3000, label: '3000 (registered range, for applications)'},
  {code: 4001, label: '4001 (private range)'},
];

const SERVER_CLOSES: {code: CommandCloseCode; label: string}[] = [
  {code: 1001, label: '1001 Going away'},
  {code: 1008, label: '1008 Policy violation'},
  {code: 1011, label: '1011 Internal error'},
];

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
const fromBase64 = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));

/** Both close frames of the previous connection, as they crossed the server's socket. */
function CloseFramesTable({frames}: {frames: FrameReport[]}): ReactNode {
  return (
    <ScrollableTable className={styles.rounds} data-close-frames>
      <caption className={styles.caption}>The close frames of your previous connection</caption>
      <thead>
        <tr>
          <th scope="col">Direction</th>
          <th scope="col">Bytes on the wire</th>
          <th scope="col">Code and reason</th>
        </tr>
      </thead>
      <tbody>
        {frames.map((frame) => {
          const payload = fromBase64(frame.payload);
          const code = payload.length >= 2 ? ((payload[0] ?? 0) << 8) | (payload[1] ?? 0) : null;
          const reason = new TextDecoder().decode(payload.subarray(2));
          return (
            <tr key={frame.direction} data-close-direction={frame.direction}>
              <td>
                {frame.direction === 'client-to-server' ? 'your browser → server (masked)' : 'server → your browser'}
              </td>
              <td>
                <code>{hex(fromBase64(frame.raw))}</code>
              </td>
              <td>{code === null ? 'no code (the browser reports 1005)' : `${code}${reason ? ` “${reason}”` : ''}`}</td>
            </tr>
          );
        })}
      </tbody>
    </ScrollableTable>
  );
}

/**
 * Control frames live: pings the server sends and the pongs your browser
 * answers with by itself, timed on the server's clock; and closing, started
 * by the page or by the server, with the CloseEvent the page receives.
 */
export default function ControlFrames(): ReactNode {
  const {connection, rounds, closeFrames, announcement, askForPing, closeFromPage, askServerToClose, sendTooBig} =
    useRecordable(useControlFrames(), {paths: [ENDPOINTS.inspect, ENDPOINTS.health]});
  const [code, setCode] = useState(1000);
  const [reason, setReason] = useState('Reader closed the demo');
  const codeId = useId();
  const reasonId = useId();
  const live = connection.state.status === 'live';

  const onClose = (event: SubmitEvent) => {
    event.preventDefault();
    closeFromPage(code, reason);
  };

  return (
    <DemoFrame title="Ping, pong and close" connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <section aria-label="Ping and pong">
        <h3 className={styles.heading}>Ping and pong</h3>
        <p className={styles.hint}>
          Only the server can ping here: a page&apos;s JavaScript has no way to send a ping, and it never sees the pong
          its browser sends back. The demo server reports both frames with the time each crossed its socket.
        </p>
        <button type="button" className="button button--primary button--sm" onClick={askForPing} disabled={!live}>
          Ask the server to ping
        </button>
        {rounds.length === 0 ? (
          <p className={styles.hint}>
            No ping yet. The server also pings every connection every 30 seconds to check it is alive.
          </p>
        ) : (
          <ScrollableTable className={styles.rounds}>
            <thead>
              <tr>
                <th scope="col">Ping payload</th>
                <th scope="col">Sent by</th>
                <th scope="col">Pong</th>
                <th scope="col">Round trip</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((round) => (
                <tr key={`${round.pingAt}-${round.payload}`} data-ping={round.payload}>
                  <td>
                    <code>{round.payload === '' ? '(empty)' : round.payload}</code>
                  </td>
                  <td>{round.asked ? 'server, on request' : 'server heartbeat'}</td>
                  <td>{round.pongAt === null ? 'waiting…' : 'answered by your browser'}</td>
                  <td data-rtt>{round.pongAt === null ? '—' : formatMs(round.pongAt - round.pingAt)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        )}
      </section>

      <section aria-label="Closing">
        <h3 className={styles.heading}>Closing</h3>
        <form className={styles.closeForm} onSubmit={onClose}>
          <label htmlFor={codeId}>Code</label>
          <select
            id={codeId}
            value={code}
            onChange={(event) => setCode(Number(event.target.value))}
            className="otw-input"
          >
            {PAGE_CODES.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label}
              </option>
            ))}
          </select>
          <label htmlFor={reasonId}>Reason</label>
          <input
            id={reasonId}
            className="otw-input"
            value={reason}
            maxLength={100}
            onChange={(event) => setReason(event.target.value)}
          />
          <button type="submit" className="button button--secondary button--sm" disabled={!live}>
            Close from this page
          </button>
        </form>
        <p className={styles.hint}>
          {code}: {closeCodeMeaning(code)}.
        </p>
        <div className={styles.serverCloses} role="group" aria-label="Make the server close">
          {SERVER_CLOSES.map((option) => (
            <button
              key={option.code}
              type="button"
              className="button button--outline button--secondary button--sm"
              disabled={!live}
              onClick={() => askServerToClose(option.code, `You asked for ${option.code}`)}
            >
              Server closes: {option.label}
            </button>
          ))}
          <button
            type="button"
            className="button button--outline button--secondary button--sm"
            disabled={!live}
            onClick={sendTooBig}
          >
            Send a message past the limit (1009)
          </button>
        </div>
        {closeFrames ? (
          <CloseFramesTable frames={closeFrames} />
        ) : (
          <p className={styles.hint}>
            After a close, press Reconnect: the new connection fetches both close frames of the old one, byte by byte.
          </p>
        )}
      </section>
    </DemoFrame>
  );
}
