import type {ReactNode} from 'react';
import type {DecodedFrame} from '../../../lib/frames.ts';
import styles from '../styles.module.css';

const ROWS = 8;
const hex = (byte: number) => byte.toString(16).padStart(2, '0');

function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·';
}

/** Unmasking the first bytes of a masked payload: wire byte XOR key byte (i mod 4) = original byte (RFC 6455 §5.3). */
export default function XorTable({frame}: {frame: DecodedFrame}): ReactNode {
  const key = frame.maskingKey;
  if (!key) return null;
  const count = Math.min(ROWS, frame.payloadLength);
  return (
    <table className={styles.xor}>
      <caption>
        Unmasking the first {count} payload bytes: each wire byte XOR key byte (i mod 4) gives back what you sent.
      </caption>
      <thead>
        <tr>
          <th scope="col">i</th>
          <th scope="col">On the wire</th>
          <th scope="col">Key byte</th>
          <th scope="col">XOR result</th>
          <th scope="col">As text</th>
        </tr>
      </thead>
      <tbody>
        {Array.from({length: count}, (_, i) => {
          const wire = frame.wirePayload[i] ?? 0;
          const keyByte = key[i % 4] ?? 0;
          const original = frame.payload[i] ?? 0;
          return (
            <tr key={i} data-xor-row={i}>
              <td>{i}</td>
              <td>
                <code>{hex(wire)}</code>
              </td>
              <td>
                <code>
                  {hex(keyByte)} <span className={styles.keyIndex}>(key[{i % 4}])</span>
                </code>
              </td>
              <td>
                <code>{hex(original)}</code>
              </td>
              <td>
                <code>{printable(original)}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
