import type {HeaderList} from '../../../../demo-server/src/contract/websocket.ts';
import clsx from 'clsx';
import {useId, type ReactNode} from 'react';
import type {HeaderNote} from '../headerNotes.ts';
import styles from '../styles.module.css';

export interface Selection {
  /** 'request' or 'response', so the same header name on both sides is told apart. */
  side: 'request' | 'response';
  /** Lower-case header name, or ':start-line'. */
  name: string;
  label: string;
  note: HeaderNote;
}

type Props = {
  side: Selection['side'];
  heading: string;
  startLine: string;
  startLineNote: HeaderNote;
  headers: HeaderList;
  notes: Record<string, HeaderNote>;
  selected: Selection | null;
  onSelect: (selection: Selection) => void;
};

/**
 * One HTTP message head as it crossed the wire: the start line, then each
 * header in its original order and case. Lines that matter are buttons:
 * hover, focus or press one to read what it does. The explanation is also
 * each button's accessible description, so a screen reader hears it on focus.
 */
export default function MessageHead({
  side,
  heading,
  startLine,
  startLineNote,
  headers,
  notes,
  selected,
  onSelect,
}: Props): ReactNode {
  const idPrefix = useId();
  const line = (name: string, label: string, note: HeaderNote | undefined, content: ReactNode, key: string) => {
    if (!note) {
      return (
        <li key={key} className={styles.line} data-header={name}>
          {content}
        </li>
      );
    }
    const noteId = `${idPrefix}-${key}`;
    const selection: Selection = {side, name, label, note};
    const isSelected = selected?.side === side && selected.name === name;
    return (
      <li key={key} className={clsx(styles.line, styles.notable, isSelected && styles.selected)} data-header={name}>
        <button
          type="button"
          className={styles.lineButton}
          aria-pressed={isSelected}
          aria-describedby={noteId}
          onClick={() => onSelect(selection)}
          onFocus={() => onSelect(selection)}
          onMouseEnter={() => onSelect(selection)}
        >
          {content}
        </button>
        <span id={noteId} className="sr-only">
          {note.text} ({note.source})
        </span>
      </li>
    );
  };

  return (
    <div className={clsx(styles.head, side === 'request' ? styles.request : styles.response)}>
      <h3 className={styles.headHeading}>{heading}</h3>
      <ol className={styles.lines} aria-label={`${heading}, as on the wire`}>
        {line(':start-line', startLine, startLineNote, <span className={styles.startLine}>{startLine}</span>, 'start')}
        {headers.map(([name, value], index) =>
          line(
            name.toLowerCase(),
            name,
            notes[name.toLowerCase()],
            <>
              <span className={styles.headerName}>{name}</span>
              <span className={styles.colon}>: </span>
              <span className={styles.headerValue}>{value}</span>
            </>,
            `${index}-${name}`,
          ),
        )}
      </ol>
    </div>
  );
}
