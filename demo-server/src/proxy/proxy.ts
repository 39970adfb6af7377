/**
 * The proxy in the path: `/via-proxy/{settings}/{path}` forwards a request for
 * one of the event-stream endpoints to the server itself, over loopback, as a
 * reverse proxy would, and does to it what `{settings}` asks
 * (contract/proxy.ts):
 *
 * - a response buffer (`buffer`, `flush`): the answer's bytes are held and
 *   passed on in lumps, as nginx does with `proxy_buffering on` when the origin
 *   does not say `X-Accel-Buffering: no` or the proxy ignores it;
 * - an idle timeout (`idle`): when the origin says nothing for that long, the
 *   proxy answers 504 Gateway Timeout (RFC 9110 §15.6.5) if it has not answered
 *   yet, and cuts the connection if it has (as nginx's `proxy_read_timeout`);
 * - `upgrade=strip`: `Upgrade` and `Connection` are hop-by-hop fields
 *   (RFC 9110 §7.6.1, §7.8), and a proxy that does not know WebSocket drops
 *   them and forwards a plain GET; the origin's answer goes back as it is;
 * - a slow link (`latency`, `rate`): added to the request once and to each
 *   piece of the answer, bounded by PROXY_LIMITS.
 *
 * No exchange or tunnel outlives PROXY_LIMITS.maxExchangeMs, however busy.
 *
 * Either way it removes the hop-by-hop fields and adds `Via` (RFC 9110 §7.6.3)
 * both ways. It forwards over its own connection per exchange (`agent: false`)
 * and tells the server whose request that connection carries (loopback.ts), so
 * the server's per-client bounds still count each reader alone. Bounded in
 * exchanges open at once, overall and per client; every delay and buffer by
 * PROXY_LIMITS. What it does to an exchange that names an attempt is noted on
 * that attempt, beside what the origin saw of the forwarded request.
 */
import {request as httpRequest, STATUS_CODES, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import type {AttemptLog} from '../attempts.ts';
import {ATTEMPT_PARAM} from '../contract/attempts.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {parseProxySettings, PROXIED_PATHS, type ProxiedPath, type ProxySettings} from '../contract/proxy.ts';
import {pathOf, readBody, refuseUpgrade, sendProblem} from '../http.ts';
import {PROXY_LIMITS, STREAM_LIMITS} from '../limits.ts';
import {createLink, type Link} from './link.ts';
import {carryFor, type Carried} from './loopback.ts';

export interface ProxyOptions {
  /** Where the origin (this very server) listens, known once it does. */
  origin: () => {host: string; port: number};
  maxExchanges: number;
  maxExchangesPerClient: number;
  clientOf: (req: IncomingMessage) => string;
  attempts: AttemptLog;
  /** The proxy's name in `Via` and `Proxy-Status`. */
  name?: string;
  /** The longest an exchange or tunnel lives: PROXY_LIMITS.maxExchangeMs unless a test asks for less. */
  maxExchangeMs?: number;
  /** Told how each exchange it took on ended, by the path it went to. */
  ended?: (path: ProxiedPath, outcome: ProxyOutcome) => void;
  /**
   * Told of each handshake it refused, by status: it writes those onto the socket, where the router's count of
   * refused requests does not see them.
   */
  refusedHandshake?: (status: number) => void;
}

/**
 * How an exchange through the proxy ended, for the operators' metrics: `completed`, the origin's answer delivered
 * (or the origin's end of a tunnel closed first); `client_closed`, the browser gone first; `gateway_timeout`, a 504
 * for silence or at the longest exchange, before any answer; `idle_cut`, cut for silence after the answer began;
 * `longest`, ended at PROXY_LIMITS.maxExchangeMs after it began; `bad_gateway`, the origin unreachable or failing.
 */
export const PROXY_OUTCOMES = [
  'completed',
  'client_closed',
  'gateway_timeout',
  'idle_cut',
  'longest',
  'bad_gateway',
] as const;
export type ProxyOutcome = (typeof PROXY_OUTCOMES)[number];

/** Fields that describe one connection, not the message (RFC 9110 §7.6.1): a proxy does not forward them. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

type Target =
  {ok: true; settings: ProxySettings; path: ProxiedPath; query: string} | {ok: false; status: number; detail: string};

/** Reads `/via-proxy/{settings}/{path}?{query}`: the settings, and where it goes. */
export function targetOf(url: string | undefined): Target {
  const path = pathOf(url);
  const rest = path.slice(ENDPOINTS.viaProxy.length + 1);
  const slash = rest.indexOf('/');
  if (slash < 0) {
    return {
      ok: false,
      status: 404,
      detail: `Send a request through the proxy as ${ENDPOINTS.viaProxy}/{settings}{path}, with one of ${PROXIED_PATHS.join(', ')} as the path`,
    };
  }
  const parsed = parseProxySettings(rest.slice(0, slash));
  if (!parsed.ok) return {ok: false, status: 400, detail: parsed.error};
  const target = PROXIED_PATHS.find((proxied) => proxied === rest.slice(slash));
  if (target === undefined) {
    return {ok: false, status: 404, detail: `The proxy forwards only to ${PROXIED_PATHS.join(', ')}`};
  }
  const question = (url ?? '').indexOf('?');
  const query = new URLSearchParams(question < 0 ? '' : (url ?? '').slice(question + 1));
  if (parsed.settings.attempt !== null) query.set(ATTEMPT_PARAM, parsed.settings.attempt);
  const search = query.toString();
  return {ok: true, settings: parsed.settings, path: target, query: search === '' ? '' : `?${search}`};
}

/** The names a `Connection` field lists: hop-by-hop too (RFC 9110 §7.6.1). */
function connectionOptions(raw: readonly string[]): Set<string> {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== 'connection') continue;
    for (const option of (raw[i + 1] ?? '').split(',')) named.add(option.trim().toLowerCase());
  }
  return named;
}

/** Header pairs without the hop-by-hop ones, in their order and case, with `Via` added (RFC 9110 §7.6.3). */
export function endToEnd(raw: readonly string[], via: string): [string, string][] {
  const named = connectionOptions(raw);
  const out: [string, string][] = [];
  let viaAdded = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const value = raw[i + 1] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    if (lower === 'via' && !viaAdded) {
      out.push([name, `${value}, ${via}`]);
      viaAdded = true;
      continue;
    }
    out.push([name, value]);
  }
  if (!viaAdded) out.push(['Via', via]);
  return out;
}

/** How long a relayed refusal's socket lingers for the browser to read it (as http.ts's refusals do). */
const REFUSAL_LINGER_MS = 2_000;

const headText = (startLine: string, fields: readonly [string, string][]) =>
  `${[startLine, ...fields.map(([name, value]) => `${name}: ${value}`)].join('\r\n')}\r\n\r\n`;

export function createProxy(options: ProxyOptions) {
  const name = options.name ?? 'otw-proxy';
  const maxExchangeMs = options.maxExchangeMs ?? PROXY_LIMITS.maxExchangeMs;
  const via = `1.1 ${name}`;
  const perClient = new Map<string, number>();
  let open = 0;

  /** A place for one more exchange, or the refusal; `release` gives it back once. */
  const admit = (client: string): {release: () => void} | {status: 429 | 503; detail: string} => {
    if (open >= options.maxExchanges) {
      return {
        status: 503,
        detail: `The proxy is carrying ${options.maxExchanges} exchanges, its most; try again shortly`,
      };
    }
    const count = perClient.get(client) ?? 0;
    if (count >= options.maxExchangesPerClient) {
      return {
        status: 429,
        detail: `The proxy carries at most ${options.maxExchangesPerClient} exchanges at once for one client; close one first`,
      };
    }
    open += 1;
    perClient.set(client, count + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        open -= 1;
        const left = (perClient.get(client) ?? 1) - 1;
        if (left <= 0) perClient.delete(client);
        else perClient.set(client, left);
      },
    };
  };

  const noter = (client: string, settings: ProxySettings) => (text: string) => {
    if (settings.attempt !== null) options.attempts.noteFor(client, settings.attempt, `Proxy: ${text}`);
  };

  /** Starts the forwarded request after the link's latency; `cancel` stops it (or what it started). */
  const forward = (browser: Carried, target: Extract<Target, {ok: true}>, headers: [string, string][]) => {
    const {req} = browser;
    const {host, port} = options.origin();
    const upstream = httpRequest({
      host,
      port,
      method: req.method,
      path: `${target.path}${target.query}`,
      // Pairs keep their order and case, as the origin's record shows them.
      headers: headers.flat(),
      // One connection per exchange, so that its two ends name the reader (loopback.ts).
      agent: false,
    });
    upstream.on('socket', (socket: Socket) => {
      // Not the socket's idle timeout, which would cut a long poll: only reaching the origin is timed here.
      const connecting = setTimeout(
        () => upstream.destroy(new Error('connect timeout')),
        PROXY_LIMITS.connectTimeoutMs,
      );
      socket.once('close', () => clearTimeout(connecting));
      socket.once('connect', () => {
        clearTimeout(connecting);
        carryFor(socket, browser);
      });
    });
    return upstream;
  };

  /** Clears itself; `touch` restarts it. */
  const idleTimer = (ms: number, fire: () => void) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const clear = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    return {
      touch: () => {
        if (ms === 0) return;
        clear();
        timer = setTimeout(fire, ms);
      },
      clear,
    };
  };

  const linkOf = (settings: ProxySettings, ends: Parameters<typeof createLink>[1]): Link =>
    createLink(
      {
        buffer: settings.buffer,
        flushMs: settings.flushMs,
        latencyMs: settings.latencyMs,
        bytesPerSecond: settings.bytesPerSecond,
        maxQueuedBytes: PROXY_LIMITS.maxQueuedBytes,
      },
      ends,
    );

  /** `GET /via-proxy/…`: forwards the request, shapes the answer. */
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = targetOf(req.url);
    if (!target.ok) return sendProblem(res, target.status, target.detail, {Via: via});
    // A POST only to the streamed response, with a body read whole first (bounded as the origin bounds it).
    const posts = target.path === ENDPOINTS.streamedResponse;
    if (posts && req.method === 'OPTIONS') {
      // The page's POST carries JSON, so its browser asks first (a CORS preflight): the proxy answers as the origin.
      res.writeHead(204, {
        Allow: 'GET, HEAD, POST, OPTIONS',
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
        Via: via,
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !(posts && req.method === 'POST')) {
      const allow = posts ? 'GET, HEAD, POST' : 'GET, HEAD';
      return sendProblem(res, 405, `The proxy forwards ${allow} to ${target.path}, not ${req.method}`, {
        Allow: allow,
        Via: via,
      });
    }
    if (req.method === 'POST') {
      void readBody(req, res, STREAM_LIMITS.maxBodyBytes).then((body) => {
        if (body !== undefined && !res.writableEnded) carry(req, res, target, body);
      });
      return;
    }
    carry(req, res, target, null);
  };

  /** Takes a place for the exchange and forwards it (with `body`, for a POST), shaping the answer. */
  const carry = (
    req: IncomingMessage,
    res: ServerResponse,
    target: Extract<Target, {ok: true}>,
    body: Buffer | null,
  ): void => {
    const client = options.clientOf(req);
    const place = admit(client);
    if ('status' in place) return sendProblem(res, place.status, place.detail, {'Retry-After': '5', Via: via});
    const {settings} = target;
    const note = noter(client, settings);
    let upstream: ReturnType<typeof forward> | null = null;
    let link: Link | null = null;
    let finished = false;
    /** How the exchange ended, once the proxy has decided: from then on, the origin's failing changes nothing. */
    let outcome: ProxyOutcome | null = null;
    const idle = idleTimer(settings.idleMs, () => {
      outcome ??= res.headersSent ? 'idle_cut' : 'gateway_timeout';
      if (!res.headersSent) {
        note(`the origin said nothing for ${settings.idleMs} ms: answered 504 Gateway Timeout`);
        sendProblem(res, 504, `The origin said nothing for ${settings.idleMs} ms, the proxy's idle timeout`, {
          'Proxy-Status': `${name}; error=http_response_timeout`,
          Via: via,
        });
      } else {
        note(`the origin said nothing more for ${settings.idleMs} ms: cut the connection`);
        res.destroy();
      }
      upstream?.destroy();
    });
    const lifetime = setTimeout(() => {
      outcome ??= res.headersSent ? 'longest' : 'gateway_timeout';
      idle.clear();
      if (!res.headersSent) {
        note(`the exchange reached ${maxExchangeMs} ms, the proxy's longest: answered 504 Gateway Timeout`);
        sendProblem(res, 504, `The exchange reached ${maxExchangeMs} ms, the longest this proxy carries one`, {
          'Proxy-Status': `${name}; error=http_response_timeout`,
          Via: via,
        });
      } else {
        // Ended now, cleanly, as if the origin had ended it; what the buffer or a slow link still holds is dropped,
        // or a slow link could carry the answer on for minutes past the bound.
        note(
          `the exchange reached ${maxExchangeMs} ms, the proxy's longest: ended the answer, dropping the ${link?.pendingBytes ?? 0} bytes it still held`,
        );
        link?.destroy();
        res.end();
      }
      upstream?.destroy();
    }, maxExchangeMs);
    const finish = () => {
      if (finished) return;
      finished = true;
      idle.clear();
      clearTimeout(latency);
      clearTimeout(lifetime);
      upstream?.destroy();
      link?.destroy();
      place.release();
      options.ended?.(target.path, outcome ?? 'client_closed');
    };
    res.once('close', finish);

    const start = () => {
      const fields = endToEnd(req.rawHeaders, via);
      // The body was read whole: its length is known, however it came (RFC 9112 §6.2).
      const headers =
        body === null
          ? fields
          : [
              ...fields.filter(([field]) => field.toLowerCase() !== 'content-length'),
              ['Content-Length', String(body.length)] as [string, string],
            ];
      upstream = forward({client, req, res}, target, headers);
      idle.touch();
      upstream.on('response', (answer: IncomingMessage) => {
        idle.touch();
        // The router's CORS fields are the origin's too (the request carries the same Origin): its answer decides.
        for (const header of res.getHeaderNames()) res.removeHeader(header);
        const fields = endToEnd(answer.rawHeaders, via);
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, fields.flat());
        const paused = new Set<string>();
        const pause = (why: string) => {
          paused.add(why);
          answer.pause();
        };
        const resume = (why: string) => {
          paused.delete(why);
          if (paused.size === 0) answer.resume();
        };
        link = linkOf(settings, {
          write: (chunk) => {
            if (!res.write(chunk)) {
              pause('browser');
              res.once('drain', () => resume('browser'));
            }
          },
          end: () => {
            outcome ??= 'completed';
            res.end();
          },
          pause: () => pause('link'),
          resume: () => resume('link'),
          flushed: (bytes, heldMs) => note(`passed on ${bytes} bytes held for ${heldMs} ms`),
        });
        answer.on('data', (chunk: Buffer) => {
          idle.touch();
          link?.write(chunk);
        });
        answer.on('end', () => {
          idle.clear();
          link?.end();
        });
        answer.on('error', () => {
          if (outcome !== null) return;
          outcome = 'bad_gateway';
          res.destroy();
        });
      });
      upstream.on('error', () => {
        // Destroyed by the proxy itself (a 504, a cut, the longest reached), or by the browser leaving: no 502.
        if (finished || outcome !== null) return;
        outcome = 'bad_gateway';
        if (!res.headersSent) {
          sendProblem(res, 502, 'The proxy could not get an answer from the origin', {
            'Proxy-Status': `${name}; error=destination_unavailable`,
            Via: via,
          });
        } else {
          res.destroy();
        }
      });
      upstream.end(body ?? undefined);
    };
    const latency = setTimeout(start, settings.latencyMs);
  };

  /** Writes the origin's refusal of a handshake onto the browser's socket, as it was, minus hop-by-hop fields. */
  const relayRefusal = (answer: IncomingMessage, socket: Duplex) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    answer.on('data', (chunk: Buffer) => {
      if (bytes >= PROXY_LIMITS.maxRefusalBodyBytes) return;
      chunks.push(chunk);
      bytes += chunk.length;
    });
    answer.on('end', () => {
      const body = Buffer.concat(chunks).subarray(0, PROXY_LIMITS.maxRefusalBodyBytes);
      const fields = endToEnd(answer.rawHeaders, via).filter(([field]) => field.toLowerCase() !== 'content-length');
      fields.push(['Content-Length', String(body.length)], ['Connection', 'close']);
      const status = answer.statusCode ?? 502;
      const head = headText(`HTTP/1.1 ${status} ${answer.statusMessage ?? STATUS_CODES[status] ?? ''}`, fields);
      if (socket.writable) socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
      // As refuseUpgrade does: long enough for the browser to read the answer, then gone.
      setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
    });
    answer.on('error', () => socket.destroy());
  };

  /**
   * A WebSocket handshake to `/via-proxy/…/ws/events`: forwarded as an upgrade and then tunnelled, or, with
   * `upgrade=strip`, forwarded as the plain GET a proxy that does not know WebSocket makes of it.
   */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const target = targetOf(req.url);
    if (!target.ok) {
      options.refusedHandshake?.(target.status);
      return refuseUpgrade(socket, target.status, target.detail, {Via: via});
    }
    const client = options.clientOf(req);
    const place = admit(client);
    if ('status' in place) {
      options.refusedHandshake?.(place.status);
      return refuseUpgrade(socket, place.status, place.detail, {'Retry-After': '5', Via: via});
    }
    const {settings} = target;
    const note = noter(client, settings);
    let upstream: ReturnType<typeof forward> | null = null;
    let tunnel: Duplex | null = null;
    let link: Link | null = null;
    let finished = false;
    let outcome: ProxyOutcome | null = null;
    const finish = () => {
      if (finished) return;
      finished = true;
      options.ended?.(target.path, outcome ?? 'client_closed');
      idle.clear();
      clearTimeout(latency);
      clearTimeout(lifetime);
      upstream?.destroy();
      tunnel?.destroy();
      link?.destroy();
      socket.destroy();
      place.release();
    };
    const idle = idleTimer(settings.idleMs, () => {
      outcome ??= tunnel === null ? 'gateway_timeout' : 'idle_cut';
      if (tunnel === null) {
        note(`the origin said nothing for ${settings.idleMs} ms: answered 504 Gateway Timeout`);
        refuseUpgrade(socket, 504, `The origin said nothing for ${settings.idleMs} ms, the proxy's idle timeout`, {
          'Proxy-Status': `${name}; error=http_response_timeout`,
          Via: via,
        });
        upstream?.destroy();
        place.release();
        return;
      }
      note(`the origin said nothing for ${settings.idleMs} ms: cut the tunnel, with no close frame`);
      finish();
    });
    const lifetime = setTimeout(() => {
      outcome ??= tunnel === null ? 'gateway_timeout' : 'longest';
      idle.clear();
      if (tunnel === null) {
        note(`the handshake reached ${maxExchangeMs} ms, the proxy's longest: answered 504 Gateway Timeout`);
        refuseUpgrade(socket, 504, `The exchange reached ${maxExchangeMs} ms, the longest this proxy carries one`, {
          'Proxy-Status': `${name}; error=http_response_timeout`,
          Via: via,
        });
        upstream?.destroy();
        place.release();
        return;
      }
      note(`the tunnel reached ${maxExchangeMs} ms, the proxy's longest: cut it, with no close frame`);
      finish();
    }, maxExchangeMs);
    socket.once('close', finish);

    const start = () => {
      const fields = endToEnd(req.rawHeaders, via);
      if (settings.upgrade === 'forward') fields.push(['Connection', 'Upgrade'], ['Upgrade', 'websocket']);
      upstream = forward({client, req}, target, fields);
      idle.touch();
      upstream.on('response', (answer: IncomingMessage) => {
        idle.clear();
        outcome ??= 'completed';
        note(
          `${settings.upgrade === 'strip' ? 'removed Upgrade and Connection (hop-by-hop fields) and forwarded a plain GET; ' : ''}relayed the origin's ${answer.statusCode ?? '?'} to the browser`,
        );
        relayRefusal(answer, socket);
      });
      upstream.on('upgrade', (answer: IncomingMessage, upstreamSocket: Socket, upstreamHead: Buffer) => {
        idle.touch();
        tunnel = upstreamSocket;
        const tunnelSocket = upstreamSocket;
        tunnelSocket.on('error', () => {
          outcome ??= 'bad_gateway';
          finish();
        });
        link = linkOf(
          {...settings, buffer: 0},
          {
            write: (chunk) => {
              if (socket.writable) socket.write(chunk);
            },
            end: () => socket.end(),
            pause: () => tunnelSocket.pause(),
            resume: () => tunnelSocket.resume(),
          },
        );
        // A 101 names the protocol switched to in Upgrade, listed in Connection (RFC 9110 §7.8): this proxy's own.
        const fields101 = [
          ...endToEnd(answer.rawHeaders, via),
          ['Connection', 'Upgrade'],
          ['Upgrade', 'websocket'],
        ] as [string, string][];
        link.write(
          Buffer.from(headText(`HTTP/1.1 101 ${answer.statusMessage ?? 'Switching Protocols'}`, fields101), 'latin1'),
        );
        if (upstreamHead.length > 0) link.write(upstreamHead);
        tunnelSocket.on('data', (chunk: Buffer) => {
          idle.touch();
          link?.write(chunk);
        });
        tunnelSocket.on('end', () => link?.end());
        tunnelSocket.on('close', () => {
          outcome ??= 'completed';
          if ((link?.pendingBytes ?? 0) === 0) finish();
        });
        if (head.length > 0) tunnelSocket.write(head);
        socket.pipe(tunnelSocket);
      });
      upstream.on('error', () => {
        // As above: after the proxy's own 504, the upstream it destroyed must not answer 502 on the same socket.
        if (finished || tunnel !== null || outcome !== null) return;
        outcome = 'bad_gateway';
        refuseUpgrade(socket, 502, 'The proxy could not get an answer from the origin', {
          'Proxy-Status': `${name}; error=destination_unavailable`,
          Via: via,
        });
        place.release();
      });
      upstream.end();
    };
    const latency = setTimeout(start, settings.latencyMs);
  };

  return {
    handle,
    upgrade,
    /** Exchanges carried at the moment. */
    get open() {
      return open;
    },
  };
}
