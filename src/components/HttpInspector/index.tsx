/**
 * The HTTP inspector: the reader composes a request, the page sends it with `fetch` to the demo server, and the
 * server gives back the request's bytes exactly as it read them off the TCP socket and the response's exactly as it
 * wrote them, each part explained, with what the browser added and what it dropped.
 */
import {useState, type ReactNode} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {HTTP_INSPECT_TRAILER_FIELD} from '../../../demo-server/src/contract/httpInspect.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import ExplanationPanel from '../ExplanationPanel/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import {bytesFromBase64, splitMessage, type SplitMessage} from '../../lib/httpMessage.ts';
import {formatCount} from '../../lib/format.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import BrowserAdded from './parts/BrowserAdded.tsx';
import MessageBytes, {type Selection} from './parts/MessageBytes.tsx';
import RequestForm from './parts/RequestForm.tsx';
import WorkItOut from './parts/WorkItOut.tsx';
import styles from './styles.module.css';
import {useHttpInspector, type InspectorRun, type PageView} from './useHttpInspector.ts';

const TITLE = 'HTTP inspector';

interface Shown {
  bytes: Uint8Array;
  message: SplitMessage;
}

function shown(base64: string, side: 'request' | 'response', method: string): Shown {
  const bytes = bytesFromBase64(base64);
  return {bytes, message: splitMessage(bytes, side, method)};
}

/** The arithmetic of one message's framing, for the reader to do. */
function Arithmetic({response, request}: {response: Shown; request: Shown | null}): ReactNode {
  const chunks = response.message.parts.filter((part) => part.kind === 'chunk-size');
  if (response.message.framing.kind === 'chunked' && chunks.length > 0) {
    return (
      <WorkItOut
        question={
          <>
            The response&apos;s chunk sizes are{' '}
            {chunks.map((part) => (
              <code key={part.offset}>{part.sizeHex} </code>
            ))}
            in hexadecimal. How many bytes of content did the server send in all?
          </>
        }
        answer={response.message.contentBytes}
        working={
          <p>
            {chunks
              .map((part) => {
                const digits = Array.from(part.sizeHex ?? '', (digit) => parseInt(digit, 16));
                return `${part.sizeHex} = ${digits.map((digit, i) => `${digit}×16^${digits.length - 1 - i}`).join(' + ')} = ${part.size}`;
              })
              .join('; ')}
            . Together {chunks.map((part) => part.size).join(' + ')} = {response.message.contentBytes} bytes. The CR LF
            after each chunk&apos;s data and the size lines are framing, not content.
          </p>
        }
      />
    );
  }
  const framing = request?.message.framing.kind === 'content-length' ? request : response;
  if (framing.message.framing.kind !== 'content-length') return null;
  const body = framing.message.parts.find((part) => part.kind === 'body');
  const which = framing === request ? 'request' : 'response';
  return (
    <WorkItOut
      question={
        <>
          The {which}&apos;s body is below its empty line. Count its bytes (in UTF-8 a letter or digit is one byte, an
          accented letter two): what must its <code>Content-Length</code> say?
        </>
      }
      answer={framing.message.framing.length}
      working={
        <p>
          The body is {formatCount(body?.bytes.length ?? 0)} bytes, and <code>Content-Length</code> says{' '}
          {framing.message.framing.length}: the recipient reads exactly that many bytes after the empty line, and the
          next byte on the connection begins the next message.
        </p>
      }
    />
  );
}

function PageSaw({page, trailer}: {page: PageView; trailer: boolean}): ReactNode {
  if (page.kind === 'error') {
    return (
      <p className={styles.pageError} data-testid="page-error">
        <code>fetch</code> rejected: <code>{page.message}</code>
      </p>
    );
  }
  return (
    <p className={styles.pageSaw} data-testid="page-saw">
      What your script got from <code>fetch</code>: status {page.status}, {page.body.length} characters of body, and{' '}
      {page.headers.length} header{page.headers.length === 1 ? '' : 's'} it may read (
      {page.headers.map(([name]) => name).join(', ')}): a cross-origin answer shows script only the CORS-safelisted
      ones.
      {trailer
        ? page.headers.some(([name]) => name === HTTP_INSPECT_TRAILER_FIELD.toLowerCase())
          ? ' The trailer field is among them: this browser passed it to the page.'
          : ' The trailer field is not among them: this browser does not pass trailers to the page.'
        : ''}
    </p>
  );
}

function Result({run}: {run: InspectorRun}): ReactNode {
  const [selected, setSelected] = useState<Selection | null>(null);
  const {exchange, preflight} = run;
  if (exchange === null) {
    return run.reading ? (
      <p className={styles.muted}>Sending, then reading what the server recorded…</p>
    ) : (
      <p className={styles.muted}>The server kept no record of this request (it may have expired, or never arrived).</p>
    );
  }
  const request = exchange.request === null ? null : shown(exchange.request, 'request', exchange.method);
  const response = shown(exchange.response, 'response', exchange.method);
  const preflightRequest = preflight?.request == null ? null : shown(preflight.request, 'request', 'OPTIONS');
  const preflightResponse = preflight === null ? null : shown(preflight.response, 'response', 'OPTIONS');
  const fields = request?.message.parts.filter((part) => part.kind === 'field-line') ?? [];
  return (
    <section
      className={styles.result}
      aria-label={`Request ${run.n}, inspected`}
      data-testid="inspected"
      data-run={run.n}
    >
      <p className={styles.url}>
        <code>{exchange.method}</code> <code data-testid="request-url">{run.url}</code>
        {preflight !== null ? ', after a preflight' : ''}. It came from your port{' '}
        <span data-testid="client-port">{exchange.clientPort}</span>:{' '}
        {exchange.clientPort === run.createdOnPort
          ? 'the same TCP connection that carried the request creating this inspection, kept alive.'
          : `a different TCP connection from the one that created this inspection (port ${run.createdOnPort}).`}
      </p>
      {run.page !== null ? (
        <PageSaw page={run.page} trailer={run.form.options.trailer && run.form.options.framing === 'chunked'} />
      ) : null}
      <div className={styles.exchange}>
        {request === null ? (
          <p className={styles.muted} data-testid="request-note">
            {exchange.requestNote}
          </p>
        ) : (
          <MessageBytes
            side="request"
            heading="Request (browser → server)"
            message={request.message}
            size={request.bytes.length}
            selected={selected}
            onSelect={setSelected}
          />
        )}
        <MessageBytes
          side="response"
          heading="Response (server → browser)"
          message={response.message}
          size={response.bytes.length}
          selected={selected}
          onSelect={setSelected}
        />
      </div>
      {request !== null && exchange.requestNote !== null ? (
        <p className={styles.muted} data-testid="request-note">
          {exchange.requestNote}
        </p>
      ) : null}
      <ExplanationPanel
        selected={
          selected === null
            ? null
            : {title: <code>{selected.label}</code>, text: selected.note.text, source: selected.note.source}
        }
        hint="Hover, focus or press a part of either message to read what it does and where the rule comes from."
      />
      <Arithmetic response={response} request={request} />
      {request !== null ? <BrowserAdded fields={fields} asked={run.form.headers} dropped={run.dropped} /> : null}
      {preflight !== null && preflightResponse !== null ? (
        <details className={styles.preflight}>
          <summary>
            The preflight your browser sent first (<code>OPTIONS</code>, connection {preflight.connection})
          </summary>
          <p>
            Your request is not CORS-simple (its method or a header is not on the safelisted list), so before sending it
            the browser asked the server whether it may.
          </p>
          <div className={styles.exchange}>
            {preflightRequest !== null ? (
              <MessageBytes
                side="preflight"
                heading="Preflight request"
                message={preflightRequest.message}
                size={preflightRequest.bytes.length}
                selected={selected}
                onSelect={setSelected}
              />
            ) : null}
            <MessageBytes
              side="preflight-response"
              heading="Preflight response"
              message={preflightResponse.message}
              size={preflightResponse.bytes.length}
              selected={selected}
              onSelect={setSelected}
            />
          </div>
        </details>
      ) : null}
    </section>
  );
}

export default function HttpInspector(): ReactNode {
  const liveInspector = useHttpInspector();
  const {connection, live, busy, run, announcement, failure, send} = useRecordable(liveInspector, {
    paths: [ENDPOINTS.httpInspect, ENDPOINTS.health],
  });
  // The form is the reader's own input, live even during a replay (the recorded request shows in the result).
  const {form, setForm, formProblem} = liveInspector;
  return (
    <DemoFrame title={TITLE} connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <RequestForm form={form} setForm={setForm} problem={formProblem} disabled={!live || busy} onSend={send} />
      <DemoAlert message={failure} />
      {run === null ? (
        <p className={styles.muted}>
          Send the request: its bytes as the server read them, and the answer&apos;s as it wrote them, appear here.
        </p>
      ) : (
        <Result key={run.n} run={run} />
      )}
    </DemoFrame>
  );
}
