/**
 * What Chromium offers in `Accept-Encoding`, and what it does with each coding the server forces, over plain HTTP
 * to `localhost` and to another host name (mapped to the same loopback address). It starts the demo server on a
 * free port, opens a page on each host name (the server's own `/health`, so every request is same-origin), fetches
 * `/http/negotiate/document` with each `?coding=` and reads the server's record of each answer.
 *
 *   node scripts/measure-accept-encoding.mts
 *
 * The "Compression and negotiation" article quotes what it prints.
 */
import {chromium} from '@playwright/test';
import {loadConfig} from '../demo-server/src/config.ts';
import {NEGOTIATE_CHOICES} from '../demo-server/src/contract/negotiate.ts';
import {silentLogger} from '../demo-server/src/log.ts';
import {startServer} from '../demo-server/src/server.ts';
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromium.mts';

const OTHER_HOST = 'demo.example';

const server = await startServer(
  {...loadConfig({PORT: '0', HOST: '127.0.0.1', METRICS_PORT: 'off', ALLOWED_ORIGINS: 'http://localhost:3000'})},
  {logger: silentLogger},
);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`],
});
try {
  console.log(`Chromium ${browser.version()}`);
  for (const host of ['localhost', '127.0.0.1', OTHER_HOST]) {
    const page = await browser.newPage();
    await page.goto(`http://${host}:${server.port}/health`);
    const results = await page.evaluate(async (choices) => {
      const lines: string[] = [];
      for (const coding of choices) {
        const id = `measure-${coding}-${Date.now()}`;
        let outcome: string;
        try {
          const response = await fetch(`/http/negotiate/document?coding=${coding}&id=${id}`, {cache: 'no-store'});
          const text = await response.text();
          outcome = `script got ${text.length} characters, ${text.startsWith('RFC 9110') ? 'decoded' : 'NOT decoded'}`;
        } catch (error) {
          outcome = `fetch rejected: ${String(error)}`;
        }
        const record = (await (await fetch(`/http/negotiate/records/${id}`)).json()) as {
          acceptEncoding: string | null;
          coding: string;
          encodedBytes: number;
        };
        lines.push(
          `  ?coding=${coding}: Accept-Encoding "${record.acceptEncoding}", sent ${record.coding} (${record.encodedBytes} B); ${outcome}`,
        );
      }
      // A page that sets Accept-Encoding itself: the Fetch standard makes it a forbidden request-header.
      const id = `measure-set-${Date.now()}`;
      await (
        await fetch(`/http/negotiate/document?id=${id}`, {cache: 'no-store', headers: {'Accept-Encoding': 'identity'}})
      ).arrayBuffer();
      const set = (await (await fetch(`/http/negotiate/records/${id}`)).json()) as {acceptEncoding: string | null};
      lines.push(`  fetch with headers {'Accept-Encoding': 'identity'}: the server received "${set.acceptEncoding}"`);
      return lines;
    }, NEGOTIATE_CHOICES);
    console.log(`http://${host}:${server.port}/`);
    for (const line of results) console.log(line);
    await page.close();
  }
} finally {
  await browser.close();
  await server.shutdown();
}
