/**
 * Code on demand, contained. The page runs the code the server ships in a
 * dedicated worker that a sandboxed iframe starts (`sandbox="allow-scripts"`,
 * no `allow-same-origin`). The sandbox gives the iframe's document an opaque
 * origin (HTML, "Sandboxing"), and a worker takes the origin of the document
 * that creates it unless its script is a `data:` URL (HTML, "Script settings
 * for workers"). So the shipped code runs as origin "null": no IndexedDB or
 * Cache Storage of the site, no readable request to the site, no SameSite
 * cookies. A worker the page itself made from a `blob:` URL would run as the
 * page's origin and have all of them; the probe below measures both.
 *
 * The scripts here are text because they run in realms this bundle does not
 * reach: the iframe's document (given as `srcdoc`, so it inherits the page's
 * Content Security Policy — the site sets none; one would have to allow this
 * inline script and `worker-src blob:`) and the workers started from `blob:`
 * URLs.
 */

/** What one probe found: whether the code reached the thing, and what the browser answered. */
export interface ReachResult {
  reached: boolean;
  detail: string;
}

/** The probes, in the order the demo lists them. */
export const REACH_PROBES = ['origin', 'document', 'indexedDB', 'cacheStorage', 'pageRequest'] as const;
export type ReachProbe = (typeof REACH_PROBES)[number];
export type ReachReport = Record<ReachProbe, ReachResult>;

/** The name of the database and cache a probe opens and deletes again. */
export const PROBE_STORE_NAME = 'otw-code-on-demand-probe';

/** How long a probe waits for an answer before it reports none. */
export const PROBE_TIMEOUT_MS = 3000;

/**
 * Defines `probeReach(pageUrl)`: from inside a worker, tries what code running
 * there can reach — its origin, a document, IndexedDB, Cache Storage, and a
 * credentialed request to the page's own URL — and resolves to a ReachReport.
 * It takes its references to those APIs before it first waits, so code that
 * runs after it in the same worker cannot change what it measures.
 */
export const REACH_PROBE_SOURCE = `
async function probeReach(pageUrl) {
  const origin = self.origin;
  const hasDocument = typeof document !== 'undefined';
  const secure = self.isSecureContext;
  const idb = self.indexedDB;
  const cacheStorage = self.caches;
  const request = self.fetch.bind(self);
  const said = (error) =>
    error !== null && typeof error === 'object' && 'name' in error
      ? String(error.name) + (error.message ? ': ' + String(error.message) : '')
      : String(error);
  const attempt = async (run) => {
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within ${PROBE_TIMEOUT_MS / 1000} s')), ${PROBE_TIMEOUT_MS});
    });
    try {
      return {reached: true, detail: await Promise.race([run(), late])};
    } catch (error) {
      return {reached: false, detail: said(error)};
    } finally {
      clearTimeout(timer);
    }
  };
  const [indexedDBResult, cacheStorageResult, pageRequestResult] = await Promise.all([
    attempt(() => new Promise((resolve, reject) => {
      if (idb === undefined) throw new TypeError('indexedDB is not defined here');
      const opening = idb.open(${JSON.stringify(PROBE_STORE_NAME)});
      opening.onsuccess = () => {
        opening.result.close();
        idb.deleteDatabase(${JSON.stringify(PROBE_STORE_NAME)});
        resolve('opened a database');
      };
      opening.onerror = () => reject(opening.error);
    })),
    attempt(async () => {
      // CacheStorage is [SecureContext]: a worker that is not in a secure context has no \`caches\` at all.
      if (cacheStorage === undefined) {
        throw new TypeError('caches is not defined here' + (secure === false ? ' (not a secure context)' : ''));
      }
      await cacheStorage.open(${JSON.stringify(PROBE_STORE_NAME)});
      await cacheStorage.delete(${JSON.stringify(PROBE_STORE_NAME)});
      return 'opened a cache';
    }),
    attempt(async () => {
      const response = await request(pageUrl, {method: 'HEAD', credentials: 'include', cache: 'no-store'});
      return 'answered ' + response.status + ', readable';
    }),
  ]);
  return {
    origin: {reached: origin !== 'null', detail: origin},
    document: {reached: hasDocument, detail: hasDocument ? 'a document' : 'none in a worker'},
    indexedDB: indexedDBResult,
    cacheStorage: cacheStorageResult,
    pageRequest: pageRequestResult,
  };
}
`;

/** Embeds a value in a script as a literal that cannot close an enclosing `<script>`. */
function scriptLiteral(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The worker the page starts itself from a `blob:` URL, for comparison: it
 * runs only the probe, and posts `{type: 'reach', report}`.
 */
export function pageWorkerSource(pageUrl: string): string {
  return `(() => {${REACH_PROBE_SOURCE}
probeReach(${scriptLiteral(pageUrl)}).then((report) => postMessage({type: 'reach', report}));
})();
`;
}

/**
 * The sandboxed iframe's document. It waits for `{type: 'run', source,
 * pageUrl}` from its parent, then starts a worker that probes what it can
 * reach and loads the shipped source with `importScripts`; it relays the
 * worker's messages to the parent as `{type: 'worker', data}` and passes
 * `{type: 'check', data}` on to the worker. Messages from anything but its
 * parent are ignored; the parent is reached with target origin '*' because
 * this document's own origin is opaque and the parent's is not known to it.
 */
export const SANDBOX_DOCUMENT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sandbox for the code the server sent</title></head>
<body>
<script>
(() => {
  'use strict';
  const probe = ${scriptLiteral(REACH_PROBE_SOURCE)};
  let worker = null;
  const tell = (message) => parent.postMessage(message, '*');
  const hostSource = (shippedUrl, pageUrl) =>
    '(() => {' + probe +
    'const reach = probeReach(' + JSON.stringify(pageUrl) + ');' +
    'try { importScripts(' + JSON.stringify(shippedUrl) + '); }' +
    'catch (error) { postMessage({type: "failed", detail: String(error && error.message || error)}); }' +
    'reach.then((report) => postMessage({type: "reach", report}));' +
    '})();';
  addEventListener('message', (event) => {
    if (event.source !== parent) return;
    const message = event.data;
    if (message === null || typeof message !== 'object') return;
    if (message.type === 'run' && worker === null && typeof message.source === 'string' && typeof message.pageUrl === 'string') {
      const shippedUrl = URL.createObjectURL(new Blob([message.source], {type: 'text/javascript'}));
      const hostUrl = URL.createObjectURL(new Blob([hostSource(shippedUrl, message.pageUrl)], {type: 'text/javascript'}));
      worker = new Worker(hostUrl);
      worker.onmessage = (workerEvent) => tell({type: 'worker', data: workerEvent.data});
      worker.onerror = (errorEvent) => {
        errorEvent.preventDefault();
        tell({type: 'worker', data: {type: 'failed', detail: errorEvent.message || 'the worker stopped with an error'}});
      };
    } else if (message.type === 'check' && worker !== null) {
      worker.postMessage(message.data);
    }
  });
})();
</script>
</body>
</html>
`;

/** A message from a worker (the sandboxed one, relayed, or the page's own), checked before the page uses it. */
export type WorkerMessage =
  | {type: 'reach'; report: ReachReport}
  | {type: 'problems'; id: number; problems: string[]}
  | {type: 'failed'; detail: string};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readResult(value: unknown): ReachResult | null {
  if (!isRecord(value) || typeof value.reached !== 'boolean' || typeof value.detail !== 'string') return null;
  return {reached: value.reached, detail: value.detail.slice(0, 200)};
}

function readReport(value: unknown): ReachReport | null {
  if (!isRecord(value)) return null;
  const origin = readResult(value.origin);
  const document = readResult(value.document);
  const indexedDB = readResult(value.indexedDB);
  const cacheStorage = readResult(value.cacheStorage);
  const pageRequest = readResult(value.pageRequest);
  if (origin === null || document === null || indexedDB === null || cacheStorage === null || pageRequest === null) {
    return null;
  }
  return {origin, document, indexedDB, cacheStorage, pageRequest};
}

/**
 * Reads what a worker posted: a reach report, the validator's answer
 * (`{id, problems}`, the shape the shipped code posts), or a failure; null for
 * anything else.
 */
export function readWorkerMessage(data: unknown): WorkerMessage | null {
  if (!isRecord(data)) return null;
  if (data.type === 'reach') {
    const report = readReport(data.report);
    return report === null ? null : {type: 'reach', report};
  }
  if (data.type === 'failed') return {type: 'failed', detail: String(data.detail).slice(0, 200)};
  if (typeof data.id === 'number' && Array.isArray(data.problems)) {
    const problems = data.problems.filter((problem): problem is string => typeof problem === 'string');
    return problems.length === data.problems.length ? {type: 'problems', id: data.id, problems} : null;
  }
  return null;
}

/** Reads what the sandboxed iframe posted: only its relay of the worker's messages counts. */
export function readSandboxMessage(data: unknown): WorkerMessage | null {
  return isRecord(data) && data.type === 'worker' ? readWorkerMessage(data.data) : null;
}
