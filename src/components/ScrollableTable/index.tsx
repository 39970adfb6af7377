import {useRef, type ComponentProps, type ReactNode} from 'react';
import {useSidewaysScrollName} from '../../lib/useSidewaysScrollName.ts';
import styles from './styles.module.css';

/** A name for a scrolling table, from its column headers: "Table: Code, Name, When a server sends it". */
function tableName(element: HTMLElement): string {
  const headers = [...element.querySelectorAll('thead th')]
    .map((cell) => cell.textContent.trim())
    .filter((header) => header !== '');
  return headers.length > 0 ? `Table: ${headers.join(', ')}` : 'Table';
}

/**
 * Every Markdown table, for MDX. A table wider than the page scrolls sideways, and a reader without a mouse must be
 * able to scroll it too (WCAG 2.2 §2.1.1): while it does, its box is a named region in the tab order, so the
 * arrow keys move it and a screen reader says what it is. A table that fits adds no tab stop.
 */
export default function ScrollableTable(props: ComponentProps<'table'>): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const name = useSidewaysScrollName(ref, tableName);
  return (
    <div
      ref={ref}
      className={styles.scroll}
      {...(name === null ? {} : {role: 'region', 'aria-label': name, tabIndex: 0})}
    >
      <table {...props} />
    </div>
  );
}
