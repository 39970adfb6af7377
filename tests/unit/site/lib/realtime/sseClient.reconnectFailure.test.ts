import {afterEach, beforeEach, expect, it, vi} from 'vitest';
import type {ServerEvent} from '../../../../../demo-server/src/contract/events.ts';
import {SseClient} from '../../../../../src/lib/realtime/sseClient.ts';
import type {TransportActivity} from '../../../../../src/lib/realtime/transportClient.ts';

/** Just enough of EventSource for SseClient, driven by the test. */
class FakeSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = FakeSource.CONNECTING;
  constructor(readonly url: string) {
    super();
  }
  close(): void {
    this.readyState = FakeSource.CLOSED;
  }
  open(): void {
    this.readyState = FakeSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  message(event: ServerEvent): void {
    this.dispatchEvent(new MessageEvent('message', {data: JSON.stringify(event), lastEventId: String(event.id)}));
  }
  /** The stream ended or a reconnection failed: the browser will try again (it stays CONNECTING). */
  errorWhileReconnecting(): void {
    this.readyState = FakeSource.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }
}

beforeEach(() => {
  vi.stubGlobal('EventSource', FakeSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function setup() {
  const sources: FakeSource[] = [];
  const activities: TransportActivity[] = [];
  const onUnreachable = vi.fn();
  const client = new SseClient({
    serverUrl: 'http://demo.test',
    session: 'test-session-0001',
    onEvents: () => undefined,
    onActivity: (activity) => activities.push(activity),
    onUnreachable,
    createEventSource: (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source as unknown as EventSource;
    },
  });
  return {client, sources, activities, onUnreachable};
}

it('says the server is unreachable when the browser’s own reconnection fails (it stays CONNECTING for ever)', () => {
  const {client, sources, activities, onUnreachable} = setup();
  client.start(null);
  const source = sources[0]!;
  source.open();
  source.message({id: 1, emittedAt: 1, value: 100});
  // The server went away: the stream ends; the browser waits its retry time and reconnects by itself.
  source.errorWhileReconnecting();
  expect(onUnreachable).not.toHaveBeenCalled();
  expect(activities.at(-1)).toMatchObject({kind: 'closed'});
  // That reconnection finds nothing listening: an error again, before any open.
  source.errorWhileReconnecting();
  expect(onUnreachable).toHaveBeenCalledTimes(1);
  expect(activities.at(-1)).toMatchObject({kind: 'error', detail: expect.stringMatching(/reconnection failed/)});
  // The browser keeps the same EventSource and keeps trying; no second one is opened.
  expect(sources).toHaveLength(1);
  expect(source.readyState).toBe(FakeSource.CONNECTING);
  client.stop();
});

it('a reconnection that succeeds is not a failure, and a later drop starts counting afresh', () => {
  const {client, sources, onUnreachable} = setup();
  client.start(null);
  const source = sources[0]!;
  source.open();
  source.errorWhileReconnecting();
  source.open();
  source.errorWhileReconnecting();
  expect(onUnreachable).not.toHaveBeenCalled();
  client.stop();
});
