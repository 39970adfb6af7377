/**
 * Runs one case of the EventSource failures demo at a time: opens an `EventSource` on `/events/faults?case=…` with
 * an attempt id, writes down every event it fires and the readyState each leaves, stops by the case's rule (the
 * browser gave up, enough reconnections, a quiet stream watched long enough, a late heartbeat) or at the cap, then
 * reads what the server saw of every request under that attempt.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {AttemptRecord} from '../../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {newAttemptId, readAttempt, withAttempt} from '../../lib/attempts.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {withQuery} from '../../lib/realtime/session.ts';
import type {ServerCheck} from '../../lib/useServerCheck.ts';
import {useServerStatus} from '../../lib/useServerStatus.ts';
import {MAX_CASE_MS, type CaseSpec} from './cases.ts';
import {countOf, pageSummary, type ReadyState, type TimelineEntry} from './timeline.ts';

export interface CaseRun {
  /** Counts runs, so a late callback of an earlier one changes nothing. */
  run: number;
  spec: CaseSpec;
  /** The URL given to `new EventSource()`. */
  url: string;
  attempt: string;
  entries: TimelineEntry[];
  /** `EventSource.url` as the page read it at the end. */
  reportedUrl: string | null;
  /** `watching` the EventSource, `reading` the server's record, `done`. */
  phase: 'watching' | 'reading' | 'done';
  /** Why the page stopped watching, in words. */
  stoppedBecause: string | null;
  /** What the server kept of the attempt; null until read, or when it kept nothing. */
  record: AttemptRecord | null;
  /** Why the server's record could not be read, when it could not. */
  recordError: string | null;
}

export interface EventSourceFailures {
  connection: ServerCheck<true>['connection'];
  run: CaseRun | null;
  /** Starts a case (ending the one running, if any). */
  start: (spec: CaseSpec) => void;
  /** A sentence for the live region when a case ends; '' while none has. */
  announcement: string;
}

const requestCount = (record: AttemptRecord) =>
  `The server received ${record.exchanges.length} request${record.exchanges.length === 1 ? '' : 's'}.`;

/** Time left for the server to note the page's close before its record is read. */
const SETTLE_MS = 300;

export function useEventSourceFailures(): EventSourceFailures {
  const {serverUrl, connection} = useServerStatus();
  const [run, setRun] = useState<CaseRun | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const runs = useRef(0);
  /** Ends the running case's EventSource and timers; null when none runs. */
  const stopCurrent = useRef<(() => void) | null>(null);

  useEffect(() => () => stopCurrent.current?.(), []);

  const start = useCallback(
    (spec: CaseSpec) => {
      stopCurrent.current?.();
      runs.current += 1;
      const id = runs.current;
      const attempt = newAttemptId();
      const url = withAttempt(withQuery(httpUrl(serverUrl, ENDPOINTS.eventsFaults), {case: spec.id}), attempt);
      const entries: TimelineEntry[] = [];
      const timers = new Set<ReturnType<typeof setTimeout>>();
      const controller = new AbortController();
      const update = (change: Partial<CaseRun>) =>
        setRun((current) => (current?.run === id ? {...current, ...change} : current));
      setRun({
        run: id,
        spec,
        url,
        attempt,
        entries,
        reportedUrl: null,
        phase: 'watching',
        stoppedBecause: null,
        record: null,
        recordError: null,
      });

      const startedAt = performance.now();
      const source = new EventSource(url);
      const note = (kind: TimelineEntry['kind'], extra: Partial<TimelineEntry> = {}) => {
        entries.push({at: performance.now() - startedAt, kind, readyState: source.readyState as ReadyState, ...extra});
        update({entries: [...entries]});
      };
      const later = (ms: number, run: () => void) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          run();
        }, ms);
        timers.add(timer);
        return timer;
      };

      let watching = true;
      const stopWatching = () => {
        watching = false;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        source.onopen = null;
        source.onmessage = null;
        source.onerror = null;
        source.removeEventListener('heartbeat', onHeartbeat);
      };
      /** Ends the case: closes the EventSource if the browser has not, then reads the server's record. */
      const finish = (because: string) => {
        if (!watching) return;
        const closedByPage = source.readyState !== EventSource.CLOSED;
        source.close();
        if (closedByPage) note('closed-by-page');
        stopWatching();
        update({phase: 'reading', stoppedBecause: because, reportedUrl: source.url});
        readAttempt(serverUrl, attempt, {signal: controller.signal, settleMs: SETTLE_MS})
          .then((record) => {
            update({phase: 'done', record});
            const requests = record === null ? 'The server kept nothing of it.' : requestCount(record);
            setAnnouncement(`${spec.label}: ${pageSummary(entries)} ${requests}`);
          })
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            const message = error instanceof Error ? error.message : String(error);
            update({phase: 'done', recordError: message});
            setAnnouncement(`${spec.label}: ${pageSummary(entries)} The server's record could not be read.`);
          });
      };

      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const armWatchdog = () => {
        if (spec.stop.kind !== 'watchdog') return;
        if (watchdog !== undefined) {
          clearTimeout(watchdog);
          timers.delete(watchdog);
        }
        watchdog = later(spec.stop.lateMs, () => {
          note('late');
          finish(`no heartbeat for ${spec.stop.kind === 'watchdog' ? spec.stop.lateMs : 0} ms: the page gave up on it`);
        });
      };
      function onHeartbeat() {
        note('heartbeat');
        armWatchdog();
      }

      source.onopen = () => note('open');
      source.onmessage = (event) => {
        note('message', {lastEventId: event.lastEventId, origin: event.origin});
        armWatchdog();
        if (spec.stop.kind === 'reconnects' && countOf(entries, 'open') > spec.stop.count) {
          finish(`${spec.stop.count} reconnections seen: the page closed it`);
        }
      };
      source.onerror = () => {
        note('error');
        if (source.readyState === EventSource.CLOSED) finish('the browser closed it for good');
      };
      source.addEventListener('heartbeat', onHeartbeat);
      note('created');
      if (spec.stop.kind === 'quiet') {
        later(spec.stop.ms, () => finish(`${spec.stop.kind === 'quiet' ? spec.stop.ms : 0} ms watched`));
      }
      later(MAX_CASE_MS, () => finish(`the ${MAX_CASE_MS / 1000} s every case is watched at most`));

      stopCurrent.current = () => {
        controller.abort();
        if (watching) {
          source.close();
          stopWatching();
        }
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
      };
    },
    [serverUrl],
  );

  return {connection, run, start, announcement};
}
