import clsx from 'clsx';
import {useId, type ReactNode} from 'react';
import type {DecodedFrame} from '../../../lib/frames.ts';
import {formatCount} from '../../../lib/format.ts';
import {byteFieldIds, frameFields, type FrameField} from '../fields.ts';
import styles from '../styles.module.css';

/** Payload bytes shown in the hex strip; the rest is counted. */
const PAYLOAD_BYTES_SHOWN = 24;

const hex = (byte: number) => byte.toString(16).padStart(2, '0');
const bits = (byte: number) => byte.toString(2).padStart(8, '0');

type Props = {
  frame: DecodedFrame;
  heading: string;
  /** Distinguishes this frame's selection from the other frame's. */
  side: 'client' | 'server';
  selected: {side: string; id: FrameField['id']} | null;
  onSelect: (selection: {side: 'client' | 'server'; field: FrameField}) => void;
};

/**
 * One frame as bytes: the first two bytes bit by bit, the rest of the header
 * and the start of the payload in hex, every field coloured and explained on
 * hover, focus or press.
 */
export default function FrameView({frame, heading, side, selected, onSelect}: Props): ReactNode {
  const idPrefix = useId();
  const fields = frameFields(frame);
  const header = new Uint8Array(frame.headerLength);
  header[0] =
    (frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | (frame.rsv2 ? 0x20 : 0) | (frame.rsv3 ? 0x10 : 0) | frame.opcode;
  header[1] =
    (frame.masked ? 0x80 : 0) |
    (frame.lengthForm === '7-bit' ? frame.payloadLength : frame.lengthForm === '16-bit' ? 126 : 127);
  const fieldIds = byteFieldIds(frame);
  // Bytes 2… of the header, rebuilt from the decoded values for display.
  const rest: number[] = [];
  if (frame.lengthForm === '16-bit') rest.push(frame.payloadLength >> 8, frame.payloadLength & 0xff);
  if (frame.lengthForm === '64-bit') {
    for (let shift = 7; shift >= 0; shift--) rest.push(Math.floor(frame.payloadLength / 2 ** (shift * 8)) % 256);
  }
  if (frame.maskingKey) rest.push(...frame.maskingKey);
  const byte0 = bits(header[0]);
  const byte1 = bits(header[1]);
  const bitGroups: Array<{id: FrameField['id']; bits: string}> = [
    {id: 'fin', bits: byte0.slice(0, 1)},
    {id: 'rsv', bits: byte0.slice(1, 4)},
    {id: 'opcode', bits: byte0.slice(4)},
    {id: 'mask', bits: byte1.slice(0, 1)},
    {id: 'length', bits: byte1.slice(1)},
  ];

  return (
    <div className={clsx(styles.frame, side === 'client' ? styles.client : styles.server)}>
      <h3 className={styles.frameHeading}>{heading}</h3>
      <p className={styles.frameSummary}>
        {formatCount(frame.size)} bytes on the wire: a {frame.headerLength}-byte header and a{' '}
        {formatCount(frame.payloadLength)}-byte payload.
      </p>
      <div className={styles.bits} aria-label="First two bytes, bit by bit" role="group">
        {bitGroups.map((group) => (
          <span key={group.id} className={clsx(styles.bitGroup, styles[`field-${group.id}`])} aria-hidden="true">
            {group.bits}
          </span>
        ))}
      </div>
      <p className={styles.hexStrip} aria-label="Frame bytes in hexadecimal">
        <span className={styles[`field-opcode`]}>{hex(header[0])}</span>{' '}
        <span className={styles[`field-length`]}>{hex(header[1])}</span>{' '}
        {rest.map((byte, index) => (
          <span key={`h${index}`} className={styles[`field-${fieldIds[index + 2] ?? 'payload'}`]}>
            {hex(byte)}{' '}
          </span>
        ))}
        <span className={styles['field-payload']}>
          {Array.from(frame.wirePayload.subarray(0, PAYLOAD_BYTES_SHOWN), hex).join(' ')}
        </span>
        {frame.payloadLength > PAYLOAD_BYTES_SHOWN ? (
          <span className={styles.more}> … {formatCount(frame.payloadLength - PAYLOAD_BYTES_SHOWN)} more bytes</span>
        ) : null}
      </p>
      <ul className={styles.fields} aria-label={`${heading}: fields`}>
        {fields.map((field) => {
          const noteId = `${idPrefix}-${field.id}`;
          const isSelected = selected?.side === side && selected.id === field.id;
          const select = () => onSelect({side, field});
          return (
            <li
              key={field.id}
              className={clsx(styles.field, styles[`field-${field.id}`], isSelected && styles.selected)}
              data-field={field.id}
            >
              <button
                type="button"
                className={styles.fieldButton}
                aria-pressed={isSelected}
                aria-describedby={noteId}
                onClick={select}
                onFocus={select}
                onMouseEnter={select}
              >
                <span className={styles.fieldLabel}>{field.label}</span>{' '}
                <span className={styles.fieldValue}>{field.value}</span>
              </button>
              <span id={noteId} className="sr-only">
                {field.explanation} ({field.source})
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
