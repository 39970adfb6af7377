/**
 * Runs the streamed-response demo: one click sends the prompt twice, as a `POST` read with `fetch` and
 * `response.body.getReader()` (each network chunk kept, parsed with the page's own event-stream parser), and as a
 * `GET` to an `EventSource` (which can send no body). Both carry one attempt id; once both are over (finished,
 * stopped or failed), the page reads what the server saw of them.
 */
import {useCallback, useEffect, useRef, useState} from 'react';
import type {AttemptRecord} from '../../../demo-server/src/contract/attempts.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {viaProxyPath, type ProxySettings} from '../../../demo-server/src/contract/proxy.ts';
import {STREAM_DONE_EVENT, StreamDone, StreamToken} from '../../../demo-server/src/contract/streamedResponse.ts';
import {newAttemptId, readAttempt, withAttempt} from '../../lib/attempts.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {createEventStreamParser} from '../../lib/eventStream.ts';
import {parseJson} from '../../lib/readJson.ts';
import type {ServerCheck} from '../../lib/useServerCheck.ts';
import {useServerStatus} from '../../lib/useServerStatus.ts';
import {cutOf, showChunk, type ChunkView} from './chunks.ts';

/** `streaming` until the body ends (`done`), the reader stops it (`stopped`), or it fails. */
export type Phase = 'streaming' | 'done' | 'stopped' | 'failed';

export interface FetchSide {
  phase: Phase;
  status: number | null;
  chunks: ChunkView[];
  /** Token events parsed, and the text they make. */
  tokens: number;
  text: string;
  done: StreamDone | null;
  error: string | null;
}

export interface EventSourceSide {
  phase: Phase;
  /** `message` events received, and the text they make. */
  tokens: number;
  text: string;
  lastEventId: string;
  done: StreamDone | null;
  error: string | null;
}

export interface StreamRun {
  /** Counts runs, so a late callback of an earlier one changes nothing. */
  run: number;
  attempt: string;
  fetched: FetchSide;
  eventSource: EventSourceSide;
  /** What the server saw of both requests: null until read, or when it kept nothing. */
  record: AttemptRecord | null;
  recordPhase: 'waiting' | 'reading' | 'done';
  recordError: string | null;
}

export interface StreamedResponse {
  connection: ServerCheck<true>['connection'];
  run: StreamRun | null;
  /** Streams `prompt`; with `buffered`, both requests pass through a proxy that holds BUFFERING_PROXY's bytes. */
  start: (prompt: string, maxTokens: number, buffered: boolean) => void;
  /** Aborts the fetch and closes the EventSource. */
  stop: () => void;
  /** What the live region says when a run ends; '' until then. */
  announcement: string;
}

/** The proxy a reader can put in the path: it holds up to 4 KiB of the answer, for up to 10 s, before passing it on. */
export const BUFFERING_PROXY = {buffer: 4096, flushMs: 10_000} as const satisfies Partial<ProxySettings>;

/** Time left for the server to note a reader's close before the record is read. */
const SETTLE_MS = 300;

const over = (phase: Phase) => phase !== 'streaming';

export function useStreamedResponse(): StreamedResponse {
  const {serverUrl, connection} = useServerStatus();
  const [run, setRun] = useState<StreamRun | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const runs = useRef(0);
  const stopCurrent = useRef<(() => void) | null>(null);
  /** Ends the run's requests and its record reading, for good (unmount, or a new run). */
  const dropCurrent = useRef<(() => void) | null>(null);

  useEffect(() => () => dropCurrent.current?.(), []);

  const start = useCallback(
    (prompt: string, maxTokens: number, buffered: boolean) => {
      dropCurrent.current?.();
      runs.current += 1;
      const id = runs.current;
      const attempt = newAttemptId();
      // Through the proxy, the attempt rides in its settings: the proxy puts it on the request it forwards, and
      // notes what it did under it too.
      const url = buffered
        ? httpUrl(serverUrl, viaProxyPath({...BUFFERING_PROXY, attempt}, ENDPOINTS.streamedResponse))
        : httpUrl(serverUrl, ENDPOINTS.streamedResponse);
      const named = (target: string) => (buffered ? target : withAttempt(target, attempt));
      const controller = new AbortController();
      const recordController = new AbortController();
      const sent = performance.now();
      const fetched: FetchSide = {
        phase: 'streaming',
        status: null,
        chunks: [],
        tokens: 0,
        text: '',
        done: null,
        error: null,
      };
      const eventSource: EventSourceSide = {
        phase: 'streaming',
        tokens: 0,
        text: '',
        lastEventId: '',
        done: null,
        error: null,
      };
      let recordAsked = false;
      const show = (change: Partial<StreamRun> = {}) =>
        setRun((current) =>
          current?.run === id ? {...current, ...change, fetched: {...fetched}, eventSource: {...eventSource}} : current,
        );
      setRun({run: id, attempt, fetched, eventSource, record: null, recordPhase: 'waiting', recordError: null});

      /** Once both sides are over, reads the server's record of both. */
      const maybeReadRecord = () => {
        show();
        if (recordAsked || !over(fetched.phase) || !over(eventSource.phase)) return;
        recordAsked = true;
        show({recordPhase: 'reading'});
        setAnnouncement(
          `fetch: ${fetched.phase}, ${fetched.tokens} tokens in ${fetched.chunks.length} chunks. EventSource: ${eventSource.phase}, ${eventSource.tokens} tokens.`,
        );
        readAttempt(serverUrl, attempt, {signal: recordController.signal, settleMs: SETTLE_MS})
          .then((record) => show({record, recordPhase: 'done'}))
          .catch((error: unknown) => {
            if (recordController.signal.aborted) return;
            show({recordPhase: 'done', recordError: error instanceof Error ? error.message : String(error)});
          });
      };

      // The EventSource: a GET with the prompt in the query, which is all it can send.
      const query = new URLSearchParams({prompt, maxTokens: String(maxTokens)});
      const source = new EventSource(named(`${url}?${query.toString()}`));
      const closeSource = (phase: Phase, error: string | null = null) => {
        source.close();
        source.onmessage = null;
        source.onerror = null;
        source.removeEventListener(STREAM_DONE_EVENT, onDone);
        if (over(eventSource.phase)) return;
        eventSource.phase = phase;
        eventSource.error = error;
        maybeReadRecord();
      };
      source.onmessage = (event: MessageEvent<string>) => {
        const token = parseJson(StreamToken, event.data);
        if (token === null) return;
        eventSource.tokens += 1;
        eventSource.text += token.token;
        eventSource.lastEventId = event.lastEventId;
        show();
      };
      // The server ends the response after `done`; left open, EventSource would reconnect with Last-Event-ID, and
      // the server would answer 204 (nothing left), which ends it for good. Closing here saves that request.
      const onDone = (event: MessageEvent<string>) => {
        eventSource.done = parseJson(StreamDone, event.data);
        closeSource('done');
      };
      source.addEventListener(STREAM_DONE_EVENT, onDone);
      source.onerror = () => {
        if (source.readyState === EventSource.CLOSED) closeSource('failed', 'the browser closed the EventSource');
      };

      // The fetch: a POST with a JSON body, read chunk by chunk.
      const read = async () => {
        const response = await fetch(named(url), {
          method: 'POST',
          headers: {'Content-Type': 'application/json', Accept: 'text/event-stream'},
          body: JSON.stringify({prompt, maxTokens}),
          cache: 'no-store',
          signal: controller.signal,
        });
        fetched.status = response.status;
        if (!response.ok || response.body === null) throw new Error(`The server answered ${response.status}`);
        const parser = createEventStreamParser();
        const reader = response.body.getReader();
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          const events = parser.push(value);
          for (const event of events) {
            if (event.type === STREAM_DONE_EVENT) {
              fetched.done = parseJson(StreamDone, event.data);
              continue;
            }
            const token = parseJson(StreamToken, event.data);
            if (token === null) continue;
            fetched.tokens += 1;
            fetched.text += token.token;
          }
          fetched.chunks = [
            ...fetched.chunks,
            {
              n: fetched.chunks.length + 1,
              at: performance.now() - sent,
              bytes: value.length,
              shown: showChunk(value),
              events: events.length,
              cut: cutOf(value, parser),
            },
          ];
          show();
        }
        parser.end();
      };
      read()
        .then(() => {
          fetched.phase = 'done';
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) {
            fetched.phase = 'stopped';
            return;
          }
          fetched.phase = 'failed';
          fetched.error = error instanceof Error ? error.message : String(error);
        })
        .finally(maybeReadRecord);

      stopCurrent.current = () => {
        controller.abort();
        closeSource('stopped');
      };
      dropCurrent.current = () => {
        controller.abort();
        recordController.abort();
        source.close();
      };
    },
    [serverUrl],
  );

  const stop = useCallback(() => stopCurrent.current?.(), []);

  return {connection, run, start, stop, announcement};
}
