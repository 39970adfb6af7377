// @vitest-environment jsdom
import {cleanup, fireEvent, render, screen} from '@testing-library/react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import DemoFrame, {DemoFailed} from '../../../../src/components/DemoFrame/index.tsx';
import {INITIAL_STATE, type DemoSocketState} from '../../../../src/lib/demoSocket.ts';
import {RECORDING_FORMAT, type Recording} from '../../../../src/lib/recording/format.ts';
import {RecordingStore} from '../../../../src/lib/recording/recordingStore.ts';
import {RecordingSlotContext} from '../../../../src/lib/recording/slot.ts';
import {NO_DEMO_SERVER_URL} from '../../../../src/lib/siteConfig.ts';

afterEach(cleanup);

function renderFrame(state: Partial<DemoSocketState>, onReconnect = vi.fn(), serverUrl = 'http://localhost:8787') {
  render(
    <DemoFrame title="Test Demo" connection={{state: {...INITIAL_STATE, ...state}, serverUrl, reconnect: onReconnect}}>
      <p>the demo itself</p>
    </DemoFrame>,
  );
  return onReconnect;
}

describe('DemoFrame', () => {
  it('shows the demo only when live, under a labelled region with a status badge', () => {
    renderFrame({status: 'live', opens: 1});
    expect(screen.getByRole('region', {name: 'Test Demo'})).toBeTruthy();
    expect(screen.getByText('the demo itself')).toBeTruthy();
    expect(screen.getByText('Live')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Test Demo: live');
  });

  it('never leaves a blank box while connecting the first time', () => {
    renderFrame({status: 'connecting'});
    expect(screen.queryByText('the demo itself')).toBeNull();
    expect(screen.getByText(/Connecting to the demo server at/)).toBeTruthy();
  });

  it('offline and unreachable: says where, how to start the server, when it retries, and retries on request', () => {
    const onReconnect = renderFrame({
      status: 'offline',
      offlineReason: 'unreachable',
      nextRetryAt: Date.now() + 4_000,
      failures: 2,
    });
    expect(screen.queryByText('the demo itself')).toBeNull();
    expect(screen.getByText(/not answering at/).textContent).toContain('http://localhost:8787');
    expect(screen.getByText('npm run demo-server')).toBeTruthy();
    expect(screen.getByText(/Trying again in [34] s\./)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', {name: 'Try now'}));
    expect(onReconnect).toHaveBeenCalledOnce();
    expect(screen.getByRole('status').textContent).toBe('Test Demo: offline');
  });

  it('built without a demo server: says so, and neither blames a server nor offers to retry', () => {
    renderFrame(
      {status: 'offline', offlineReason: 'unreachable', nextRetryAt: Date.now() + 1_000},
      vi.fn(),
      NO_DEMO_SERVER_URL,
    );
    expect(screen.getByText('This copy of the site was built without a demo server.')).toBeTruthy();
    expect(screen.queryByText(/not answering/)).toBeNull();
    expect(screen.queryByRole('button', {name: 'Try now'})).toBeNull();
  });

  it('while a recording plays: says it is a recording and of when, shows the demo, and offers no share link', () => {
    const store = new RecordingStore('TestDemo');
    const recording: Recording = {
      format: RECORDING_FORMAT,
      demo: 'TestDemo',
      source: 'committed',
      recordedAt: '2026-12-05T18:00:00.000Z',
      server: {version: '0.1.0', url: 'the demo server'},
      startedAt: 0,
      duration: 2_000,
      view: {},
      steps: [],
      wire: [],
    };
    store.startReplay(recording, 'offline');
    render(
      <RecordingSlotContext value={{demo: 'TestDemo', store}}>
        <DemoFrame
          title="Test Demo"
          connection={{
            state: {...INITIAL_STATE, status: 'offline'},
            serverUrl: 'http://localhost:8787',
            reconnect: vi.fn(),
          }}
        >
          <p>the demo itself</p>
        </DemoFrame>
      </RecordingSlotContext>,
    );
    expect(screen.getByText('the demo itself')).toBeTruthy();
    expect(screen.getByText('Recording', {exact: true})).toBeTruthy();
    expect(screen.getByText(/Recording from/).textContent).toBe('Recording from 5 December 2026, not live');
    expect(screen.getByRole('status').textContent).toContain('Playing a recording of this demo');
    expect(screen.queryByText(/not answering/)).toBeNull();
    expect(screen.queryByRole('button', {name: 'Make a share link'})).toBeNull();
    fireEvent.click(screen.getByRole('button', {name: 'Pause'}));
    expect(screen.getByRole('button', {name: 'Play'})).toBeTruthy();
    store.dispose();
  });

  it('offline and refused: names the allow-list and this page’s origin', () => {
    renderFrame({status: 'offline', offlineReason: 'refused', nextRetryAt: Date.now() + 1_000});
    expect(screen.getByText(/running but refused/)).toBeTruthy();
    expect(screen.getByText('ALLOWED_ORIGINS')).toBeTruthy();
    expect(screen.getByText(window.location.origin)).toBeTruthy();
  });

  it('closed by the server: shows the close code and reason and offers to reconnect', () => {
    const onReconnect = renderFrame({
      status: 'closed',
      lastClose: {code: 4000, reason: 'Idle for 10 minutes', wasClean: true},
    });
    const notice = document.querySelector('[data-close-code="4000"]');
    expect(notice?.textContent).toContain('close code 4000: Idle for 10 minutes');
    // What the code means, and the CloseEvent as the page received it.
    expect(notice?.textContent).toContain('idle timeout');
    expect(notice?.textContent).toContain('code: 4000, reason: "Idle for 10 minutes", wasClean: true');
    fireEvent.click(screen.getByRole('button', {name: 'Reconnect'}));
    expect(onReconnect).toHaveBeenCalledOnce();
  });
});

describe('DemoFailed', () => {
  it('explains in a sentence, shows the message but no stack, and offers a reload', () => {
    const error = new Error('Loading chunk 123 failed.');
    render(<DemoFailed title="Test Demo" error={error} />);
    expect(screen.getByRole('alert').textContent).toContain('This live demo stopped working');
    expect(screen.getByText(/Loading chunk 123 failed/)).toBeTruthy();
    expect(document.body.textContent).not.toContain(error.stack?.split('\n')[1]?.trim() ?? 'no stack');
    expect(screen.getByRole('button', {name: 'Reload the page'})).toBeTruthy();
  });
});
