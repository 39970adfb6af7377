import {useCallback, useEffect, useRef, useState} from 'react';
import {
  COOKIE_CASES,
  COOKIE_FRAME_MESSAGES,
  COOKIE_PATHS,
  CookieClearAnswer,
  CookieEcho,
  CookieFrameAnswer,
  CookieFrameReady,
  CookieSetAnswer,
  cookieNameOf,
  SCRIPT_COOKIE_NAME,
  type CookieCase,
} from '../../../demo-server/src/contract/cookies.ts';
import {COOKIE_LIMITS} from '../../../demo-server/src/limits.ts';
import {demoCookiesIn, newCookieValue, otherLoopbackUrl, scriptCookieAssignment} from '../../lib/cookies.ts';
import {httpUrl} from '../../lib/demoServerUrls.ts';
import {fits, requireJson} from '../../lib/readJson.ts';
import {useServerStatus, type ServerStatus} from '../../lib/useServerStatus.ts';

/** The demo server under one of its names. */
export interface CookieTarget {
  key: 'site' | 'other';
  /** Base URL, as `httpUrl` takes it. */
  url: string;
  origin: string;
}

/** What the server's own page (the frame) said its `document.cookie` holds; null before it answered. */
export type FrameView = {kind: 'cookie'; documentCookie: string} | {kind: 'silent'} | null;

/** Everything the page knows after its last look, for one target. */
export interface CookieView {
  /** The Set-Cookie the server said it sent, per case, from this page's last set of it. */
  sent: Partial<Record<CookieCase, string>>;
  /** What a credentialed GET to each echo carried in `Cookie`. */
  echo: CookieEcho | null;
  scopedEcho: CookieEcho | null;
  frame: FrameView;
  /** The demo's cookies in this page's own `document.cookie`. */
  pageCookie: string;
  /** Set-Cookie fields of the last clear. */
  cleared: string[] | null;
}

export interface CookiesDemo {
  connection: ServerStatus['connection'];
  live: boolean;
  busy: boolean;
  targets: readonly CookieTarget[];
  target: CookieTarget;
  chooseTarget: (key: CookieTarget['key']) => void;
  view: CookieView;
  /** The frame's `src`, and the callback ref that hands the hook its element: the page asks it for its `document.cookie`. */
  frameSrc: string;
  attachFrame: (element: HTMLIFrameElement | null) => void;
  maxAgeSeconds: number;
  setMaxAgeSeconds: (seconds: number) => void;
  set: (name: CookieCase) => void;
  setAll: () => void;
  setScriptCookie: () => void;
  clearAll: () => void;
  look: () => void;
  announcement: string;
  failure: string | null;
}

const EMPTY_VIEW: CookieView = {sent: {}, echo: null, scopedEcho: null, frame: null, pageCookie: '', cleared: null};
/** How long the server's page has to answer before the demo says it did not. */
const FRAME_TIMEOUT_MS = 2_000;

/** Every request of the demo carries cookies both ways: `credentials: 'include'` (Fetch standard, credentials mode). */
const CREDENTIALED: RequestInit = {credentials: 'include', cache: 'no-store'};

/**
 * The cookies demo's state: sets a case's cookie with a credentialed `fetch` to the demo server, then looks from
 * every side: what the server receives in `Cookie` (its echo), what a page of the server's own origin sees in
 * `document.cookie` (the frame), and what this page's `document.cookie` holds.
 */
export function useCookiesDemo(): CookiesDemo {
  const {serverUrl, connection} = useServerStatus();
  const live = connection.state.status === 'live';
  const other = otherLoopbackUrl(serverUrl);
  const siteTarget: CookieTarget = {key: 'site', url: serverUrl, origin: new URL(serverUrl).origin};
  const otherTarget: CookieTarget | null =
    other === null ? null : {key: 'other', url: other, origin: new URL(other).origin};
  const targets = otherTarget === null ? [siteTarget] : [siteTarget, otherTarget];
  const [targetKey, setTargetKey] = useState<CookieTarget['key']>('site');
  const target = targetKey === 'other' && otherTarget !== null ? otherTarget : siteTarget;
  const [views, setViews] = useState<Record<CookieTarget['key'], CookieView>>({site: EMPTY_VIEW, other: EMPTY_VIEW});
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [maxAgeSeconds, setMaxAgeSeconds] = useState(10);
  const frameRef = useRef<HTMLIFrameElement | null>(null);
  const frameReady = useRef<Promise<void> | null>(null);
  const frameSrc = httpUrl(target.url, COOKIE_PATHS.frame);
  const attachFrame = useCallback((element: HTMLIFrameElement | null) => {
    frameRef.current = element;
  }, []);

  // The frame says when it is ready; a question asked before then would be lost.
  useEffect(() => {
    let ready: () => void = () => undefined;
    frameReady.current = new Promise((resolve) => {
      ready = resolve;
    });
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== target.origin || event.source !== frameRef.current?.contentWindow) return;
      if (fits(CookieFrameReady, event.data)) ready();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [target.origin, frameSrc]);

  const askFrame = async (): Promise<FrameView> => {
    const frame = frameRef.current?.contentWindow;
    if (frame === null || frame === undefined || frameReady.current === null) return {kind: 'silent'};
    const answer = new Promise<FrameView>((resolve) => {
      const timer = setTimeout(() => finish({kind: 'silent'}), FRAME_TIMEOUT_MS);
      function finish(view: FrameView) {
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
        resolve(view);
      }
      function onMessage(event: MessageEvent) {
        if (event.origin !== target.origin || event.source !== frame) return;
        const data: unknown = event.data;
        if (fits(CookieFrameAnswer, data)) {
          finish(
            data.documentCookie === null ? {kind: 'silent'} : {kind: 'cookie', documentCookie: data.documentCookie},
          );
        }
      }
      window.addEventListener('message', onMessage);
    });
    const ready = await Promise.race([frameReady.current.then(() => true), delay(FRAME_TIMEOUT_MS).then(() => false)]);
    if (!ready) return {kind: 'silent'};
    frame.postMessage(COOKIE_FRAME_MESSAGES.read, target.origin);
    return answer;
  };

  /** Looks from every side at once and keeps what it saw for the target. */
  const lookAt = async (base: CookieTarget, change: Partial<CookieView> = {}): Promise<CookieView> => {
    const [echo, scopedEcho, frame] = await Promise.all([
      fetch(httpUrl(base.url, COOKIE_PATHS.echo), CREDENTIALED).then((r) => requireJson(r, CookieEcho, 'The echo')),
      fetch(httpUrl(base.url, COOKIE_PATHS.scopedEcho), CREDENTIALED).then((r) =>
        requireJson(r, CookieEcho, 'The echo'),
      ),
      askFrame(),
    ]);
    const looked = {echo, scopedEcho, frame, pageCookie: demoCookiesIn(document.cookie)};
    setViews((shown) => ({...shown, [base.key]: {...shown[base.key], ...change, ...looked}}));
    return {...EMPTY_VIEW, ...change, ...looked};
  };

  const act = (what: (base: CookieTarget) => Promise<string>) => {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    const base = target;
    what(base)
      .then(setAnnouncement)
      .catch((error: unknown) => {
        setFailure(
          `The demo server did not answer as expected: ${error instanceof Error ? error.message : String(error)}. Is it reachable?`,
        );
      })
      .finally(() => setBusy(false));
  };

  const setOne = async (base: CookieTarget, name: CookieCase): Promise<CookieSetAnswer> => {
    const query = new URLSearchParams({value: newCookieValue()});
    if (name === 'max-age') query.set('maxAge', String(maxAgeSeconds));
    const response = await fetch(httpUrl(base.url, `${COOKIE_PATHS.set}/${name}?${query}`), {
      ...CREDENTIALED,
      method: 'POST',
    });
    return requireJson(response, CookieSetAnswer, `Setting ${name}`);
  };

  const sentOf = (base: CookieTarget) => views[base.key].sent;

  const set = (name: CookieCase) =>
    act(async (base) => {
      const answer = await setOne(base, name);
      const view = await lookAt(base, {sent: {...sentOf(base), [name]: answer.setCookie}, cleared: null});
      return `${name}: the server sent Set-Cookie: ${answer.setCookie}. ${cameBack(view, name) ? 'It came back' : 'It did not come back'} in the next request's Cookie.`;
    });

  const setAll = () =>
    act(async (base) => {
      const sent: Partial<Record<CookieCase, string>> = {};
      for (const name of COOKIE_CASES) sent[name] = (await setOne(base, name)).setCookie;
      const view = await lookAt(base, {sent, cleared: null});
      const back = COOKIE_CASES.filter((name) => cameBack(view, name));
      return `Set all ${COOKIE_CASES.length} cookies; ${back.length} came back in Cookie${back.length > 0 ? `: ${back.join(', ')}` : ''}.`;
    });

  const setScriptCookie = () =>
    act(async (base) => {
      document.cookie = scriptCookieAssignment(newCookieValue());
      const view = await lookAt(base);
      const received = (view.echo?.demoCookies ?? []).some((pair) => pair.name === SCRIPT_COOKIE_NAME);
      return `This page set its own cookie with document.cookie; the demo server ${received ? 'received it' : 'did not receive it'}.`;
    });

  const clearAll = () =>
    act(async (base) => {
      document.cookie = scriptCookieAssignment(null);
      const response = await fetch(httpUrl(base.url, COOKIE_PATHS.clear), {...CREDENTIALED, method: 'POST'});
      const answer = await requireJson(response, CookieClearAnswer, 'Clearing');
      const view = await lookAt(base, {sent: {}, cleared: answer.setCookie});
      const left = view.echo?.demoCookies.length ?? 0;
      return `Cleared: the server sent ${answer.setCookie.length} Set-Cookie fields with Max-Age=0; ${left} of the demo's cookies still came back.`;
    });

  const look = () => act(async (base) => lookCount(await lookAt(base)));

  return {
    connection,
    live,
    busy,
    targets,
    target,
    chooseTarget: setTargetKey,
    view: views[target.key],
    frameSrc,
    attachFrame,
    maxAgeSeconds,
    setMaxAgeSeconds: (seconds) =>
      setMaxAgeSeconds(Math.max(0, Math.min(COOKIE_LIMITS.maxChosenMaxAgeSeconds, Math.round(seconds)))),
    set,
    setAll,
    setScriptCookie,
    clearAll,
    look,
    announcement,
    failure,
  };
}

/** Whether the case's cookie came back: in the scoped echo for the `path` case, in the echo for the others. */
export function cameBack(view: Pick<CookieView, 'echo' | 'scopedEcho'>, name: CookieCase): boolean {
  const echo = name === 'path' ? view.scopedEcho : view.echo;
  const cookieName = cookieNameOf(name);
  return (echo?.demoCookies ?? []).some((pair) => pair.name === cookieName);
}

function lookCount(view: CookieView): string {
  return `Looked again: ${view.echo?.demoCookies.length ?? 0} of the demo's cookies came back in Cookie.`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
