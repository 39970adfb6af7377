import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {createCostMeter} from '../../../../demo-server/src/events/costs.ts';

describe('createCostMeter', () => {
  it('forgets a session unused for idleMs, and reports zeros for one it never saw', () => {
    let clock = 0;
    const meter = createCostMeter({maxSessions: 10, idleMs: 1_000, now: () => clock});
    const socket = new PassThrough();
    const metered = meter.stream('session-one', 'ws', socket);
    metered.delivered(3, {answer: false});
    expect(meter.report('session-one').transports.ws).toMatchObject({
      requests: 1,
      events: 3,
      open: 1,
      emptyResponses: 0,
    });
    metered.end();
    expect(meter.report('session-one').transports.ws.open).toBe(0);
    clock = 2_000;
    meter.stream('session-two', 'ws', socket).end();
    expect(meter.sessionCount).toBe(1);
    expect(meter.report('session-one').transports.ws.requests).toBe(0);
    expect(meter.report('never-seen').at).toBe(2_000);
  });
});
