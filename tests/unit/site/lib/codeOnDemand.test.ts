/**
 * The sandbox the code-on-demand demo runs the shipped validator in: the
 * iframe document's script, the worker it builds, the probe of what that
 * worker can reach, and the checks on what comes back. Chromium runs the real
 * thing in tests/e2e/rest.spec.ts; here each piece runs in a VM context with
 * the browser APIs it touches replaced by recorders.
 */
import {createContext, runInContext, runInNewContext} from 'node:vm';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {NOTE_VALIDATOR_SOURCE} from '../../../../demo-server/src/routes/code.ts';
import {
  PROBE_STORE_NAME,
  PROBE_TIMEOUT_MS,
  REACH_PROBES,
  REACH_PROBE_SOURCE,
  SANDBOX_DOCUMENT,
  pageWorkerSource,
  readSandboxMessage,
  readWorkerMessage,
  type ReachReport,
} from '../../../../src/lib/codeOnDemand.ts';

afterEach(() => {
  vi.useRealTimers();
});

type ProbeGlobals = Record<string, unknown>;

/**
 * A worker's global scope in an opaque origin with nothing to reach: no IndexedDB, no CacheStorage, and fetch
 * refused. `extra` adds or replaces globals; `self` is the scope itself.
 */
function nullOriginScope(extra: ProbeGlobals = {}): ProbeGlobals {
  const scope: ProbeGlobals = {
    setTimeout,
    clearTimeout,
    Promise,
    origin: 'null',
    indexedDB: undefined,
    caches: undefined,
    fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    ...extra,
  };
  scope.self = scope;
  return scope;
}

/** Runs probeReach in a context that stands for a worker's global scope. */
async function probe(globals: ProbeGlobals): Promise<ReachReport> {
  const scope: Record<string, unknown> = {setTimeout, clearTimeout, Promise, ...globals};
  scope.self = scope;
  runInNewContext(REACH_PROBE_SOURCE, scope);
  const probeReach = scope.probeReach as (pageUrl: string) => Promise<ReachReport>;
  return probeReach('http://localhost:3000/docs/rest/code-on-demand');
}

/** An IndexedDB whose open() answers success on the next turn, recording what was opened and deleted. */
function workingIndexedDB(log: string[]) {
  return {
    open(name: string) {
      log.push(`open ${name}`);
      const request: {onsuccess?: () => void; onerror?: () => void; result: {close: () => void}} = {
        result: {close: () => log.push('close')},
      };
      setTimeout(() => request.onsuccess?.(), 0);
      return request;
    },
    deleteDatabase(name: string) {
      log.push(`delete ${name}`);
    },
  };
}

describe('what the probe reports', () => {
  it('in an opaque origin: every probe refused, with what the browser said', async () => {
    const securityError = Object.assign(new Error('access to the Indexed Database API is denied'), {
      name: 'SecurityError',
    });
    const report = await probe({
      origin: 'null',
      isSecureContext: false,
      indexedDB: {
        open() {
          throw securityError;
        },
      },
      caches: undefined,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    expect(report.origin).toEqual({reached: false, detail: 'null'});
    expect(report.document).toEqual({reached: false, detail: 'none in a worker'});
    expect(report.indexedDB).toEqual({
      reached: false,
      detail: 'SecurityError: access to the Indexed Database API is denied',
    });
    expect(report.cacheStorage).toEqual({
      reached: false,
      detail: 'TypeError: caches is not defined here (not a secure context)',
    });
    expect(report.pageRequest).toEqual({reached: false, detail: 'TypeError: Failed to fetch'});
  });

  it("in the page's origin: everything reached, and what it opened is deleted again", async () => {
    const log: string[] = [];
    const requests: {url: string; init: unknown}[] = [];
    const report = await probe({
      origin: 'http://localhost:3000',
      indexedDB: workingIndexedDB(log),
      caches: {
        open: (name: string) => Promise.resolve(log.push(`cache open ${name}`)),
        delete: (name: string) => Promise.resolve(log.push(`cache delete ${name}`)),
      },
      fetch: (url: string, init: unknown) => {
        requests.push({url, init});
        return Promise.resolve({status: 200});
      },
    });
    expect(Object.values(report).map((result) => result.reached)).toEqual([true, false, true, true, true]);
    expect(report.origin.detail).toBe('http://localhost:3000');
    expect(report.pageRequest.detail).toBe('answered 200, readable');
    expect(log).toEqual(
      expect.arrayContaining([
        `open ${PROBE_STORE_NAME}`,
        'close',
        `delete ${PROBE_STORE_NAME}`,
        `cache open ${PROBE_STORE_NAME}`,
        `cache delete ${PROBE_STORE_NAME}`,
      ]),
    );
    // The request that stands for "the page's cookies": the page's own URL, credentials included.
    expect(requests).toEqual([
      {
        url: 'http://localhost:3000/docs/rest/code-on-demand',
        init: {method: 'HEAD', credentials: 'include', cache: 'no-store'},
      },
    ]);
  });

  it('reports a probe that never answers as not reached, after the timeout', async () => {
    vi.useFakeTimers();
    const pending = probe({
      origin: 'null',
      indexedDB: {open: () => ({})},
      caches: undefined,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await vi.advanceTimersByTimeAsync(PROBE_TIMEOUT_MS);
    const report = await pending;
    expect(report.indexedDB).toEqual({reached: false, detail: 'Error: no answer within 3 s'});
  });

  it('takes its references before it first waits, so later code cannot change what it measures', async () => {
    const scope = nullOriginScope();
    runInNewContext(REACH_PROBE_SOURCE, scope);
    const pending = (scope.probeReach as (url: string) => Promise<ReachReport>)('http://localhost/');
    // What the shipped code could do next in the same worker.
    scope.caches = {open: () => Promise.resolve(), delete: () => Promise.resolve()};
    scope.fetch = () => Promise.resolve({status: 200});
    const report = await pending;
    expect(report.cacheStorage.reached).toBe(false);
    expect(report.pageRequest.reached).toBe(false);
  });
});

describe('the messages the page accepts', () => {
  const report = Object.fromEntries(REACH_PROBES.map((name) => [name, {reached: false, detail: 'x'}]));

  it("accepts the validator's answer, a reach report and a failure", () => {
    expect(readWorkerMessage({id: 3, problems: ['"title" must be a non-empty string']})).toEqual({
      type: 'problems',
      id: 3,
      problems: ['"title" must be a non-empty string'],
    });
    expect(readWorkerMessage({type: 'reach', report})).toEqual({type: 'reach', report});
    expect(readWorkerMessage({type: 'failed', detail: 'SyntaxError'})).toEqual({type: 'failed', detail: 'SyntaxError'});
  });

  it('refuses anything else', () => {
    expect(readWorkerMessage({id: 3, problems: [1]})).toBeNull();
    expect(readWorkerMessage({id: '3', problems: []})).toBeNull();
    expect(readWorkerMessage({type: 'reach', report: {...report, origin: {reached: 'yes', detail: ''}}})).toBeNull();
    const {pageRequest: _missing, ...incomplete} = report;
    expect(readWorkerMessage({type: 'reach', report: incomplete})).toBeNull();
    expect(readWorkerMessage('{"id":1}')).toBeNull();
    expect(readWorkerMessage(null)).toBeNull();
  });

  it('from the sandbox, only its relay of a worker message counts', () => {
    expect(readSandboxMessage({type: 'worker', data: {id: 1, problems: []}})).toEqual({
      type: 'problems',
      id: 1,
      problems: [],
    });
    expect(readSandboxMessage({id: 1, problems: []})).toBeNull();
    expect(readSandboxMessage({type: 'run', source: 'x'})).toBeNull();
  });
});

/** The sandbox document's one script, and a stand-in for the browser around it. */
function loadSandbox() {
  const scripts = [...SANDBOX_DOCUMENT.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
  expect(scripts).toHaveLength(1);
  const blobs = new Map<string, string>();
  const workers: {url: string; posted: unknown[]; onmessage?: (event: {data: unknown}) => void}[] = [];
  const toParent: unknown[] = [];
  const parent = {postMessage: (message: unknown, target: string) => toParent.push({message, target})};
  let onMessage: ((event: {source: unknown; data: unknown}) => void) | undefined;
  class FakeBlob {
    readonly text: string;
    constructor(parts: string[]) {
      this.text = parts.join('');
    }
  }
  class FakeWorker {
    readonly posted: unknown[] = [];
    onmessage?: (event: {data: unknown}) => void;
    onerror?: unknown;
    constructor(readonly url: string) {
      workers.push(this);
    }
    postMessage(message: unknown) {
      this.posted.push(message);
    }
  }
  runInNewContext(scripts[0] ?? '', {
    parent,
    Blob: FakeBlob,
    Worker: FakeWorker,
    URL: {
      createObjectURL: (blob: FakeBlob) => {
        const url = `blob:null/${blobs.size + 1}`;
        blobs.set(url, blob.text);
        return url;
      },
    },
    addEventListener: (type: string, listener: typeof onMessage) => {
      if (type === 'message') onMessage = listener;
    },
  });
  const send = (source: unknown, data: unknown) => onMessage?.({source, data});
  return {parent, send, blobs, workers, toParent};
}

describe('the sandbox document', () => {
  it('cannot be closed early by the code it carries', () => {
    expect(SANDBOX_DOCUMENT.match(/<\/script/g)).toHaveLength(1);
    expect(pageWorkerSource('http://x/</script>')).not.toContain('</script>');
  });

  it('starts one worker on "run" from its parent, with the shipped code loaded after the probe', () => {
    const {parent, send, blobs, workers} = loadSandbox();
    send({}, {type: 'run', source: 'stranger', pageUrl: 'http://x/'});
    expect(workers).toHaveLength(0);
    send(parent, {type: 'run', source: NOTE_VALIDATOR_SOURCE, pageUrl: 'http://localhost:3000/p'});
    send(parent, {type: 'run', source: 'again', pageUrl: 'http://x/'});
    expect(workers).toHaveLength(1);
    expect(blobs.get('blob:null/1')).toBe(NOTE_VALIDATOR_SOURCE);
    const host = blobs.get(workers[0]?.url ?? '') ?? '';
    expect(host.indexOf('probeReach("http://localhost:3000/p")')).toBeLessThan(
      host.indexOf('importScripts("blob:null/1")'),
    );
  });

  it('passes checks to the worker and relays what the worker says, only to its parent', () => {
    const {parent, send, workers, toParent} = loadSandbox();
    send(parent, {type: 'check', data: {id: 1}});
    send(parent, {type: 'run', source: NOTE_VALIDATOR_SOURCE, pageUrl: 'http://localhost:3000/p'});
    send(parent, {type: 'check', data: {id: 2, note: {title: 't', body: ''}}});
    send({}, {type: 'check', data: {id: 3}});
    expect(workers[0]?.posted).toEqual([{id: 2, note: {title: 't', body: ''}}]);
    workers[0]?.onmessage?.({data: {id: 2, problems: []}});
    expect(toParent).toEqual([{message: {type: 'worker', data: {id: 2, problems: []}}, target: '*'}]);
  });

  it('builds a worker in which the shipped validator answers checks and the probe reports', async () => {
    const {parent, send, blobs, workers} = loadSandbox();
    send(parent, {type: 'run', source: NOTE_VALIDATOR_SOURCE, pageUrl: 'http://localhost:3000/p'});
    const posted: unknown[] = [];
    const scope = nullOriginScope({postMessage: (message: unknown) => posted.push(message)});
    const context = createContext(scope);
    scope.importScripts = (url: string) => {
      runInContext(blobs.get(url) ?? '', context);
    };
    runInContext(blobs.get(workers[0]?.url ?? '') ?? '', context);
    (scope.onmessage as (event: {data: unknown}) => void)({data: {id: 7, note: {title: '', body: ''}}});
    await vi.waitFor(() => expect(posted).toHaveLength(2));
    expect(readWorkerMessage(posted[0])).toEqual({
      type: 'problems',
      id: 7,
      problems: ['"title" must be a non-empty string'],
    });
    const reach = readWorkerMessage(posted[1]);
    expect(reach?.type).toBe('reach');
    expect(reach?.type === 'reach' ? reach.report.origin : null).toEqual({reached: false, detail: 'null'});
  });
});
