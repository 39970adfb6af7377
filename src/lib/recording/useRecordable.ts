/**
 * Makes a demo recordable and replayable: a demo passes the value of its state hook through it,
 * `const demo = useRecordable(useEchoConsole())`. While live, every new value is recorded (and the page's exchanges
 * with the demo server are tapped); while a recording plays, the hook returns the recorded value instead, with the
 * live demo's functions in place of the ones a recording cannot hold, so every view of the demo draws the replay.
 */
import useBaseUrl from '@docusaurus/useBaseUrl';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import {useContext, useEffect, useSyncExternalStore} from 'react';
import {useDemoServerUrl} from '../useDemoServerUrl.ts';
import {RecordingStore, type LiveStatus, type RecordingSnapshot} from './recordingStore.ts';
import {RecordingSlotContext} from './slot.ts';
import {installWireTap} from './wireTap.ts';

export interface RecordableOptions {
  /**
   * The demo server paths this demo talks to (from ENDPOINTS): its exports hold only those exchanges. Without it,
   * every exchange of the page with the demo server.
   */
  paths?: readonly string[];
  /** The demo's connection status, when its value has no `connection.state.status`. */
  status?: LiveStatus;
}

const noSubscribe = () => () => undefined;
const noSnapshot = (): RecordingSnapshot | null => null;

function statusOf(value: unknown): LiveStatus | null {
  const status = (value as {connection?: {state?: {status?: unknown}}} | null)?.connection?.state?.status;
  return status === 'connecting' || status === 'live' || status === 'offline' || status === 'closed' ? status : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The recorded value with the live value's functions put back where the recording has none. */
export function withLiveFunctions(replayed: unknown, live: unknown): unknown {
  if (typeof live === 'function') return live;
  if (!isPlainObject(live) || !isPlainObject(replayed)) return replayed;
  const out: Record<string, unknown> = {...replayed};
  for (const [key, value] of Object.entries(live)) {
    if (typeof value === 'function') out[key] = value;
    else if (isPlainObject(value) && isPlainObject(out[key])) out[key] = withLiveFunctions(out[key], value);
  }
  return out;
}

/** The store of the demo this hook runs in (null outside a registry demo, e.g. in unit tests of a component). */
export function useRecordingStore(): RecordingStore | null {
  const slot = useContext(RecordingSlotContext);
  if (slot === null) return null;
  slot.store ??= new RecordingStore(slot.demo);
  return slot.store;
}

export function useRecordable<T>(live: T, options: RecordableOptions = {}): T {
  const store = useRecordingStore();
  const serverUrl = useDemoServerUrl();
  const recordingsUrl = useBaseUrl('/recordings/');
  const version = useDocusaurusContext().siteConfig.customFields?.siteVersion;
  const siteVersion = typeof version === 'string' ? version : 'n/a';
  // Installed while the demo first renders, before any effect of its hooks opens a connection. Idempotent.
  if (store !== null) installWireTap(serverUrl);
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? noSnapshot, noSnapshot);
  const pathsKey = options.paths?.join('\n') ?? null;
  useEffect(() => {
    store?.configure({recordingsUrl, serverUrl, siteVersion, paths: pathsKey === null ? null : pathsKey.split('\n')});
  }, [store, recordingsUrl, serverUrl, siteVersion, pathsKey]);
  useEffect(() => {
    store?.observeLive(live, options.status ?? statusOf(live));
  });
  useEffect(() => {
    void store?.openSharedFromLocation();
  }, [store]);
  const replay = snapshot?.replay ?? null;
  return replay === null ? live : (withLiveFunctions(replay.view, live) as T);
}
