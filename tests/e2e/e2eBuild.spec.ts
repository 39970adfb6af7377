/**
 * The build under test was made apart from `npm start`'s dev site and from `npm run build`: its generated files and
 * its bundler cache have folders of their own (scripts/siteFolders.mts), so running `npm test` beside `npm start`
 * cannot repoint the dev site's demos at the end-to-end demo server.
 */
import {expect, test} from '@playwright/test';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {cacheDirectory} from '../../scripts/bundlerCache/plugin.ts';
import {GENERATED_FILES_DIRS} from '../../scripts/siteFolders.mts';
import {E2E_BUILD_DEMO_SERVER_URL, E2E_DEMO_SERVER_URL} from './ports.ts';

/** The site config as Docusaurus wrote it into a generated-files folder, or null if there is none. */
function generatedConfig(root: string, dir: string): string | null {
  const file = join(root, dir, 'docusaurus.config.mjs');
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

test('the end-to-end build wrote its generated files and bundler cache to its own folders, and nothing into the dev site’s or npm run build’s', () => {
  const {configFile} = test.info().config;
  expect(configFile, 'the Playwright config file').toBeDefined();
  const root = dirname(configFile!);
  const demoServerUrl = `"demoServerUrl": "${E2E_BUILD_DEMO_SERVER_URL}"`;

  expect(
    generatedConfig(root, GENERATED_FILES_DIRS.e2e),
    `${GENERATED_FILES_DIRS.e2e}/ holds the build's config`,
  ).toContain(demoServerUrl);
  const cache = cacheDirectory(root, 'rspack', join(root, GENERATED_FILES_DIRS.e2e));
  expect(existsSync(cache), `the build's cache is in ${cache}`).toBe(true);
  // A clean clone has no other folder at all; a developer's has the dev site's and a build's, which must not name
  // the end-to-end demo server.
  for (const dir of [GENERATED_FILES_DIRS.dev, GENERATED_FILES_DIRS.build, GENERATED_FILES_DIRS.bench]) {
    expect(generatedConfig(root, dir) ?? '', `${dir}/ is not the end-to-end build's`).not.toContain(demoServerUrl);
  }
});

test('each worker’s site points the demos at that worker’s own demo server', async ({page}) => {
  const own = E2E_DEMO_SERVER_URL.replace('http', 'ws');
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.goto('/docs/websocket/opening-handshake');
  await expect.poll(() => sockets.length, 'the Handshake Inspector opens a WebSocket').toBeGreaterThan(0);
  expect(
    sockets.filter((url) => !url.startsWith(`${own}/`)),
    `every WebSocket goes to ${own}`,
  ).toEqual([]);
});
