/**
 * Keeps the last requests the REST API received exactly as they arrived
 * (request line, header names in their case and order, body), so a page can
 * show a reader the request the server saw beside the response it got. Each
 * record has an unguessable id, is kept for `ttlMs`, and at most `maxRecords`
 * are held; bodies longer than `maxBodyChars` are cut (and say so).
 */
import {randomBytes} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {RecordedRequest} from '../contract/rest.ts';
import {shownFieldValue} from '../cookieField.ts';

export interface RecorderLimits {
  maxRecords: number;
  ttlMs: number;
  maxBodyChars: number;
}

export function createRecorder(limits: RecorderLimits, now: () => number = Date.now) {
  const records = new Map<string, RecordedRequest & {expiresAt: number}>();

  const prune = (at: number) => {
    for (const [id, record] of records) {
      if (record.expiresAt > at && records.size <= limits.maxRecords) break;
      records.delete(id);
    }
  };

  return {
    /** Stores the request; returns its id. */
    record(req: IncomingMessage, body: string | undefined): string {
      const at = now();
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${shownFieldValue(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '')}`);
      const text = body ?? '';
      const id = randomBytes(12).toString('base64url');
      records.set(id, {
        head: lines.join('\r\n'),
        body: text.length > limits.maxBodyChars ? text.slice(0, limits.maxBodyChars) : text,
        bodyTruncated: text.length > limits.maxBodyChars,
        receivedAt: at,
        expiresAt: at + limits.ttlMs,
      });
      prune(at);
      return id;
    },
    /**
     * Counts the exchange's bytes on its socket once the response is written,
     * from `start` (the socket's counters when the exchange began), into the
     * record's `wire`. No pipelining: the next request is read only after this response.
     */
    countWire(
      id: string,
      socket: {bytesRead?: number; bytesWritten?: number},
      res: ServerResponse,
      start: {read: number; written: number},
    ) {
      res.once('finish', () => {
        const record = records.get(id);
        if (record === undefined) return;
        record.wire = {
          requestBytes: (socket.bytesRead ?? 0) - start.read,
          responseBytes: (socket.bytesWritten ?? 0) - start.written,
        };
      });
    },
    /** The record, once; undefined when unknown or expired. */
    take(id: string): RecordedRequest | undefined {
      prune(now());
      const record = records.get(id);
      if (record === undefined) return undefined;
      records.delete(id);
      const {expiresAt: _expiresAt, ...rest} = record;
      return rest;
    },
    get size() {
      return records.size;
    },
  };
}
