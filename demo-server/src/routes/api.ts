/**
 * `/api/…` over HTTP: reads the request (its body bounded), hands it to the
 * transport-independent resources (api/resources.ts), and writes the answer.
 * Creating sandboxes is rate-limited per client address; CORS lets the site's
 * pages send the methods and conditional headers a REST client needs, and
 * read the headers that matter (ETag, Location, Allow…).
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {createApi, type ApiRequest, type ApiResponse} from '../api/resources.ts';
import {createCacheLayer} from '../api/cacheLayer.ts';
import type {CreationLimit} from '../api/creationLimit.ts';
import {createRecorder} from '../api/recorder.ts';
import type {SandboxStore} from '../api/store.ts';
import {ENDPOINTS} from '../contract/endpoints.ts';
import {pathOf, readBody, sendJson, sendProblem} from '../http.ts';

export interface ApiRouteOptions {
  store: SandboxStore;
  maxBodyBytes: number;
  maxJsonDepth: number;
  /** Bounds of the shared cache in front of /via-cache/api. */
  cache: {maxEntries: number; maxBytes: number; maxBodyBytes: number};
  /** Shared with /ws/rest: one budget of new sandboxes per client, whatever the transport. */
  creationLimit: CreationLimit;
  clientOf: (req: IncomingMessage) => string;
  /** The socket's byte counters when this exchange began (the cost meter keeps them), for the records' `wire`. */
  exchangeStart: (req: IncomingMessage) => {read: number; written: number};
}

const CORS_ALLOW_HEADERS = 'Content-Type, Accept, If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since';
const CORS_EXPOSE_HEADERS =
  'ETag, Last-Modified, Location, Content-Location, Allow, Accept-Patch, Accept-Post, Link, Retry-After, Vary, Cache-Control, Content-Length, Recorded-Request, Age, Via, Cache-Status';

function write(res: ServerResponse, answer: ApiResponse, head: boolean): void {
  // The router may already vary on Origin (CORS); keep that beside the resource's own Vary.
  const already = res.getHeader('Vary');
  const vary = answer.headers.Vary;
  if (typeof already === 'string' && vary !== undefined && !already.split(/,\s*/).includes(vary)) {
    answer.headers.Vary = `${already}, ${vary}`;
  }
  res.writeHead(answer.status, answer.headers);
  res.end(head || answer.body === '' ? undefined : answer.body);
}

export function apiRoute(options: ApiRouteOptions) {
  const {store, maxJsonDepth} = options;
  const api = createApi({store, maxJsonDepth});
  // The same resources published behind a shared cache at /via-cache/api, as a proxy would mount them.
  const behindCache = createApi({store, maxJsonDepth, base: `${ENDPOINTS.viaCache}${ENDPOINTS.api}`});
  const cache = createCacheLayer({origin: behindCache.handle, ...options.cache});
  const recorder = createRecorder({maxRecords: 1000, ttlMs: 60_000, maxBodyChars: 4096});

  return {
    /** `GET /recorded-requests/{id}`: a recorded request, given once. */
    records: (req: IncomingMessage, res: ServerResponse): void => {
      if (req.method !== 'GET') {
        sendProblem(res, 405, 'Recorded requests can only be read (GET)', {Allow: 'GET, OPTIONS'});
        return;
      }
      const id = pathOf(req.url).slice(ENDPOINTS.recordedRequests.length + 1);
      const record = /^[A-Za-z0-9_-]{16}$/.test(id) ? recorder.take(id) : undefined;
      if (record === undefined) {
        sendProblem(res, 404, 'No such recorded request: each is kept for a minute and given once');
        return;
      }
      sendJson(res, 200, record);
    },
    /** `/via-cache/api/…`: the same API through the cache layer. */
    viaCache: (req: IncomingMessage, res: ServerResponse): Promise<void> =>
      serve(req, res, pathOf(req.url).slice(ENDPOINTS.viaCache.length), cache.handle),
    handle: (req: IncomingMessage, res: ServerResponse): Promise<void> => serve(req, res, pathOf(req.url), api.handle),
  };

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    handler: (request: ApiRequest) => ApiResponse,
  ): Promise<void> {
    const start = options.exchangeStart(req);
    res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSE_HEADERS);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      // A CORS preflight: what the resource allows, and the headers a REST client sends.
      const answer = handler({method, path, headers: {}});
      res.writeHead(204, {
        ...answer.headers,
        'Access-Control-Allow-Methods': answer.headers.Allow ?? 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (options.creationLimit.creates(method, path)) {
      const refusal = options.creationLimit.take(options.clientOf(req));
      if (refusal !== null) {
        write(res, refusal, false);
        return;
      }
    }

    const body = await readBody(req, res, options.maxBodyBytes);
    if (body === undefined) return;
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const request: ApiRequest = {
      method,
      path,
      headers,
      body: body.length === 0 ? undefined : body.toString('utf8'),
    };
    const recorded = recorder.record(req, request.body);
    res.setHeader('Recorded-Request', `${ENDPOINTS.recordedRequests}/${recorded}`);
    recorder.countWire(recorded, req.socket, res, start);
    write(res, handler(request), method === 'HEAD');
  }
}
