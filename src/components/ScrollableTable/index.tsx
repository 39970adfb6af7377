import {useEffect, useRef, useState, type ComponentProps, type ReactNode, type RefObject} from 'react';
import styles from './styles.module.css';

/** A name for a scrolling table, from its column headers: "Table: Code, Name, When a server sends it". */
function tableName(element: HTMLElement): string {
  const headers = [...element.querySelectorAll('thead th')]
    .map((cell) => cell.textContent.trim())
    .filter((header) => header !== '');
  return headers.length > 0 ? `Table: ${headers.join(', ')}` : 'Table';
}

/**
 * Whether the element is wider inside than its box, so that it scrolls sideways: its name while it does, null while
 * it fits. Measured again whenever the element or its content changes size (a narrower window, a late font).
 */
function useSidewaysScrollName(ref: RefObject<HTMLElement | null>): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setName(element.scrollWidth > element.clientWidth ? tableName(element) : null);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, [ref]);
  return name;
}

/**
 * Every Markdown table, for MDX. A table wider than the page scrolls sideways, and a reader without a mouse must be
 * able to scroll it too (WCAG 2.2 §2.1.1): while it does, its box is a named region in the tab order, so the
 * arrow keys move it and a screen reader says what it is. A table that fits adds no tab stop.
 */
export default function ScrollableTable(props: ComponentProps<'table'>): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const name = useSidewaysScrollName(ref);
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
