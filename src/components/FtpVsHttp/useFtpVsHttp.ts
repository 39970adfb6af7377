import {ENDPOINTS} from '../../../demo-server/src/contract/endpoints.ts';
import {
  FTP_VS_HTTP_FILES,
  type FtpVsHttpFile,
  type FtpVsHttpProtocol,
  type FtpVsHttpServerMessage,
  type FtpVsHttpStep,
} from '../../../demo-server/src/contract/ftpVsHttp.ts';
import {useState} from 'react';
import {parseFtpVsHttpMessage} from '../../lib/ftpVsHttp.ts';
import {useDemoSocket, type UseDemoSocket} from '../../lib/useDemoSocket.ts';

export interface StepEntry {
  atMs: number;
  step: FtpVsHttpStep;
}

export type Summary = Extract<FtpVsHttpServerMessage, {type: 'summary'}>;

export interface RunView {
  runId: number;
  file: FtpVsHttpFile;
  size: number;
  steps: Record<FtpVsHttpProtocol, StepEntry[]>;
  summary: Summary | null;
}

/** A run sends a few dozen steps; more than this from one run means something is wrong, and the rest is dropped. */
const MAX_STEPS_PER_PROTOCOL = 200;

export interface FtpVsHttpState {
  connection: UseDemoSocket;
  run: RunView | null;
  running: boolean;
  error: string | null;
  /** How the run is going, in a sentence; the live region says it at most every few seconds. */
  announcement: string;
  start: (file: FtpVsHttpFile) => void;
}

function describe(run: RunView | null, running: boolean, error: string | null): string {
  if (error !== null) return error;
  if (run === null) return '';
  const {summary} = run;
  if (summary === null) {
    return running
      ? `Fetching ${run.file}: ${run.steps.ftp.length} FTP steps and ${run.steps.http.length} HTTP steps so far.`
      : '';
  }
  return (
    `${run.file} fetched both ways. FTP: ${summary.ftp.connections} connections, ${summary.ftp.roundTrips} round trips. ` +
    `HTTP: ${summary.http.connections} connection, ${summary.http.roundTrips} round trips. ` +
    (summary.sameBytes ? 'The bytes are the same.' : 'The bytes differ.')
  );
}

export function useFtpVsHttp(): FtpVsHttpState {
  const [run, setRun] = useState<RunView | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const connection = useDemoSocket(ENDPOINTS.ftpVsHttp, {
    // A new connection has no run under way, whatever the last one had.
    onOpen: () => setRunning(false),
    onMessage: (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseFtpVsHttpMessage(event.data);
      if (message === null) return;
      switch (message.type) {
        case 'run-started':
          setError(null);
          setRun({
            runId: message.runId,
            file: message.file,
            size: message.size,
            steps: {ftp: [], http: []},
            summary: null,
          });
          break;
        case 'step':
          setRun((current) => {
            if (current?.runId !== message.runId) return current;
            const list = current.steps[message.protocol];
            if (list.length >= MAX_STEPS_PER_PROTOCOL) return current;
            const entry = {atMs: message.atMs, step: message.step};
            return {...current, steps: {...current.steps, [message.protocol]: [...list, entry]}};
          });
          break;
        case 'summary':
          setRun((current) => (current?.runId === message.runId ? {...current, summary: message} : current));
          setRunning(false);
          break;
        case 'error':
          setError(message.message);
          setRunning(false);
          break;
      }
    },
  });

  const announcement = describe(run, running, error);

  return {
    connection,
    run,
    running,
    error,
    announcement,
    start: (file) => {
      if (!FTP_VS_HTTP_FILES.includes(file)) return;
      if (connection.send(JSON.stringify({type: 'run', file}))) {
        setRunning(true);
        setError(null);
      }
    },
  };
}
