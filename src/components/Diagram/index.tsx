import clsx from 'clsx';
import {useRef, type ReactNode} from 'react';
import {useSidewaysScrollName} from '../../lib/useSidewaysScrollName.ts';
import styles from './styles.module.css';

type Props = {
  /** The diagram's accessible name (its `accTitle`), for the scrolling box. */
  title: string;
  /** SVG markup drawn for the light colour mode. */
  light: string;
  /** SVG markup drawn for the dark colour mode. */
  dark: string;
};

/**
 * A Mermaid diagram, rendered at build time: the remark plugin in scripts/diagrams/ turns each Mermaid fence into
 * this, with the two SVGs `npm run diagrams` drew. Both are in the HTML and CSS shows the one for the current colour
 * mode, so nothing flashes or moves when the page loads or the mode changes. Each SVG is an image named by its
 * `<title>` and described by its `<desc>`; the hidden one is out of the accessibility tree. Where the page is too
 * narrow for the text to stay readable, the box scrolls sideways and, while it does, is a named region in the tab
 * order so the arrow keys can scroll it (WCAG 2.2 §2.1.1).
 */
export default function Diagram({title, light, dark}: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const name = useSidewaysScrollName(ref, () => `Diagram: ${title}`);
  return (
    <figure className={styles.figure}>
      <div
        ref={ref}
        className={styles.scroll}
        {...(name === null ? {} : {role: 'region', 'aria-label': name, tabIndex: 0})}
      >
        <div className={styles.drawing}>
          {/* Markup from the committed SVGs that Mermaid drew in `npm run diagrams`, not from a reader. */}
          <div className={clsx(styles.svg, styles.light)} dangerouslySetInnerHTML={{__html: light}} />
          <div className={clsx(styles.svg, styles.dark)} dangerouslySetInnerHTML={{__html: dark}} />
        </div>
      </div>
    </figure>
  );
}
