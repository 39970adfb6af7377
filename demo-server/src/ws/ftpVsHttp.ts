/**
 * `/ws/ftp-vs-http`: the page sends `{"type":"run","file":"welcome.txt"}`;
 * the server fetches that file by FTP from its own loopback FTP server, then
 * by HTTP from itself, and streams both transcripts as they happen, ending
 * with a summary (FtpVsHttpServerMessage). One run at a time per connection,
 * and a few a minute per client address.
 */
import {ENDPOINTS} from '../contract/endpoints.ts';
import {
  FTP_VS_HTTP_FILES,
  FtpVsHttpRun,
  type FtpVsHttpProtocol,
  type FtpVsHttpServerMessage,
  type FtpVsHttpStep,
} from '../contract/ftpVsHttp.ts';
import {check} from '../contract/schema.ts';
import {FTP_VS_HTTP_LIMITS} from '../limits.ts';
import {dataPortOfSteps, fetchByFtp, fetchByHttp, passivePortOfSteps, tally} from '../ftp/compare.ts';
import {findDemoFile, type DemoFiles} from '../ftp/files.ts';
import type {Endpoint} from './endpoint.ts';

const MINUTE_MS = 60_000;

export interface Target {
  host: string;
  port: number;
}

export interface FtpVsHttpOptions {
  files: DemoFiles;
  /** Where the loopback FTP server listens. */
  ftp: () => Target;
  /** Where this demo server listens, reached over loopback. */
  http: () => Target;
  runsPerMinutePerClient: number;
  /** Longest each of the two fetches may take. */
  timeoutMs: number;
  now?: () => number;
}

export interface RunLimiter {
  /** Counts a run for `client`; false when it has had its share this minute. */
  take(client: string): {ok: true} | {ok: false; retryAfterSeconds: number};
}

/** A sliding one-minute window of run start times per client address. */
export function createRunLimiter(perMinute: number, now: () => number = Date.now): RunLimiter {
  const starts = new Map<string, number[]>();
  return {
    take(client) {
      const time = now();
      const recent = (starts.get(client) ?? []).filter((at) => time - at < MINUTE_MS);
      if (recent.length >= perMinute) {
        const oldest = recent[0] ?? time;
        starts.set(client, recent);
        return {ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + MINUTE_MS - time) / 1000))};
      }
      recent.push(time);
      starts.delete(client);
      starts.set(client, recent);
      // Maps iterate in insertion order: the first keys are the least recently active.
      for (const key of starts.keys()) {
        if (starts.size <= FTP_VS_HTTP_LIMITS.maxTrackedClients) break;
        starts.delete(key);
      }
      return {ok: true};
    },
  };
}

/** The file a run message asks for, or a sentence saying what is wrong with it. */
export function parseRunMessage(text: string): {file: string} | {error: string} {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return {error: 'Send JSON: {"type":"run","file":"welcome.txt"}'};
  }
  if (typeof message !== 'object' || message === null || (message as {type?: unknown}).type !== 'run') {
    return {error: 'The only message is {"type":"run","file":"<name>"}'};
  }
  const checked = check(FtpVsHttpRun, message, {name: 'The message', extraMembers: 'ignore'});
  return checked.ok ? {file: checked.value.file} : {error: checked.problems.join('; ')};
}

export function ftpVsHttpEndpoint(options: FtpVsHttpOptions): Endpoint {
  const limiter = createRunLimiter(options.runsPerMinutePerClient, options.now);
  return {
    path: ENDPOINTS.ftpVsHttp,
    maxPayload: FTP_VS_HTTP_LIMITS.maxMessageBytes,
    accept(ws, handshake, {registry, logger, receive}) {
      let running = false;
      let runs = 0;
      const send = (message: FtpVsHttpServerMessage) => registry.send(ws, JSON.stringify(message), false);

      receive((data, isBinary) => {
        if (isBinary) return send({type: 'error', message: 'Send the run command as a text message'});
        const parsed = parseRunMessage(data.toString('utf8'));
        if ('error' in parsed) return send({type: 'error', message: parsed.error});
        const file = findDemoFile(options.files, parsed.file);
        if (file === undefined || parsed.file.startsWith('/')) {
          return send({type: 'error', message: `No file "${parsed.file}": choose ${FTP_VS_HTTP_FILES.join(', ')}`});
        }
        if (running) return send({type: 'error', message: 'A run is under way: wait for its summary'});
        const allowed = limiter.take(handshake.client);
        if (!allowed.ok) {
          return send({
            type: 'error',
            message: `At most ${options.runsPerMinutePerClient} runs a minute: try again in ${allowed.retryAfterSeconds} s`,
          });
        }
        running = true;
        runs += 1;
        const runId = runs;
        const step = (protocol: FtpVsHttpProtocol) => (s: FtpVsHttpStep, atMs: number) =>
          send({type: 'step', runId, protocol, atMs, step: s});
        void (async () => {
          try {
            send({type: 'run-started', runId, file: file.name, size: file.bytes.length});
            const ftp = await fetchByFtp(options.ftp(), file.name, step('ftp'), options.timeoutMs);
            const http = await fetchByHttp(
              options.http(),
              `${ENDPOINTS.files}/${file.name}`,
              step('http'),
              options.timeoutMs,
            );
            const ftpTally = tally(ftp);
            const httpTally = tally(http);
            send({
              type: 'summary',
              runId,
              file: file.name,
              ftp: ftpTally,
              http: httpTally,
              passivePort: passivePortOfSteps(ftp.steps),
              dataPort: dataPortOfSteps(ftp.steps),
              sameBytes: ftpTally.sha256 === httpTally.sha256,
            });
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            logger.warn('ftp-vs-http', {runId, error: reason});
            send({type: 'error', runId, message: `The run failed: ${reason}`});
          } finally {
            running = false;
          }
        })();
      });
    },
  };
}
