/**
 * Cookies, from every side: each button makes a credentialed `fetch` to the demo server, whose answer sets one
 * cookie with the attribute the row is about. Then the page looks: what the server receives in `Cookie`, what a
 * page of the server's own origin sees in `document.cookie` (a frame, since this page cannot read another
 * origin's cookies), and what this page's `document.cookie` holds.
 */
import type {ReactNode} from 'react';
import {COOKIE_PATHS} from '../../../demo-server/src/contract/cookies.ts';
import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {COOKIE_LIMITS} from '../../../demo-server/src/limits.ts';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import DemoFrame, {DemoAlert} from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import CaseTable from './parts/CaseTable.tsx';
import WhatEachSideSaw from './parts/WhatEachSideSaw.tsx';
import styles from './styles.module.css';
import {useCookiesDemo, type CookieTarget} from './useCookiesDemo.ts';

const TITLE = 'Cookies, from every side';

/** How the reader's browser itself classed the last request (`Sec-Fetch-Site`), in a sentence. */
function SiteVerdict({site}: {site: string | null | undefined}): ReactNode {
  if (site === undefined) return null;
  if (site === null) {
    return (
      <p className={styles.verdict} data-testid="cookie-site">
        Your browser sent no <code>Sec-Fetch-Site</code>, so this page cannot tell how it classed the requests.
      </p>
    );
  }
  return (
    <p className={styles.verdict} data-testid="cookie-site">
      Your browser sent these requests as <strong>{site}</strong> (<code>Sec-Fetch-Site: {site}</code>).
    </p>
  );
}

function targetLabel(target: CookieTarget): string {
  return target.key === 'site' ? `${target.origin}, as this site names it` : `${target.origin}, its other name`;
}

export default function CookiesDemo(): ReactNode {
  const liveDemo = useCookiesDemo();
  const {
    connection,
    announcement,
    failure,
    view,
    target,
    targets,
    busy,
    live,
    chooseTarget,
    set,
    setAll,
    setScriptCookie,
    clearAll,
    look,
  } = useRecordable(liveDemo, {paths: [ENDPOINTS.cookies, ENDPOINTS.health]});
  // Live even during a replay: the frame (a replay shows what the recorded frame said; a share link is anyone's
  // data, so no URL from it is loaded) and the Max-Age field, the reader's own input.
  const {frameSrc, attachFrame, maxAgeSeconds, setMaxAgeSeconds} = liveDemo;
  const disabled = !live || busy;
  return (
    <DemoFrame title={TITLE} connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      {targets.length > 1 ? (
        <fieldset className={styles.targets}>
          <legend>Reach the demo server at</legend>
          {targets.map((candidate) => (
            <label key={candidate.key} className={styles.target}>
              <input
                type="radio"
                name="cookies-target"
                value={candidate.key}
                checked={candidate.key === target.key}
                onChange={() => chooseTarget(candidate.key)}
                disabled={busy}
              />{' '}
              <code>{targetLabel(candidate)}</code>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className={styles.actions} role="group" aria-label="Cookie actions">
        <button type="button" className="button button--sm button--primary" disabled={disabled} onClick={setAll}>
          Set every cookie
        </button>
        <button
          type="button"
          className="button button--sm button--secondary"
          disabled={disabled}
          onClick={setScriptCookie}
        >
          Set one with this page&apos;s script
        </button>
        <button type="button" className="button button--sm button--secondary" disabled={disabled} onClick={look}>
          Look again
        </button>
        <button type="button" className="button button--sm button--secondary" disabled={disabled} onClick={clearAll}>
          Clear all
        </button>
        <label className={styles.maxAge}>
          Max-Age for its row{' '}
          <input
            type="number"
            min={0}
            max={COOKIE_LIMITS.maxChosenMaxAgeSeconds}
            value={maxAgeSeconds}
            onChange={(event) => setMaxAgeSeconds(Number(event.target.value))}
          />{' '}
          s
        </label>
      </div>
      <DemoAlert message={failure} />
      <SiteVerdict site={view.echo?.secFetchSite} />
      <CaseTable view={view} disabled={disabled} onSet={set} />
      <WhatEachSideSaw view={view} serverOrigin={target.origin} />
      <iframe
        ref={attachFrame}
        key={frameSrc}
        src={frameSrc}
        title={`A page of ${target.origin} that reads its own document.cookie (${COOKIE_PATHS.frame})`}
        className={styles.frame}
        tabIndex={-1}
        aria-hidden="true"
        data-testid="cookie-frame-element"
      />
    </DemoFrame>
  );
}
