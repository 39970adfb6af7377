/**
 * A shared HTTP cache in front of the REST API, as its own layer (REST's
 * cacheable and layered-system constraints). It decides with
 * `http-cache-semantics` (RFC 9111) whether a stored response may be reused,
 * must be revalidated, or cannot be stored; it revalidates with the stored
 * validators, invalidates a URI when an unsafe method succeeds there
 * (RFC 9111 §4.4), and says what it did in `Cache-Status` (RFC 9211), `Via`
 * (RFC 9110 §7.6.3) and `Age` (RFC 9111 §5.1). The client cannot tell it is
 * there; the headers tell.
 *
 * Bounded: at most `maxEntries` stored responses, holding at most `maxBytes`
 * of bodies in all (least recently used dropped first), none larger than
 * `maxBodyBytes`. Responses are stored per path and per negotiated media
 * type, not per Accept header: a client sending a new Accept each time would
 * otherwise store a new copy each time.
 */
import CachePolicy from 'http-cache-semantics';
import {negotiate, type ApiRequest, type ApiResponse} from './resources.ts';

export interface CacheStats {
  /** Requests the cache received. */
  requests: number;
  /** Answered from storage without asking the origin. */
  hits: number;
  /** Forwarded because nothing usable was stored. */
  misses: number;
  /** Forwarded as a conditional request for a stored response (answered 304 or a new response). */
  revalidations: number;
  /** Requests the origin received through this cache. */
  originRequests: number;
}

interface Entry {
  policy: CachePolicy;
  status: number;
  body: string;
}

export interface CacheLayerOptions {
  origin: (request: ApiRequest) => ApiResponse;
  name?: string;
  maxEntries: number;
  /** Body bytes stored in all. */
  maxBytes: number;
  maxBodyBytes: number;
}

type Headers = Record<string, string>;

function lowerCase(headers: Readonly<Record<string, string | undefined>>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The request as the cache judges it. This shared cache does not let a
 * client's `Cache-Control: no-cache` or `Pragma` force it to the origin:
 * browsers send them on every `cache: 'no-store'` fetch, and any client could
 * otherwise bypass the cache at will.
 */
function policyRequest(request: ApiRequest): CachePolicy.Request {
  const {'cache-control': _cacheControl, pragma: _pragma, ...headers} = lowerCase(request.headers);
  return {url: request.path, method: request.method, headers};
}

function policyResponse(response: ApiResponse): CachePolicy.Response {
  return {status: response.status, headers: lowerCase(response.headers)};
}

function plainHeaders(headers: CachePolicy.Headers): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Whether `If-None-Match` on the request names `etag` (weak comparison). */
function matches(request: ApiRequest, etag: string | undefined): boolean {
  const header = request.headers['if-none-match'];
  if (header === undefined || etag === undefined) return false;
  const tags = (header.match(/\*|(?:W\/)?"[^"]*"/g) ?? []).map((tag) => tag.replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag.replace(/^W\//, ''));
}

export function createCacheLayer({origin, name = 'otw-cache', maxEntries, maxBytes, maxBodyBytes}: CacheLayerOptions) {
  const entries = new Map<string, Entry>();
  let storedBytes = 0;
  const forget = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    storedBytes -= Buffer.byteLength(entry.body);
  };
  const stats: CacheStats = {requests: 0, hits: 0, misses: 0, revalidations: 0, originRequests: 0};
  const via = `1.1 ${name}`;
  // The secondary key (RFC 9111 §4.1): what the origin varies on, Accept, as the representation it selects.
  const keyOf = (request: ApiRequest) => `${request.path}\n${negotiate(request.headers.accept) ?? 'none'}`;

  const forward = (request: ApiRequest): ApiResponse => {
    stats.originRequests += 1;
    return origin(request);
  };

  const store = (key: string, entry: Entry) => {
    forget(key);
    entries.set(key, entry);
    storedBytes += Buffer.byteLength(entry.body);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && storedBytes <= maxBytes) break;
      forget(oldest);
    }
  };

  /** The stored response as this request gets it: headers updated (Age), 304 if its validator matches. */
  const answer = (request: ApiRequest, entry: Entry, cacheStatus: string): ApiResponse => {
    const headers: Headers = {...plainHeaders(entry.policy.responseHeaders()), 'cache-status': cacheStatus, via};
    if (matches(request, headers.etag)) {
      delete headers['content-length'];
      delete headers['content-type'];
      return {status: 304, headers, body: ''};
    }
    return {status: entry.status, headers, body: request.method === 'HEAD' ? '' : entry.body};
  };

  const handle = (request: ApiRequest): ApiResponse => {
    stats.requests += 1;
    const safe = request.method === 'GET' || request.method === 'HEAD';
    if (!safe) {
      const response = forward(request);
      // RFC 9111 §4.4: a successful unsafe request invalidates the target URI, and Location/Content-Location.
      if (response.status >= 200 && response.status < 400) {
        const targets = [request.path, response.headers.Location, response.headers['Content-Location']].filter(
          (target): target is string => target !== undefined,
        );
        for (const key of [...entries.keys()]) {
          if (targets.some((target) => key.startsWith(`${target}\n`))) forget(key);
        }
      }
      return {
        ...response,
        headers: {...response.headers, 'Cache-Status': `${name}; fwd=method; fwd-status=${response.status}`, Via: via},
      };
    }

    const key = keyOf(request);
    const stored = entries.get(key);
    const asked = policyRequest(request);
    if (stored !== undefined && stored.policy.satisfiesWithoutRevalidation(asked)) {
      stats.hits += 1;
      store(key, stored);
      return answer(request, stored, `${name}; hit; ttl=${Math.round(stored.policy.timeToLive() / 1000)}`);
    }

    if (stored !== undefined) {
      // Stale, or the response demands revalidation (no-cache): ask the origin whether it changed.
      stats.revalidations += 1;
      const conditional: ApiRequest = {
        ...request,
        headers: {...request.headers, ...plainHeaders(stored.policy.revalidationHeaders(asked))},
      };
      const response = forward(conditional);
      const {policy, modified} = stored.policy.revalidatedPolicy(asked, policyResponse(response));
      if (!modified) {
        const refreshed: Entry = {policy, status: stored.status, body: stored.body};
        store(key, refreshed);
        return answer(request, refreshed, `${name}; fwd=stale; fwd-status=${response.status}; stored`);
      }
      return keep(request, key, response, `${name}; fwd=stale; fwd-status=${response.status}`);
    }

    stats.misses += 1;
    // The client's own validators are its business; the cache asks for the full response to store it.
    const {'if-none-match': _inm, 'if-modified-since': _ims, ...unconditional} = request.headers;
    const response = forward({...request, headers: unconditional});
    return keep(request, key, response, `${name}; fwd=uri-miss; fwd-status=${response.status}`);
  };

  /** Stores a fresh origin response when it may be stored, and answers the request from it. */
  const keep = (request: ApiRequest, key: string, response: ApiResponse, cacheStatus: string): ApiResponse => {
    const policy = new CachePolicy(policyRequest(request), policyResponse(response), {shared: true});
    if (response.status === 200 && policy.storable() && Buffer.byteLength(response.body) <= maxBodyBytes) {
      const entry: Entry = {policy, status: response.status, body: response.body};
      store(key, entry);
      return answer(request, entry, `${cacheStatus}; stored`);
    }
    forget(key);
    return {...response, headers: {...response.headers, 'Cache-Status': cacheStatus, Via: via}};
  };

  return {
    handle,
    get stats(): Readonly<CacheStats> {
      return {...stats};
    },
    get size() {
      return entries.size;
    },
    /** Body bytes stored. */
    get bytes() {
      return storedBytes;
    },
  };
}
