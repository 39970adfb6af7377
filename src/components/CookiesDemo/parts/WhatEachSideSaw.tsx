import type {ReactNode} from 'react';
import {COOKIE_PATHS, type CookieEcho} from '../../../../demo-server/src/contract/cookies.ts';
import type {CookieView} from '../useCookiesDemo.ts';
import styles from '../styles.module.css';

/** A Cookie field as the server received it, line by line; "no Cookie field" when the request carried none. */
function Received({echo}: {echo: CookieEcho}): ReactNode {
  return (
    <pre className={styles.raw} data-testid={`cookie-field-${echo.path === COOKIE_PATHS.echo ? 'echo' : 'scoped'}`}>
      {echo.cookieFields.length === 0
        ? '(no Cookie field)'
        : echo.cookieFields.map((field) => `Cookie: ${field}`).join('\n')}
      {echo.withheld > 0
        ? `\n(${echo.withheld} cookie${echo.withheld === 1 ? '' : 's'} not the demo's: values withheld)`
        : ''}
    </pre>
  );
}

/** The raw text behind the table: each side's own words, side by side. */
export default function WhatEachSideSaw({view, serverOrigin}: {view: CookieView; serverOrigin: string}): ReactNode {
  if (view.echo === null || view.scopedEcho === null) return null;
  const frame =
    view.frame === null || view.frame.kind === 'silent'
      ? '(the server’s page did not answer: this browser may keep a cross-site frame from its cookies, or from running)'
      : view.frame.documentCookie === ''
        ? '(empty)'
        : view.frame.documentCookie;
  return (
    <div className={styles.sides}>
      <section className={styles.side} aria-labelledby="cookies-server-saw">
        <h3 id="cookies-server-saw" className={styles.sideTitle}>
          What the server received
        </h3>
        <p className={styles.label}>
          <code>GET {COOKIE_PATHS.echo}</code>
        </p>
        <Received echo={view.echo} />
        <p className={styles.label}>
          <code>GET {COOKIE_PATHS.scopedEcho}</code>
        </p>
        <Received echo={view.scopedEcho} />
      </section>
      <section className={styles.side} aria-labelledby="cookies-script-saw">
        <h3 id="cookies-script-saw" className={styles.sideTitle}>
          What script sees in document.cookie
        </h3>
        <p className={styles.label}>
          A page of the server&apos;s origin, <code>{serverOrigin}</code> (the demo&apos;s cookies only)
        </p>
        <pre className={styles.raw} data-testid="cookie-frame">
          {frame}
        </pre>
        <p className={styles.label}>This page (the demo&apos;s cookies only)</p>
        <pre className={styles.raw} data-testid="cookie-page">
          {view.pageCookie === '' ? '(empty)' : view.pageCookie}
        </pre>
      </section>
      {view.cleared === null ? null : (
        <section className={styles.side} aria-labelledby="cookies-cleared">
          <h3 id="cookies-cleared" className={styles.sideTitle}>
            What clearing sent
          </h3>
          <pre className={styles.raw} data-testid="cookie-cleared">
            {view.cleared.map((field) => `Set-Cookie: ${field}`).join('\n')}
          </pre>
        </section>
      )}
    </div>
  );
}
