import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import clsx from 'clsx';
import {useState, type ReactNode, type SubmitEvent} from 'react';
import DemoFrame from '../DemoFrame/index.tsx';
import LiveRegion from '../LiveRegion/index.tsx';
import ExplanationPanel from '../ExplanationPanel/index.tsx';
import {useRecordable} from '../../lib/recording/useRecordable.ts';
import type {FrameField} from './fields.ts';
import FragmentedReplyView from './parts/FragmentedReply.tsx';
import FrameView from './parts/FrameView.tsx';
import XorTable from './parts/XorTable.tsx';
import styles from './styles.module.css';
import {PRESETS, useFrameInspector} from './useFrameInspector.ts';

/**
 * The Frame Inspector: type a message or pick a preset, and see the frame
 * your browser put on the wire (masked), every field of its header, the
 * unmasking, and the server's unmasked reply.
 */
export default function FrameInspector(): ReactNode {
  const {connection, exchange, fragmented, announcement, send, requestFragments} = useRecordable(useFrameInspector(), {
    paths: [ENDPOINTS.inspect, ENDPOINTS.health],
  });
  const [text, setText] = useState('Hello');
  const [selected, setSelected] = useState<{side: 'client' | 'server'; field: FrameField} | null>(null);
  const live = connection.state.status === 'live';

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    send(text);
  };

  return (
    <DemoFrame title="Frame Inspector" connection={connection}>
      <LiveRegion>{announcement}</LiveRegion>
      <form className={styles.composer} onSubmit={onSubmit}>
        <label htmlFor="frame-inspector-message" className={styles.composerLabel}>
          Message
        </label>
        <input
          id="frame-inspector-message"
          className={clsx('otw-input', styles.input)}
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={1000}
          autoComplete="off"
        />
        <button type="submit" className="button button--primary" disabled={!live}>
          Send as text
        </button>
      </form>
      <div className={styles.presets} role="group" aria-label="Presets">
        {PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="button button--sm button--secondary"
            disabled={!live}
            onClick={() => send(preset.make())}
            title={preset.why}
          >
            {preset.label}
            <span className="sr-only">: {preset.why}</span>
          </button>
        ))}
        <button
          type="button"
          className="button button--sm button--outline button--primary"
          disabled={!live || new TextEncoder().encode(text).length < 3}
          onClick={() => requestFragments(text, 3)}
        >
          Fragmented reply
          <span className="sr-only">: ask the server to send your message back in three frames</span>
        </button>
      </div>
      {fragmented ? <FragmentedReplyView reply={fragmented} /> : null}

      {fragmented ? null : !exchange ? (
        <p className={styles.hint}>Send something to see its frame.</p>
      ) : (
        <div data-exchange={exchange.number}>
          <div className={styles.frames}>
            {exchange.clientFrame ? (
              <FrameView
                frame={exchange.clientFrame}
                heading="Your browser’s frame (client → server)"
                side="client"
                selected={selected ? {side: selected.side, id: selected.field.id} : null}
                onSelect={setSelected}
              />
            ) : (
              <p className={styles.hint}>Waiting for the server’s report of your frame…</p>
            )}
            {exchange.serverFrame ? (
              <FrameView
                frame={exchange.serverFrame}
                heading="The server’s reply (server → client)"
                side="server"
                selected={selected ? {side: selected.side, id: selected.field.id} : null}
                onSelect={setSelected}
              />
            ) : null}
          </div>
          <ExplanationPanel
            selected={
              selected
                ? {
                    title: `${selected.field.label}: ${selected.field.value}`,
                    text: selected.field.explanation,
                    source: selected.field.source,
                  }
                : null
            }
            hint="Pick a field to see what it means."
          />
          {exchange.clientFrame ? <XorTable frame={exchange.clientFrame} /> : null}
        </div>
      )}
    </DemoFrame>
  );
}
