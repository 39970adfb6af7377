import clsx from 'clsx';
import {useState, type ReactNode} from 'react';
import {ENDPOINTS, type CartAnswer, type ProblemDetails} from '../../../demo-server/src/contract.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useRealtimeSession} from '../../lib/realtime/useRealtimeSession.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import styles from './styles.module.css';

interface Row {
  n: number;
  request: string;
  replica: string;
  status: number;
  outcome: string;
  /** Bytes of state the request itself carried (the session id, or the whole cart). */
  carried: number;
}

const ITEMS = ['apples', 'bread', 'cheese', 'dates', 'eggs', 'figs', 'grapes', 'honey'];

async function call(
  serverUrl: string,
  path: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  item?: string,
): Promise<{response: Response; body: CartAnswer | ProblemDetails | {session: string; replica: string}}> {
  const response = await fetch(httpUrl(serverUrl, `${ENDPOINTS.balanced}${path}`), {
    method,
    headers: item === undefined ? headers : {'Content-Type': 'application/json', ...headers},
    body: item === undefined ? undefined : JSON.stringify({item}),
    cache: 'no-store',
  });
  return {response, body: (await response.json()) as CartAnswer};
}

function Log({rows, label}: {rows: readonly Row[]; label: string}): ReactNode {
  return (
    <ol className={styles.log} aria-label={label}>
      {rows.map((row) => (
        <li
          key={row.n}
          className={clsx(row.status >= 400 ? styles.bad : styles.good)}
          data-replica={row.replica}
          data-status={row.status}
        >
          <span className={styles.replica}>{row.replica}</span>
          <span>
            <code>{row.request}</code> → <strong>{row.status}</strong> {row.outcome}
            <span className={styles.muted}> · carried {row.carried} bytes of state</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * Two replicas behind a round-robin balancer. On the left, the cart lives in
 * a session in the memory of the replica that logged you in; every other
 * request lands on the replica without it. On the right, every request
 * carries the cart itself (signed), so either replica serves it.
 */
export default function StatelessDemo(): ReactNode {
  const {serverUrl, connection} = useRealtimeSession();
  const live = connection.state.status === 'live';
  const [session, setSession] = useState<string | null>(null);
  const [statefulRows, setStatefulRows] = useState<Row[]>([]);
  const [token, setToken] = useState('');
  const [statelessRows, setStatelessRows] = useState<Row[]>([]);
  const [count, setCount] = useState(0);
  const [announcement, setAnnouncement] = useState('');

  const [failure, setFailure] = useState<string | null>(null);
  /** Runs a request; a network failure is said plainly instead of thrown away. */
  const guarded = (action: () => Promise<void>) => () => {
    setFailure(null);
    action().catch((error: unknown) =>
      setFailure(`The request failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  const nextItem = () => ITEMS[count % ITEMS.length] ?? 'item';

  const login = async () => {
    const {response, body} = await call(serverUrl, '/stateful/login', 'POST', {});
    const replica = response.headers.get('Served-By') ?? '?';
    if ('session' in body) setSession(body.session);
    setStatefulRows((rows) => [
      {
        n: rows.length + 1,
        request: 'POST /login',
        replica,
        status: response.status,
        outcome: 'session created here',
        carried: 0,
      },
      ...rows,
    ]);
    setAnnouncement(`Logged in on ${replica}`);
  };

  const addStateful = async () => {
    if (session === null) return;
    const item = nextItem();
    setCount((c) => c + 1);
    const {response, body} = await call(serverUrl, '/stateful/cart', 'POST', {Session: session}, item);
    const replica = response.headers.get('Served-By') ?? '?';
    const outcome = 'items' in body ? `cart: ${body.items.join(', ')}` : 'detail' in body ? body.detail : '';
    setStatefulRows((rows) => [
      {
        n: rows.length + 1,
        request: `POST /cart {"item":"${item}"}`,
        replica,
        status: response.status,
        outcome,
        carried: session.length,
      },
      ...rows,
    ]);
    setAnnouncement(`Session cart on ${replica}: ${response.status}`);
  };

  const addStateless = async () => {
    const item = nextItem();
    setCount((c) => c + 1);
    const {response, body} = await call(serverUrl, '/stateless/cart', 'POST', token ? {'Cart-Token': token} : {}, item);
    const replica = response.headers.get('Served-By') ?? '?';
    const next = response.headers.get('Cart-Token');
    if (next !== null) setToken(next);
    const outcome = 'items' in body ? `cart: ${body.items.join(', ')}` : 'detail' in body ? body.detail : '';
    setStatelessRows((rows) => [
      {
        n: rows.length + 1,
        request: `POST /cart {"item":"${item}"}`,
        replica,
        status: response.status,
        outcome,
        carried: token.length,
      },
      ...rows,
    ]);
    setAnnouncement(`Stateless cart on ${replica}: ${response.status}`);
  };

  return (
    <DemoFrame title="Stateless or not" connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <DemoAlert message={failure} />
      <div className={styles.columns}>
        <section aria-label="Session kept on a replica" className={styles.column}>
          <h3>Session kept on one replica</h3>
          <div className={styles.actions}>
            <button
              type="button"
              className="button button--sm button--primary"
              disabled={!live}
              onClick={guarded(login)}
            >
              Log in
            </button>
            <button
              type="button"
              className="button button--sm button--secondary"
              disabled={!live || session === null}
              onClick={guarded(addStateful)}
            >
              Add to the session cart
            </button>
          </div>
          <Log rows={statefulRows} label="Requests to the session cart, newest first" />
        </section>
        <section aria-label="State carried in every request" className={styles.column}>
          <h3>State carried in every request</h3>
          <div className={styles.actions}>
            <button
              type="button"
              className="button button--sm button--primary"
              disabled={!live}
              onClick={guarded(addStateless)}
            >
              Add to the carried cart
            </button>
          </div>
          <Log rows={statelessRows} label="Requests to the carried cart, newest first" />
        </section>
      </div>
    </DemoFrame>
  );
}
