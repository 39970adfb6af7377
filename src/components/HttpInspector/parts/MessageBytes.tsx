import clsx from 'clsx';
import {useId, type ReactNode} from 'react';
import type {MessagePart, SplitMessage} from '../../../lib/httpMessage.ts';
import {formatCount} from '../../../lib/format.ts';
import {noteFor, type PartNote} from '../notes.ts';
import styles from '../styles.module.css';

export interface Selection {
  side: 'request' | 'response' | 'preflight' | 'preflight-response';
  index: number;
  label: string;
  note: PartNote;
}

type Props = {
  side: Selection['side'];
  heading: string;
  message: SplitMessage;
  /** Total bytes of the message. */
  size: number;
  selected: Selection | null;
  onSelect: (selection: Selection) => void;
};

/** Body text shown per part before it is cut (the byte count says how much more). */
const SHOWN_CHARS = 600;

/** A part's text as it may be shown: control characters as escapes (one per byte), so nothing is hidden. */
function visible(text: string): string {
  let escaped = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    // Tab, LF and CR stay; other control bytes and bytes past ASCII are shown as escapes.
    const plain = (code >= 0x20 && code < 0x7f) || code === 0x09 || code === 0x0a || code === 0x0d;
    escaped += plain ? char : `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return escaped.length > SHOWN_CHARS ? `${escaped.slice(0, SHOWN_CHARS)}…` : escaped;
}

/** The bytes of a body part as UTF-8 text (what they mean), or the escaped bytes when they are not UTF-8. */
function bodyText(part: MessagePart): string {
  try {
    const text = new TextDecoder('utf-8', {fatal: true}).decode(part.bytes);
    const shown = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
    return shown.length > SHOWN_CHARS ? `${shown.slice(0, SHOWN_CHARS)}…` : shown;
  } catch {
    return visible(part.text);
  }
}

function label(part: MessagePart): string {
  switch (part.kind) {
    case 'start-line':
      return 'Start line';
    case 'field-line':
      return `Header field ${part.name ?? ''}`;
    case 'trailer-field':
      return `Trailer field ${part.name ?? ''}`;
    case 'empty-line':
      return 'Empty line (end of the head)';
    case 'leading-empty-line':
      return 'Empty line before the request';
    case 'body':
      return 'Body';
    case 'chunk-size':
      return `Chunk size ${part.sizeHex ?? ''} (hex) = ${part.size ?? 0} bytes`;
    case 'chunk-data':
      return 'Chunk data';
    case 'chunk-end':
      return 'CR LF after the chunk data';
    case 'last-chunk':
      return 'Last chunk (size 0)';
    case 'trailer-end':
      return 'Empty line (end of the message)';
    case 'rest':
      return 'Unframed bytes';
  }
}

function Content({part}: {part: MessagePart}): ReactNode {
  const crlf = part.crlf ? (
    <>
      <span className={styles.crlf} aria-hidden="true" data-crlf="">
        \r\n
      </span>
      <span className="sr-only"> CR LF</span>
    </>
  ) : null;
  switch (part.kind) {
    case 'field-line':
    case 'trailer-field': {
      const colon = part.text.indexOf(':');
      return (
        <>
          <span className={styles.fieldName}>{visible(colon === -1 ? part.text : part.text.slice(0, colon))}</span>
          {colon === -1 ? null : <span className={styles.fieldValue}>{visible(part.text.slice(colon))}</span>}
          {crlf}
        </>
      );
    }
    case 'chunk-size':
    case 'last-chunk':
      return (
        <>
          <span className={styles.chunkSize}>{visible(part.text)}</span>
          {crlf}
          <span className={styles.decimal}>
            {' '}
            = {formatCount(part.size ?? 0)} byte{part.size === 1 ? '' : 's'}
          </span>
        </>
      );
    case 'body':
    case 'chunk-data':
      return (
        <>
          <span className={styles.bodyText}>{bodyText(part)}</span>
          <span className={styles.decimal}> ({formatCount(part.bytes.length)} bytes)</span>
        </>
      );
    default:
      return (
        <>
          <span className={part.kind === 'start-line' ? styles.startLine : undefined}>{visible(part.text)}</span>
          {crlf}
        </>
      );
  }
}

/**
 * One message, byte for byte, as parts: start line, each field line, the empty line, the body or its chunks, the
 * trailer. Every part is a button: hover, focus or press it to read what it does; its note is also its accessible
 * description, so Tab walks a screen-reader user through the message part by part.
 */
export default function MessageBytes({side, heading, message, size, selected, onSelect}: Props): ReactNode {
  const idPrefix = useId();
  const isResponse = side === 'response' || side === 'preflight-response';
  return (
    <div className={clsx(styles.message, isResponse ? styles.response : styles.request)} data-message={side}>
      <h3 className={styles.messageHeading}>{heading}</h3>
      <p className={styles.messageSize}>{formatCount(size)} bytes, as they crossed the wire:</p>
      <ol className={styles.parts} aria-label={`${heading}, part by part`}>
        {message.parts.map((part, index) => {
          const note = noteFor(part, isResponse ? 'response' : 'request');
          const noteId = `${idPrefix}-${index}`;
          const partLabel = label(part);
          const isSelected = selected?.side === side && selected.index === index;
          const select = () => onSelect({side, index, label: partLabel, note});
          return (
            <li
              key={`${part.offset}-${part.kind}`}
              className={clsx(styles.part, styles[`kind-${part.kind}`], isSelected && styles.selected)}
              data-kind={part.kind}
            >
              <button
                type="button"
                className={styles.partButton}
                aria-pressed={isSelected}
                aria-describedby={noteId}
                onClick={select}
                onFocus={select}
                onMouseEnter={select}
              >
                <span className="sr-only">{partLabel}: </span>
                <Content part={part} />
              </button>
              <span id={noteId} className="sr-only">
                {note.text} ({note.source})
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
