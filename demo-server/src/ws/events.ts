/**
 * `/ws/events`: the event stream pushed over WebSocket, one JSON ServerEvent
 * per text message, as soon as it is emitted. `?since=<id>` first sends the
 * backlog after that id; an id older than the backlog closes with 4410 and
 * says where to start, rather than leaving a silent gap.
 */
import type {WebSocket} from 'ws';
import {ENDPOINTS} from '../contract/endpoints.ts';
import type {ServerEvent} from '../contract/events.ts';
import {CLOSE_CODES} from '../contract/websocket.ts';
import type {CostMeter, Metered} from '../events/costs.ts';
import type {DemoEventSource} from '../events/source.ts';
import {queryOf} from '../http.ts';
import {prepareText, type ConnectionRegistry} from './connections.ts';
import type {Endpoint} from './endpoint.ts';

export function eventsEndpoint(source: DemoEventSource, meter: CostMeter): Endpoint {
  /**
   * Every subscribed connection, with its meter when its reader gave a session. One subscription to the
   * source serves them all: an event is serialised once, not once per connection, and a connection costs
   * a map entry rather than a listener and its closures.
   */
  const subscribers = new Map<WebSocket, Metered | undefined>();
  let registry: ConnectionRegistry | undefined;
  let unsubscribe: (() => void) | undefined;
  const sendTo = (ws: WebSocket, data: string, metered: Metered | undefined) => {
    registry?.send(ws, data, false);
    metered?.delivered(1, {answer: false});
  };
  const broadcast = (event: ServerEvent) => {
    // Serialised, encoded and framed once for every connection, and written as one buffer to each.
    const message = prepareText(Buffer.from(JSON.stringify(event)));
    for (const [ws, metered] of subscribers) {
      registry?.sendPrepared(ws, message);
      metered?.delivered(1, {answer: false});
    }
  };

  return {
    path: ENDPOINTS.eventsWebSocket,
    // The client sends nothing but control frames; any data message is refused by size.
    maxPayload: 1024,
    accept(ws, {request, socket}, context) {
      registry = context.registry;
      const session = meter.sessionOf(request);
      if (session === null) {
        ws.close(CLOSE_CODES.policyViolation, 'session must be 8 to 64 letters, digits, "-" or "_"');
        return;
      }
      // Counted from the socket's first byte, so the handshake is in the bytes.
      const metered = session === undefined ? undefined : meter.stream(session, 'ws', socket);
      const raw = queryOf(request).get('since');
      if (raw !== null) {
        const since = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
        if (!Number.isFinite(since) || since > source.latestId) {
          ws.close(CLOSE_CODES.policyViolation, `since must be a whole number no newer than ${source.latestId}`);
          return;
        }
        const missed = source.since(since);
        if (!missed.ok) {
          ws.close(
            CLOSE_CODES.eventsTooOld,
            `Events after ${since} are gone; the backlog starts at ${missed.oldestAvailableId}`,
          );
          return;
        }
        for (const event of missed.events) sendTo(ws, JSON.stringify(event), metered);
      }
      subscribers.set(ws, metered);
      unsubscribe ??= source.subscribe(broadcast);
      // Messages from the client have no meaning here; they still count against its rate limit.
      context.receive(ignore);
    },
    closed(ws) {
      subscribers.delete(ws);
      if (subscribers.size === 0) {
        unsubscribe?.();
        unsubscribe = undefined;
      }
    },
  };
}

function ignore(): void {}
