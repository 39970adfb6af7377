/**
 * How long Chromium waits for the server's close frame before it gives up on a closing handshake: the number the
 * liveness article quotes. It starts the demo server on a loopback port, opens `/ws/faults` in Chromium, switches
 * the connection half-open for 90 s (FAULT_LIMITS.maxHalfOpenMs: the server reads and writes nothing, and answers
 * no close frame), has the page call `close()`, and times the `close` event. Takes about a minute a run.
 *
 *   node scripts/measure-closing-timeout.mts [--runs 1]
 */
import {parseArgs} from 'node:util';
import {chromium} from '@playwright/test';
import {ENDPOINTS} from '../demo-server/src/contract/endpoints.ts';
import {loadConfig} from '../demo-server/src/config.ts';
import {FAULT_LIMITS} from '../demo-server/src/limits.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';

const {values} = parseArgs({options: {runs: {type: 'string', default: '1'}}});
const runs = Number(values.runs);

const probe = loadConfig({PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: 'http://127.0.0.1:1'});
const server = await startServer(probe, {logger: silentLogger});
// The page is served by the demo server itself (its /health), so its own origin must be allowed: restart on the
// port it got, allowing it.
const port = server.port;
await server.shutdown();
const config = loadConfig({PORT: String(port), HOST: '127.0.0.1', ALLOWED_ORIGINS: `http://127.0.0.1:${port}`});
const demo = await startServer(config, {logger: silentLogger});
const browser = await chromium.launch({executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS]});
try {
  for (let run = 1; run <= runs; run += 1) {
    const page = await browser.newPage();
    await page.goto(`${demo.url}${ENDPOINTS.health}`);
    const result = await page.evaluate(
      async ({url, forMs}) =>
        new Promise<{closeAfterMs: number; code: number; wasClean: boolean}>((resolve) => {
          const ws = new WebSocket(url);
          let calledAt = 0;
          ws.addEventListener('message', (event: MessageEvent) => {
            if (typeof event.data !== 'string' || !event.data.includes('"type":"fault"')) return;
            calledAt = performance.now();
            ws.close(1000, 'measuring');
          });
          ws.addEventListener('open', () => ws.send(JSON.stringify({type: 'half-open', forMs})));
          ws.addEventListener('close', (event) =>
            resolve({closeAfterMs: performance.now() - calledAt, code: event.code, wasClean: event.wasClean}),
          );
        }),
      {url: `${demo.url.replace('http', 'ws')}${ENDPOINTS.faults}`, forMs: FAULT_LIMITS.maxHalfOpenMs},
    );
    console.log(
      `run ${run}: close() to the close event ${(result.closeAfterMs / 1000).toFixed(2)} s, code ${result.code}, wasClean ${String(result.wasClean)} (Chromium ${browser.version()})`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await demo.shutdown();
}
