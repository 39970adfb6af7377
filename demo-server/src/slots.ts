/**
 * Places for requests the server holds open (parked long-polls, event
 * streams), bounded in total (503) and per client address (429), so one
 * client cannot take them all and all clients together cannot exhaust the
 * server. The map of counts only holds clients that hold a place.
 */

/** What a refused client is told to wait before trying again. */
export const SLOT_RETRY_AFTER_SECONDS = '5';

export interface SlotLimits {
  total: number;
  perClient: number;
  /** Problem detail when every place is taken. */
  totalFull: string;
  /** Problem detail when this client holds its share. */
  perClientFull: string;
}

export type SlotClaim = {ok: true; release: () => void} | {ok: false; status: 429 | 503; detail: string};

export interface Slots {
  /** Takes a place for `client`; `release` gives it back (calling it twice is harmless). */
  claim(client: string): SlotClaim;
  readonly size: number;
}

/** The places taken, in total and by client. */
interface Held {
  size: number;
  readonly perClient: Map<string, number>;
}

export function createSlots(limits: SlotLimits): Slots {
  const held: Held = {size: 0, perClient: new Map()};
  return {
    get size() {
      return held.size;
    },
    claim(client) {
      const mine = held.perClient.get(client) ?? 0;
      if (held.size >= limits.total) return {ok: false, status: 503, detail: limits.totalFull};
      if (mine >= limits.perClient) return {ok: false, status: 429, detail: limits.perClientFull};
      held.perClient.set(client, mine + 1);
      held.size += 1;
      return new Place(held, client);
    },
  };
}

/**
 * A place taken, given back once. A class, not a closure: it lives as long as the stream or the parked
 * request, and its `release` method is shared by all of them.
 */
class Place {
  readonly ok = true;
  private released = false;
  private readonly held: Held;
  private readonly client: string;

  constructor(held: Held, client: string) {
    this.held = held;
    this.client = client;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.held.size -= 1;
    const left = (this.held.perClient.get(this.client) ?? 1) - 1;
    if (left <= 0) this.held.perClient.delete(this.client);
    else this.held.perClient.set(this.client, left);
  }
}
