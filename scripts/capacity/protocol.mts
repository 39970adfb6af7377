/**
 * The messages the capacity benchmark (scripts/bench-capacity.mts) exchanges
 * over IPC with the server processes it measures and with its client workers.
 */

/** The three ways a reader holds a connection open for the event stream. */
export const CAPACITY_TRANSPORTS = ['ws', 'sse', 'longPoll'] as const;
export type CapacityTransport = (typeof CAPACITY_TRANSPORTS)[number];

/** The two servers each transport is measured on: the demo server, and the bare one it is compared with. */
export const CAPACITY_SERVERS = ['ours', 'anchor'] as const;
export type CapacityServer = (typeof CAPACITY_SERVERS)[number];

/** Parent → server process. */
export type ServerCommand =
  /** Collect garbage (the process runs with --expose-gc), then answer `collected`. */
  | {type: 'gc'}
  /** Emit one event now, to every subscriber; answer `emitted` once the emission call has returned. */
  | {type: 'emit'}
  /** Answer `seen`: how many requests for `pathPrefix` the HTTP server has received so far. */
  | {type: 'seen'; pathPrefix: string}
  /** Start V8's CPU profiler (sampling every `intervalUs`), then answer `profiling`. */
  | {type: 'profileStart'; intervalUs: number}
  /** Stop the profiler, write its profile (a `.cpuprofile`, as Chrome's DevTools read it) to `file`, answer `profiled`. */
  | {type: 'profileStop'; file: string};

/** Server process → parent. */
export type ServerReport =
  | {type: 'listening'; port: number}
  | {type: 'collected'; heapUsed: number}
  /**
   * `emitMs`, `emitCpuMs`: how long the emission call took, and the process's CPU time (user and system)
   * over it: the synchronous part of the fan-out, in which the server hands the event to every connection.
   */
  | {type: 'emitted'; id: number; emittedAt: number; emitMs: number; emitCpuMs: number}
  /** `lastAt`: epoch ms when the latest of those requests arrived. */
  | {type: 'seen'; count: number; lastAt: number}
  | {type: 'profiling'}
  | {type: 'profiled'; file: string};

/** Parent → client worker. */
export type WorkerCommand =
  | {
      type: 'open';
      transport: CapacityTransport;
      /** `http://host:port` of the server. */
      serverUrl: string;
      /** Index of the first client: its address is derived from it, so every client of a run has its own. */
      firstClient: number;
      count: number;
      /** Setups in flight at once in this worker. */
      concurrency: number;
    }
  /** Answer `received`: the delay of the first event each connection received. */
  | {type: 'report'}
  /** Close every connection, then answer `closed`. */
  | {type: 'close'};

/** Client worker → parent. */
export type WorkerReport =
  | {type: 'ready'}
  /**
   * Every connection is set up (a 101, a stream's response head, a long-poll's request written) or failed;
   * times are epoch ms.
   */
  | {type: 'opened'; opened: number; failed: number; firstError: string | null; startedAt: number; finishedAt: number}
  /** Arrival minus emission of the first event on each connection that has one, in ms. */
  | {type: 'received'; delays: number[]; lost: number}
  | {type: 'closed'};

/**
 * The address a client is counted under by the server (sent as X-Forwarded-For): one per client, in
 * 10.0.0.0/8, so per-client bounds apply to each client alone as they would on the internet.
 */
export function clientAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** 24) throw new Error(`no client address for ${index}`);
  return `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
}
