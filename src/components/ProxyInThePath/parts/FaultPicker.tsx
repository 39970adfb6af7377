import type {ReactNode} from 'react';
import {formatMs} from '../../../lib/format.ts';
import {FAULT_SETTINGS, type ProxyFaults} from '../figures.ts';
import styles from '../styles.module.css';

const {buffering, idleTimeout, slowLink} = FAULT_SETTINGS;

/** The proxy's sizes are powers of two: said as the KiB they are, not as rounded kilobytes. */
const kib = (bytes = 0) => `${bytes / 1024} KiB`;

/** Each fault: what it is called, and what the proxy then does, with the very numbers it is set to. */
const FAULTS: readonly {key: keyof ProxyFaults; label: string; detail: string}[] = [
  {
    key: 'buffering',
    label: 'Response buffering',
    detail: `holds the answer until ${kib(buffering.buffer)} have come, or ${(buffering.flushMs ?? 0) / 1000} s after the first byte`,
  },
  {
    key: 'idleTimeout',
    label: 'Idle timeout',
    detail: `gives up when the server says nothing for ${formatMs(idleTimeout.idleMs ?? 0)}: 504 before an answer, a cut after`,
  },
  {
    key: 'stripUpgrade',
    label: 'Strip Upgrade',
    detail: 'drops the hop-by-hop Upgrade and Connection fields and forwards a plain GET',
  },
  {
    key: 'slowLink',
    label: 'Slow link',
    detail: `adds ${formatMs(slowLink.latencyMs ?? 0)} each way and carries ${kib(slowLink.bytesPerSecond)} a second`,
  },
];

/** The proxy's faults, one checkbox each; changing one starts the run again. */
export default function FaultPicker({
  faults,
  onChange,
}: {
  faults: ProxyFaults;
  onChange: (faults: ProxyFaults) => void;
}): ReactNode {
  return (
    <fieldset className={styles.faults}>
      <legend>What the proxy does (changing one starts again)</legend>
      {FAULTS.map(({key, label, detail}) => (
        <label key={key} className={styles.fault}>
          <input
            type="checkbox"
            checked={faults[key]}
            onChange={(event) => onChange({...faults, [key]: event.target.checked})}
            data-fault={key}
          />{' '}
          <strong>{label}</strong>: {detail}
        </label>
      ))}
    </fieldset>
  );
}
