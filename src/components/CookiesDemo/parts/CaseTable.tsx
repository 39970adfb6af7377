import type {ReactNode} from 'react';
import {
  COOKIE_CASES,
  COOKIE_PATHS,
  cookieNameOf,
  type CookieCase,
} from '../../../../demo-server/src/contract/cookies.ts';
import {cookieNames} from '../../../lib/cookies.ts';
import ScrollableTable from '../../ScrollableTable/index.tsx';
import {cameBack, type CookieView, type FrameView} from '../useCookiesDemo.ts';
import styles from '../styles.module.css';
import {CASE_LABELS, CASE_NOTES} from './cases.ts';

type Props = {
  view: CookieView;
  disabled: boolean;
  onSet: (name: CookieCase) => void;
};

/** "yes", "no", or "not looked yet": one cell of the table. */
function Seen({seen}: {seen: boolean | null}): ReactNode {
  if (seen === null) return <span className={styles.muted}>not looked yet</span>;
  return <span className={seen ? styles.yes : styles.no}>{seen ? 'yes' : 'no'}</span>;
}

function inFrame(frame: FrameView, name: string): boolean | null {
  if (frame === null) return null;
  return frame.kind === 'cookie' && cookieNames(frame.documentCookie).includes(name);
}

/** One row per case: the button that sets it, the Set-Cookie the server sent, and where the cookie shows up. */
export default function CaseTable({view, disabled, onSet}: Props): ReactNode {
  const looked = view.echo !== null;
  return (
    <ScrollableTable className={styles.table} data-testid="cookie-cases">
      <thead>
        <tr>
          <th scope="col">Cookie, and the Set-Cookie the server sent</th>
          <th scope="col">Back in Cookie</th>
          <th scope="col">In the server page&apos;s script</th>
          <th scope="col">In this page&apos;s script</th>
        </tr>
      </thead>
      <tbody>
        {COOKIE_CASES.map((name) => {
          const cookieName = cookieNameOf(name);
          const sent = view.sent[name];
          return (
            <tr key={name} data-case={name}>
              <th scope="row">
                <button
                  type="button"
                  className="button button--sm button--primary"
                  disabled={disabled}
                  onClick={() => onSet(name)}
                  data-set={name}
                >
                  Set {CASE_LABELS[name]}
                </button>
                <span className={styles.note}>{CASE_NOTES[name]}</span>
                <span className={styles.sent} data-column="sent">
                  {sent === undefined ? <span className={styles.muted}>not set yet</span> : <code>{sent}</code>}
                </span>
              </th>
              <td data-column="server">
                <Seen seen={looked ? cameBack(view, name) : null} />
                {name === 'path' && looked ? (
                  <span className={styles.note}>
                    at {COOKIE_PATHS.scopedEcho}; at {COOKIE_PATHS.echo}:{' '}
                    {view.echo?.demoCookies.some((pair) => pair.name === cookieName) === true ? 'yes' : 'no'}
                  </span>
                ) : null}
              </td>
              <td data-column="frame">
                <Seen seen={inFrame(view.frame, cookieName)} />
              </td>
              <td data-column="page">
                <Seen seen={looked ? cookieNames(view.pageCookie).includes(cookieName) : null} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </ScrollableTable>
  );
}
