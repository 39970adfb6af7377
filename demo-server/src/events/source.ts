/**
 * The one stream of events every real-time transport serves: emitted at
 * irregular intervals around a mean, the same for every reader, with a
 * bounded backlog so a client that falls behind can catch up — or is told
 * plainly that it fell too far behind.
 */
import type {ServerEvent} from '../contract/events.ts';

export interface EventSourceOptions {
  /** Mean time between events. */
  meanIntervalMs: number;
  /** How irregular: each interval is the mean times 1 ± jitter (0 to 1). */
  jitter: number;
  /** Events kept for catch-up. */
  backlog: number;
  random?: () => number;
  now?: () => number;
}

export type SinceResult =
  | {ok: true; events: ServerEvent[]}
  /** `since` is older than the backlog: the events after it are partly gone. */
  | {ok: false; oldestAvailableId: number};

export interface DemoEventSource {
  /** The newest event's id, 0 before the first. */
  readonly latestId: number;
  /** The events after `id`, or why they cannot all be given. */
  since(id: number): SinceResult;
  /** Calls `listener` for every new event until the returned function is called. */
  subscribe(listener: (event: ServerEvent) => void): () => void;
  /** Emits one event now (the timer calls this; tests may too). */
  emit(): ServerEvent;
  stop(): void;
}

export function createEventSource(options: EventSourceOptions): DemoEventSource {
  const {meanIntervalMs, backlog, random = Math.random, now = Date.now} = options;
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const events: ServerEvent[] = [];
  const listeners = new Set<(event: ServerEvent) => void>();
  let latestId = 0;
  let value = 100;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const emit = (): ServerEvent => {
    latestId += 1;
    value = Math.max(0, Math.round((value + (random() - 0.5) * 4) * 100) / 100);
    const event: ServerEvent = {id: latestId, emittedAt: now(), value};
    events.push(event);
    if (events.length > backlog) events.shift();
    for (const listener of listeners) listener(event);
    return event;
  };

  const schedule = () => {
    if (stopped) return;
    const delay = meanIntervalMs * (1 + jitter * (2 * random() - 1));
    timer = setTimeout(() => {
      emit();
      schedule();
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    get latestId() {
      return latestId;
    },
    since(id) {
      if (id >= latestId) return {ok: true, events: []};
      const oldest = events[0]?.id ?? latestId + 1;
      // The client has every event up to `id`; it needs id + 1 onwards.
      if (id + 1 < oldest) return {ok: false, oldestAvailableId: oldest};
      return {ok: true, events: events.slice(id + 1 - oldest)};
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    stop() {
      stopped = true;
      clearTimeout(timer);
      listeners.clear();
    },
  };
}
