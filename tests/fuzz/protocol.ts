/** What the fuzzer and the server under fuzzing (target.mts) say to each other, and how that server is set up. */
import type {Limits} from '../../demo-server/src/limits.ts';

/**
 * What the fuzzer asks of the server under fuzzing. `misbehave` exists for the
 * fuzzer's own tests: it makes the process do what a bad input would (block
 * its event loop, hold memory, die), so that those tests can prove each is caught.
 */
export type ProbeRequest =
  | {type: 'reset'}
  | {type: 'read'}
  | {type: 'gc'}
  | {type: 'stop'}
  | {type: 'misbehave'; how: 'block' | 'grow' | 'crash'};

/** What one input cost the server. */
export interface Probe {
  /** Longest the event loop was blocked while the input was served, counting only time the process was busy. */
  maxDelayMs: number;
  /** Resident memory when measuring began, at its peak since, and now. */
  baseRssBytes: number;
  peakRssBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** CPU time the process spent (user and system) since measuring began. */
  cpuMs: number;
}

export type TargetMessage = {type: 'ready'; port: number} | {type: 'reset'} | ({type: 'probe'} & Probe);

/**
 * The production limits, but for the per-address budgets: the fuzzer is one
 * address sending thousands of inputs, where an attacker would use many, so
 * those budgets are lifted to let inputs reach the code behind them (the
 * budgets have tests of their own). Every per-connection and per-message
 * bound stays as it is in production. The long-poll and request timeouts are
 * shortened so a parked or incomplete request is answered within an input's deadline.
 */
export const FUZZ_LIMITS: Partial<Limits> = {
  maxConnectionsPerClient: 1_000,
  handshakesPerMinutePerClient: 1_000_000,
  sandboxesPerMinutePerClient: 1_000_000,
  ftpRunsPerMinutePerClient: 1_000_000,
  maxParkedLongPollsPerClient: 500,
  maxStreamsPerClient: 500,
  maxHeldRequestsPerClient: 500,
  longPollTimeoutMs: 300,
  // A request that never completes is answered 408 after this, rather than after 30 s.
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 1_500,
  connectionsCheckingIntervalMs: 250,
};

/** An input blocking the event loop longer than this is a finding (the bound). */
export const STALL_MS = 50;
/** An input raising resident memory by more than this while it is served is a finding. */
export const MEMORY_GROWTH_BYTES = 48 * 1024 * 1024;
/**
 * Heap still in use after a full collection, past which the server is
 * keeping more than its bounds allow: note text (32 MiB), the shared cache
 * (8 MiB), recorded requests (1,000 of up to 20 KiB), attempt records (16 MiB), cost sessions, cart
 * sessions and close reports, with room for V8's own overhead on each.
 */
export const RETAINED_HEAP_BYTES = 192 * 1024 * 1024;
