import {useId, type ReactNode} from 'react';
import {
  HTTP_INSPECT_CONNECTIONS,
  HTTP_INSPECT_FRAMINGS,
  HTTP_INSPECT_METHODS,
  type HttpInspectMethod,
} from '../../../../demo-server/src/contract/httpInspect.ts';
import {ENDPOINTS} from '../../../../demo-server/src/contract/endpoints.ts';
import {HTTP_INSPECT_LIMITS} from '../../../../demo-server/src/limits.ts';
import {carriesBody, FORBIDDEN_EXAMPLES, type InspectorForm} from '../form.ts';
import styles from '../styles.module.css';

type Props = {
  form: InspectorForm;
  setForm: (update: (form: InspectorForm) => InspectorForm) => void;
  problem: string | null;
  disabled: boolean;
  onSend: () => void;
};

const FRAMING_LABELS = {'content-length': 'Content-Length', chunked: 'Chunked'} as const;
const CONNECTION_LABELS = {'keep-alive': 'Keep the connection open', close: 'Connection: close'} as const;

/** The request the reader composes, and how the server is to frame its answer. */
export default function RequestForm({form, setForm, problem, disabled, onSend}: Props): ReactNode {
  const id = useId();
  const setHeader = (index: number, field: 'name' | 'value', value: string) =>
    setForm((current) => ({
      ...current,
      headers: current.headers.map((row, i) => (i === index ? {...row, [field]: value} : row)),
    }));
  const full = form.headers.length >= HTTP_INSPECT_LIMITS.maxRequestHeaders;
  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        onSend();
      }}
    >
      <fieldset className={styles.fieldset}>
        <legend>Your request</legend>
        <div className={styles.requestLine}>
          <label htmlFor={`${id}-method`}>Method</label>
          <select
            id={`${id}-method`}
            className="otw-input"
            value={form.method}
            onChange={(event) => {
              const method: HttpInspectMethod =
                HTTP_INSPECT_METHODS.find((known) => known === event.target.value) ?? 'GET';
              setForm((current) => ({...current, method}));
            }}
          >
            {HTTP_INSPECT_METHODS.map((method) => (
              <option key={method}>{method}</option>
            ))}
          </select>
          <label htmlFor={`${id}-path`}>
            Path below <code>{ENDPOINTS.httpInspect}/…/</code>
          </label>
          <input
            id={`${id}-path`}
            className="otw-input"
            value={form.path}
            maxLength={200}
            spellCheck={false}
            onChange={(event) => {
              const path = event.target.value;
              setForm((current) => ({...current, path}));
            }}
          />
        </div>
        <p className={styles.label} id={`${id}-headers`}>
          Headers your script sets (at most {HTTP_INSPECT_LIMITS.maxRequestHeaders})
        </p>
        <ul className={styles.headerRows} aria-labelledby={`${id}-headers`}>
          {form.headers.map((row, index) => (
            <li key={index} className={styles.headerRow}>
              <input
                className="otw-input"
                aria-label={`Header ${index + 1} name`}
                value={row.name}
                spellCheck={false}
                onChange={(event) => setHeader(index, 'name', event.target.value)}
              />
              <input
                className="otw-input"
                aria-label={`Header ${index + 1} value`}
                value={row.value}
                spellCheck={false}
                onChange={(event) => setHeader(index, 'value', event.target.value)}
              />
              <button
                type="button"
                className="button button--sm button--secondary"
                aria-label={`Remove header ${index + 1}${row.name === '' ? '' : ` (${row.name})`}`}
                onClick={() =>
                  setForm((current) => ({...current, headers: current.headers.filter((_, i) => i !== index)}))
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className={styles.buttons}>
          <button
            type="button"
            className="button button--sm button--secondary"
            disabled={full}
            onClick={() => setForm((current) => ({...current, headers: [...current.headers, {name: '', value: ''}]}))}
          >
            Add a header
          </button>
          <button
            type="button"
            className="button button--sm button--secondary"
            data-testid="add-forbidden"
            disabled={form.headers.length + FORBIDDEN_EXAMPLES.length > HTTP_INSPECT_LIMITS.maxRequestHeaders}
            onClick={() => setForm((current) => ({...current, headers: [...current.headers, ...FORBIDDEN_EXAMPLES]}))}
          >
            Try to set Host, Cookie, Connection, User-Agent
          </button>
        </div>
        <label htmlFor={`${id}-body`} className={styles.label}>
          Body{' '}
          {carriesBody(form.method)
            ? `(at most ${HTTP_INSPECT_LIMITS.maxBodyBytes} bytes)`
            : `(a ${form.method} request has none in fetch)`}
        </label>
        <textarea
          id={`${id}-body`}
          className="otw-input"
          rows={2}
          value={form.body}
          disabled={!carriesBody(form.method)}
          onChange={(event) => {
            const body = event.target.value;
            setForm((current) => ({...current, body}));
          }}
        />
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>How the server answers</legend>
        <div className={styles.options}>
          <div role="radiogroup" aria-label="Framing of the response body" className={styles.radios}>
            {HTTP_INSPECT_FRAMINGS.map((framing) => (
              <label key={framing}>
                <input
                  type="radio"
                  name={`${id}-framing`}
                  checked={form.options.framing === framing}
                  onChange={() => setForm((current) => ({...current, options: {...current.options, framing}}))}
                />{' '}
                {FRAMING_LABELS[framing]}
              </label>
            ))}
          </div>
          <label>
            Chunks{' '}
            <input
              type="number"
              className="otw-input"
              min={1}
              max={HTTP_INSPECT_LIMITS.maxChunks}
              value={form.options.chunks}
              disabled={form.options.framing !== 'chunked'}
              onChange={(event) => {
                const chunks = Math.min(
                  HTTP_INSPECT_LIMITS.maxChunks,
                  Math.max(1, Math.round(Number(event.target.value) || 1)),
                );
                setForm((current) => ({...current, options: {...current.options, chunks}}));
              }}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.options.trailer}
              disabled={form.options.framing !== 'chunked'}
              onChange={(event) => {
                const trailer = event.target.checked;
                setForm((current) => ({...current, options: {...current.options, trailer}}));
              }}
            />{' '}
            A trailer field
          </label>
          <div role="radiogroup" aria-label="Connection after the response" className={styles.radios}>
            {HTTP_INSPECT_CONNECTIONS.map((connection) => (
              <label key={connection}>
                <input
                  type="radio"
                  name={`${id}-connection`}
                  checked={form.options.connection === connection}
                  onChange={() => setForm((current) => ({...current, options: {...current.options, connection}}))}
                />{' '}
                {CONNECTION_LABELS[connection]}
              </label>
            ))}
          </div>
        </div>
      </fieldset>
      {problem !== null ? (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      ) : null}
      <button
        type="submit"
        className="button button--primary"
        disabled={disabled || problem !== null}
        data-testid="send"
      >
        Send it
      </button>
    </form>
  );
}
