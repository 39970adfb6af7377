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

export function createSlots(limits: SlotLimits): Slots {
  const perClient = new Map<string, number>();
  let size = 0;
  return {
    get size() {
      return size;
    },
    claim(client) {
      const held = perClient.get(client) ?? 0;
      if (size >= limits.total) return {ok: false, status: 503, detail: limits.totalFull};
      if (held >= limits.perClient) return {ok: false, status: 429, detail: limits.perClientFull};
      perClient.set(client, held + 1);
      size += 1;
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          size -= 1;
          const left = (perClient.get(client) ?? 1) - 1;
          if (left <= 0) perClient.delete(client);
          else perClient.set(client, left);
        },
      };
    },
  };
}
