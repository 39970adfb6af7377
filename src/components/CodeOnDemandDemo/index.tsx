import clsx from 'clsx';
import {useId, type ReactNode} from 'react';
import {SANDBOX_DOCUMENT} from '../../lib/codeOnDemand.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import ReachTable from './parts/ReachTable.tsx';
import ShippedCode from './parts/ShippedCode.tsx';
import Verdict from './parts/Verdict.tsx';
import styles from './styles.module.css';
import {useCodeOnDemandDemo} from './useCodeOnDemandDemo.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';

/**
 * Code on demand: a validator the server ships runs in a worker inside a
 * sandboxed iframe (an opaque origin) while the reader types; the table shows
 * what that code could and could not reach. Switch it off and the page still
 * works — which is why this constraint is optional.
 */
export default function CodeOnDemandDemo(): ReactNode {
  const {
    connection,
    live,
    shipped,
    runShipped,
    setRunShipped,
    fields,
    setField,
    problems,
    serverSaid,
    failure,
    save,
    attachSandbox,
    onSandboxLoad,
    sandboxedReach,
    pageWorkerReach,
  } = useRecordable(useCodeOnDemandDemo(), {paths: [ENDPOINTS.noteValidator, ENDPOINTS.api, ENDPOINTS.health]});
  const ids = {title: useId(), body: useId(), tags: useId(), toggle: useId()};
  return (
    <DemoFrame title="Code on demand" connection={connection}>
      <DemoAlert message={failure} />
      <ShippedCode shipped={shipped} />
      <label className={styles.toggle} htmlFor={ids.toggle}>
        <input
          id={ids.toggle}
          type="checkbox"
          checked={runShipped}
          onChange={(event) => setRunShipped(event.target.checked)}
        />{' '}
        Run the downloaded validator (in a worker inside a sandboxed iframe)
      </label>
      {runShipped ? (
        // allow-scripts without allow-same-origin: the document, and the worker it starts, get an opaque origin.
        <iframe
          ref={attachSandbox}
          className={styles.sandbox}
          sandbox="allow-scripts"
          srcDoc={SANDBOX_DOCUMENT}
          title="Sandbox for the downloaded code (shows nothing)"
          tabIndex={-1}
          aria-hidden="true"
          onLoad={onSandboxLoad}
        />
      ) : null}
      <div className={styles.form}>
        <label htmlFor={ids.title}>Title</label>
        <input
          id={ids.title}
          className="otw-input"
          value={fields.title}
          onChange={(event) => setField('title', event.target.value)}
        />
        <label htmlFor={ids.body}>Body</label>
        <textarea
          id={ids.body}
          className="otw-input"
          rows={2}
          value={fields.body}
          onChange={(event) => setField('body', event.target.value)}
        />
        <label htmlFor={ids.tags}>Tags, separated by commas</label>
        <input
          id={ids.tags}
          className="otw-input"
          value={fields.tags}
          onChange={(event) => setField('tags', event.target.value)}
        />
      </div>
      <Verdict runShipped={runShipped} problems={problems} />
      <button type="button" className="button button--sm button--primary" disabled={!live} onClick={() => void save()}>
        Save the note
      </button>
      {serverSaid ? (
        <p
          className={clsx(serverSaid.status < 300 ? styles.good : styles.bad)}
          data-testid="server-verdict"
          aria-live="polite"
        >
          The server checked it too and answered <strong>{serverSaid.status}</strong>: {serverSaid.detail}
        </p>
      ) : null}
      <ReachTable runShipped={runShipped} sandboxed={sandboxedReach} pageWorker={pageWorkerReach} />
    </DemoFrame>
  );
}
