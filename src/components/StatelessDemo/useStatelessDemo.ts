import {useState} from 'react';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {CartAnswer, ProblemDetails, StatefulLogin} from '../../../demo-server/src/contract/rest.ts';
import {type Infer, union} from '../../../demo-server/src/contract/schema.ts';
import {readJson} from '../../lib/readJson.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

export interface Row {
  n: number;
  request: string;
  replica: string;
  status: number;
  outcome: string;
  /** Bytes of state the request itself carried (the session id, or the whole cart). */
  carried: number;
}

const ITEMS = ['apples', 'bread', 'cheese', 'dates', 'eggs', 'figs', 'grapes', 'honey'];

/** What the balanced cart service answers: a cart, a new session, or problem details. */
const BalancedAnswer = union([CartAnswer, StatefulLogin, ProblemDetails]);

async function call(
  serverUrl: string,
  path: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  item?: string,
): Promise<{response: Response; body: Infer<typeof BalancedAnswer>}> {
  const response = await fetch(httpUrl(serverUrl, `${ENDPOINTS.balanced}${path}`), {
    method,
    headers: item === undefined ? headers : {'Content-Type': 'application/json', ...headers},
    body: item === undefined ? undefined : JSON.stringify({item}),
    cache: 'no-store',
  });
  const body = await readJson(response, BalancedAnswer);
  if (body === null) throw new Error(`${method} ${path} answered HTTP ${response.status} with an unexpected body`);
  return {response, body};
}

export interface StatelessDemo {
  connection: ServerStatus['connection'];
  live: boolean;
  /** Whether the left column has logged in (it has a session on one replica). */
  loggedIn: boolean;
  /** Requests to the session cart, newest first. */
  statefulRows: Row[];
  /** Requests to the carried cart, newest first. */
  statelessRows: Row[];
  /** The last answer, in a sentence, for the live region. */
  announcement: string;
  failure: string | null;
  login: () => void;
  addStateful: () => void;
  addStateless: () => void;
}

/**
 * Two carts behind a round-robin balancer over two replicas: one kept in a
 * session in the memory of the replica that logged the reader in, one carried
 * (signed) in every request. Each request is logged with the replica that
 * served it and the bytes of state it carried.
 */
export function useStatelessDemo(): StatelessDemo {
  const {serverUrl, connection} = useServerStatus();
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

  return {
    connection,
    live,
    loggedIn: session !== null,
    statefulRows,
    statelessRows,
    announcement,
    failure,
    login: guarded(login),
    addStateful: guarded(addStateful),
    addStateless: guarded(addStateless),
  };
}
