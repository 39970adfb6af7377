import type {ReactNode} from 'react';
import {FAULT_LIMITS} from '../../../../demo-server/src/limits.ts';
import {FAULTS, type FaultChoice, type FaultSettings} from '../faults.ts';
import styles from '../styles.module.css';

type Props = {
  choice: FaultChoice;
  settings: FaultSettings;
  onChoice: (choice: FaultChoice) => void;
  onSettings: (settings: FaultSettings) => void;
  /** Whether a fault can be switched on now (a connection is open and none is on). */
  canSwitch: boolean;
  onSwitch: () => void;
};

/** The faults as radio buttons, the value the chosen one takes, and the button that asks the server for it. */
export default function FaultControls({choice, settings, onChoice, onSettings, canSwitch, onSwitch}: Props): ReactNode {
  const chosen = FAULTS.find((spec) => spec.id === choice);
  return (
    <form
      className={styles.controls}
      aria-label="Fault to switch on"
      onSubmit={(event) => {
        event.preventDefault();
        onSwitch();
      }}
    >
      <fieldset className={styles.faults}>
        <legend>Fault, one per connection</legend>
        {FAULTS.map((spec) => (
          <label key={spec.id} className={styles.fault}>
            <input
              type="radio"
              name="liveness-fault"
              value={spec.id}
              checked={spec.id === choice}
              onChange={() => onChoice(spec.id)}
            />{' '}
            {spec.label}
          </label>
        ))}
      </fieldset>
      {chosen !== undefined ? <p className={styles.does}>{chosen.does}</p> : null}
      <div className={styles.values}>
        {choice === 'delay-pongs' ? (
          <label>
            Delay (ms){' '}
            <input
              type="number"
              inputMode="numeric"
              min={FAULT_LIMITS.minPongDelayMs}
              max={FAULT_LIMITS.maxPongDelayMs}
              step={100}
              value={settings.delayMs}
              onChange={(event) => onSettings({...settings, delayMs: event.target.valueAsNumber})}
            />
          </label>
        ) : null}
        {choice === 'half-open' ? (
          <label>
            Cut after (ms){' '}
            <input
              type="number"
              inputMode="numeric"
              min={FAULT_LIMITS.minHalfOpenMs}
              max={FAULT_LIMITS.maxHalfOpenMs}
              step={1000}
              value={settings.halfOpenMs}
              onChange={(event) => onSettings({...settings, halfOpenMs: event.target.valueAsNumber})}
            />
          </label>
        ) : null}
        {choice === 'close' ? (
          <>
            <label>
              Code{' '}
              <input
                type="text"
                inputMode="numeric"
                size={6}
                value={settings.code}
                onChange={(event) => onSettings({...settings, code: event.target.value})}
              />
            </label>
            <label>
              Reason{' '}
              <input
                type="text"
                value={settings.reason}
                onChange={(event) => onSettings({...settings, reason: event.target.value})}
              />
            </label>
          </>
        ) : null}
        <button type="submit" className="button button--primary button--sm" disabled={!canSwitch}>
          Switch it on
        </button>
      </div>
    </form>
  );
}
