/**
 * `/http/stream`: a response streamed token by token, as model APIs stream
 * theirs. `POST` with a StreamRequest body, or `GET ?prompt=&maxTokens=` for
 * `EventSource`; either is answered 200 `text/event-stream`, one event per
 * token (`id:` its index, `data:` a StreamToken), then a `done` event, then the
 * end of the response. No model: the prompt chooses one of a few fixed
 * passages, so a stream is the same every time it is asked for.
 *
 * The writes are cut on purpose where events are not: in the middle of a line,
 * inside a UTF-8 sequence, between an event's last line and the blank line
 * that dispatches it, and some writes carry several events. A reader's parser
 * has to assemble events across network chunks whatever their boundaries
 * (WHATWG HTML §9.2.6), and this shows it doing so.
 *
 * The `GET` resumes after `Last-Event-ID` (or `?lastEventId=`): the stream is
 * deterministic, so the server starts again at the next token, and answers
 * 204 to a Last-Event-ID at or past the last token, which makes `EventSource`
 * stop for good (§9.2.3). Bounded by STREAM_LIMITS in tokens, bytes, rate,
 * lifetime, unread bytes, and streams open per client and in all. What the
 * server did, or saw the reader do (leave mid-stream), is noted on the
 * request's attempt, for `GET /attempts/{id}`.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {
  STREAM_DONE_EVENT,
  StreamRequest,
  type StreamDone,
  type StreamEndReason,
  type StreamToken,
} from '../contract/streamedResponse.ts';
import {check} from '../contract/schema.ts';
import {excerpt, queryOf, readBody, sendProblem} from '../http.ts';
import {parseClientJson} from '../json.ts';
import {STREAM_LIMITS} from '../limits.ts';
import {createSlots, SLOT_RETRY_AFTER_SECONDS} from '../slots.ts';
import type {Route} from './router.ts';

/**
 * The passages a prompt chooses among. Each has characters of two, three and
 * four bytes in UTF-8 (’, —, é, ⇄, 🛰), so that writes cut inside them.
 */
const PASSAGES = [
  'A streamed answer arrives the way a kettle boils — nothing, then a trickle, then all of it. The server ' +
    'writes each token the moment it has one — a word, half a word, a comma — and the browser hands the ' +
    'bytes to the page as they land. Nobody waits for the whole reply before reading its first line, which ' +
    'is the point: a slow answer feels quick when its start is on screen in a fraction of a second. ' +
    'Underneath, it is one ordinary HTTP response that simply takes its time to end. Café owners ' +
    'call that service; engineers call it time to first byte ⇄ time to last byte.',
  'Every event in this stream is a few lines of text and a blank line — and the blank line is what matters: ' +
    'until it arrives, the event is not finished, however many bytes of it are already here. The network ' +
    'does not know that. It cuts the stream wherever its buffers fill — inside a word, inside a line, ' +
    'inside a character that UTF-8 spells with four bytes, like 🛰 — and a parser that assumed otherwise ' +
    'would print half a satellite. So the page keeps what it has not finished and waits for the rest, ' +
    'exactly as the HTML standard’s algorithm says. Naïve code that splits each chunk on newlines breaks here.',
  'Stopping is part of the protocol too — the page aborts its fetch, the browser closes the connection, and ' +
    'the server notices only because a write has nowhere to go, or because its socket reports the close. ' +
    'A model behind that server would keep generating for nobody unless the server listens for that ' +
    'moment — it is the only signal there is. A proxy in between can hide it, or hold back every token ' +
    'until its buffer fills, and then the stream arrives in lumps: correct, complete, and useless for ' +
    'watching a reply being written. Headers like X-Accel-Buffering exist for that reason.',
] as const;

/** The tokens of a text: each word with the space before it; punctuation after a word is a token of its own. */
export function tokensOf(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}’'-]+|\s*[^\s\p{L}\p{N}]+/gu) ?? [];
}

/** Which passage a prompt gets: the sum of its UTF-8 bytes, modulo their number (a prompt is never repeated back). */
export function passageFor(prompt: string): string {
  let sum = 0;
  for (const byte of Buffer.from(prompt, 'utf8')) sum += byte;
  return PASSAGES[sum % PASSAGES.length] ?? PASSAGES[0];
}

/** One token's event, as written. */
export function tokenEvent(token: StreamToken): string {
  return `id: ${token.index}\ndata: ${JSON.stringify(token)}\n\n`;
}

export function doneEvent(done: StreamDone): string {
  return `event: ${STREAM_DONE_EVENT}\ndata: ${JSON.stringify(done)}\n\n`;
}

export interface StreamPlan {
  /** The body's writes, in order: their boundaries are where the reader's chunks may be cut. */
  writes: Buffer[];
  /** Token events in the body. */
  tokens: number;
  bodyBytes: number;
  reason: StreamEndReason;
}

/**
 * Where to cut inside an event of `bytes` (the i-th token's, from 1), or null to leave it whole, so that the write
 * carries the end of the event before, all of this one and the start of the next. Offsets are from the event's start.
 */
function cutInside(bytes: Buffer, i: number): number | null {
  // Inside a character UTF-8 writes with several bytes, whenever there is one: after its first byte.
  const lead = bytes.findIndex((byte) => byte >= 0xc0);
  if (lead >= 0) return lead + 1;
  if (i % 4 === 0) return null;
  const firstLineEnd = bytes.indexOf(0x0a);
  switch (i % 3) {
    case 0:
      // Between the `id:` line and the `data:` line.
      return firstLineEnd + 1;
    case 1:
      // Between the last line's LF and the blank line's: the event is complete only in the next chunk.
      return bytes.length - 1;
    default:
      // In the middle of the `data:` line.
      return firstLineEnd + 1 + Math.floor((bytes.length - firstLineEnd) / 2);
  }
}

/**
 * The whole stream for a prompt, as the writes the server will make: an opening comment (and `retry:` for the
 * `GET`), the token events after `after`, and the `done` event, cut where `cutInside` says. Bounded by
 * STREAM_LIMITS in tokens and bytes.
 */
export function planStream(prompt: string, maxTokens: number, options: {after?: number; retry?: boolean} = {}) {
  const after = options.after ?? 0;
  const all = tokensOf(passageFor(prompt));
  const last = Math.min(all.length, maxTokens, STREAM_LIMITS.maxTokens);
  const count = Math.max(0, last - after);
  const opening = Buffer.from(
    `${options.retry === true ? `retry: ${STREAM_LIMITS.retryMs}\n` : ''}: ${count} token${count === 1 ? '' : 's'} follow, one event each\n\n`,
  );
  const events: Buffer[] = [];
  let bodyBytes = opening.length;
  let reason: StreamEndReason = last < all.length ? 'max-tokens' : 'end-of-text';
  for (let index = after + 1; index <= last; index += 1) {
    const event = Buffer.from(tokenEvent({index, token: all[index - 1] ?? ''}));
    // The done event must fit too: it is at most a hundred bytes.
    if (bodyBytes + event.length + 100 > STREAM_LIMITS.maxStreamBytes) {
      reason = 'max-bytes';
      break;
    }
    events.push(event);
    bodyBytes += event.length;
  }
  const done = Buffer.from(doneEvent({tokens: events.length, bodyBytes, reason}));
  const writes: Buffer[] = [];
  let pending: Buffer = opening;
  events.forEach((event, n) => {
    const cut = cutInside(event, after + n + 1);
    if (cut === null) {
      pending = Buffer.concat([pending, event]);
      return;
    }
    writes.push(Buffer.concat([pending, event.subarray(0, cut)]));
    pending = event.subarray(cut);
  });
  writes.push(Buffer.concat([pending, done]));
  return {writes, tokens: events.length, bodyBytes: bodyBytes + done.length, reason} satisfies StreamPlan;
}

export interface StreamedResponseOptions {
  clientOf: (req: IncomingMessage) => string;
  /** Adds what the server did after the head to the attempt the request named (`AttemptLog.note`). */
  note: (req: IncomingMessage, text: string) => void;
  maxJsonDepth: number;
  now?: () => number;
  /** Time between writes: STREAM_LIMITS.writeIntervalMs unless a test asks for another. */
  writeIntervalMs?: number;
}

export interface StreamedResponseRoute extends Route {
  /** Ends every open stream (at shutdown). */
  endAll(): void;
  /** Streams open now. */
  readonly open: number;
}

const wholeNumber = (raw: string | null, fallback: number): number =>
  raw === null ? fallback : /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;

export function streamedResponseRoute(options: StreamedResponseOptions): StreamedResponseRoute {
  const {now = Date.now, writeIntervalMs = STREAM_LIMITS.writeIntervalMs} = options;
  const slots = createSlots({
    total: STREAM_LIMITS.maxStreams,
    perClient: STREAM_LIMITS.maxStreamsPerClient,
    totalFull: `The server has ${STREAM_LIMITS.maxStreams} streams open already, its most; try again shortly`,
    perClientFull: `Your address has ${STREAM_LIMITS.maxStreamsPerClient} streams open, the most one client may; stop one first`,
  });
  const open = new Set<() => void>();

  const stream = (req: IncomingMessage, res: ServerResponse, plan: StreamPlan) => {
    const claim = slots.claim(options.clientOf(req));
    if (!claim.ok) {
      sendProblem(res, claim.status, claim.detail, {'Retry-After': SLOT_RETRY_AFTER_SECONDS});
      return;
    }
    const startedAt = now();
    const socketBytesBefore = req.socket.bytesWritten;
    let written = 0;
    let bytes = 0;
    let done = false;
    const finish = () => {
      done = true;
      clearInterval(timer);
      clearTimeout(lifetime);
      open.delete(shutdown);
      claim.release();
    };
    const end = (why: string) => {
      if (done) return;
      finish();
      options.note(req, `${req.method ?? 'GET'}: ${why}; ended the response after ${now() - startedAt} ms`);
      res.end();
    };
    const shutdown = () => end('The server is shutting down');
    open.add(shutdown);
    res.once('close', () => {
      if (done) return;
      finish();
      options.note(
        req,
        `${req.method ?? 'GET'}: the reader closed the connection after ${now() - startedAt} ms: ${written} of ${plan.writes.length} writes made, ${bytes} of ${plan.bodyBytes} body bytes, ${req.socket.bytesWritten - socketBytesBefore} bytes on the socket with the head and chunk sizes; stopped writing`,
      );
    });

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx holds a proxied answer in its buffer unless the origin says not to.
      'X-Accel-Buffering': 'no',
    });
    // The head goes out at once, before the first token: a reader sees the 200 and then waits for text.
    res.flushHeaders();
    const writeNext = () => {
      const chunk = plan.writes[written];
      if (chunk === undefined || done) return;
      if (res.writableLength > STREAM_LIMITS.maxBufferedBytes) {
        end(`The reader left ${res.writableLength} bytes unread, more than ${STREAM_LIMITS.maxBufferedBytes}`);
        return;
      }
      res.write(chunk);
      written += 1;
      bytes += chunk.length;
      if (written === plan.writes.length) {
        // Counted once the last chunk and the zero-length chunk after it have left.
        res.end(() => {
          options.note(
            req,
            `${req.method ?? 'GET'}: wrote ${plan.tokens} tokens and the done event (${plan.reason}) in ${written} writes, ${bytes} body bytes, ${req.socket.bytesWritten - socketBytesBefore} bytes on the socket with the head and chunk sizes, in ${now() - startedAt} ms`,
          );
        });
        finish();
      }
    };
    const timer = setInterval(writeNext, writeIntervalMs);
    const lifetime = setTimeout(
      () => end(`The stream reached ${STREAM_LIMITS.maxStreamMs} ms, the longest one lives`),
      STREAM_LIMITS.maxStreamMs,
    );
  };

  const handlePost = async (req: IncomingMessage, res: ServerResponse) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      sendProblem(res, 415, `The body must be application/json, not ${excerpt(type, 60) || 'untyped'}`);
      return;
    }
    const body = await readBody(req, res, STREAM_LIMITS.maxBodyBytes);
    if (body === undefined) return;
    const parsed = parseClientJson(body.toString('utf8'), options.maxJsonDepth);
    if (!parsed.ok) {
      sendProblem(res, parsed.tooDeep ? 422 : 400, `The body must be JSON: ${excerpt(parsed.detail, 120)}`);
      return;
    }
    const checked = check(StreamRequest, parsed.value, {name: 'The body'});
    if (!checked.ok) {
      sendProblem(res, 422, checked.problems.join('; '));
      return;
    }
    const {prompt, maxTokens = STREAM_LIMITS.defaultTokens} = checked.value;
    stream(req, res, planStream(prompt, maxTokens));
  };

  const handleGet = (req: IncomingMessage, res: ServerResponse) => {
    const query = queryOf(req);
    const prompt = query.get('prompt');
    const maxTokens = wholeNumber(query.get('maxTokens'), STREAM_LIMITS.defaultTokens);
    const header = req.headers['last-event-id'];
    const lastEventId = wholeNumber((Array.isArray(header) ? header[0] : header) ?? query.get('lastEventId'), 0);
    const problems: string[] = [];
    if (prompt === null || prompt.length === 0 || prompt.length > STREAM_LIMITS.maxPromptChars) {
      problems.push(`"prompt" must be 1 to ${STREAM_LIMITS.maxPromptChars} characters`);
    }
    if (!(maxTokens >= 1 && maxTokens <= STREAM_LIMITS.maxTokens)) {
      problems.push(`"maxTokens" must be a whole number from 1 to ${STREAM_LIMITS.maxTokens}`);
    }
    if (!(lastEventId >= 0)) problems.push('Last-Event-ID must be the id of a token event: a whole number');
    if (prompt === null || problems.length > 0) {
      sendProblem(res, 400, problems.join('; '));
      return;
    }
    const plan = planStream(prompt, maxTokens, {after: lastEventId, retry: true});
    if (plan.tokens === 0 && lastEventId > 0) {
      // HTML §9.2.3: a status other than 200 fails the connection, and EventSource does not come back.
      res.writeHead(204, {'Cache-Control': 'no-store'});
      res.end();
      options.note(
        req,
        `Answered 204 No Content: token ${lastEventId} was the last one, so there is nothing to resume`,
      );
      return;
    }
    stream(req, res, plan);
  };

  return {
    methods: ['GET', 'POST'],
    handle: (req, res) => (req.method === 'POST' ? handlePost(req, res) : handleGet(req, res)),
    endAll() {
      for (const end of [...open]) end();
    },
    get open() {
      return slots.size;
    },
  };
}
