/**
 * `/http/stream`: a response streamed token by token, in the shape model APIs
 * stream theirs (a `POST` with a JSON body answered with `text/event-stream`,
 * one JSON event per token, an event that says the text is done). There is no
 * model: the prompt only chooses one of a few fixed passages. The same stream
 * is served to a `GET` for `EventSource`, which can send neither a method nor
 * a body of its own (WHATWG HTML §9.2.2).
 */
import * as s from './schema.ts';
import {STREAM_LIMITS} from '../limits.ts';

/** Body of `POST /http/stream`. */
export const StreamRequest = s.object(
  {
    prompt: s.string({
      minLength: 1,
      maxLength: STREAM_LIMITS.maxPromptChars,
      description: 'Any text: it only chooses which fixed passage is streamed back',
    }),
    maxTokens: s.optional(
      s.integer({
        minimum: 1,
        maximum: STREAM_LIMITS.maxTokens,
        description: `Tokens to stream at most (${STREAM_LIMITS.defaultTokens} when absent)`,
      }),
    ),
  },
  {description: 'What to stream: a prompt and how many tokens at most'},
);
export type StreamRequest = s.Infer<typeof StreamRequest>;

/** Data of each token's event (an event with no `event:` field, so `message`); its `id:` is `index`. */
export const StreamToken = s.object(
  {
    index: s.integer({minimum: 1, description: 'The token’s place in the text, from 1; also the event’s id'}),
    token: s.string({description: 'The next piece of text, spaces included: append it to what came before'}),
  },
  {description: 'One token of the streamed text'},
);
export type StreamToken = s.Infer<typeof StreamToken>;

/** Why a stream ended with its `done` event. */
export const STREAM_END_REASONS = ['end-of-text', 'max-tokens', 'max-bytes'] as const;
export type StreamEndReason = (typeof STREAM_END_REASONS)[number];

/** Data of the last event, named `done`. */
export const StreamDone = s.object(
  {
    tokens: s.integer({minimum: 0, description: 'Token events this response carried'}),
    bodyBytes: s.integer({
      minimum: 0,
      description: 'Bytes of the event stream this response wrote before this event (chunk framing not counted)',
    }),
    reason: s.oneOf(STREAM_END_REASONS, {
      description:
        '`end-of-text`: the passage ended; `max-tokens`: the tokens asked for were sent; `max-bytes`: the byte bound was reached',
    }),
  },
  {description: 'The last event: the text is complete and the server ends the response'},
);
export type StreamDone = s.Infer<typeof StreamDone>;

/** The name of the last event. */
export const STREAM_DONE_EVENT = 'done';
