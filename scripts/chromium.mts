/**
 * How this project's tools start Chromium: the end-to-end tests (playwright.config.ts), the benchmarks, the
 * Lighthouse runs and the render scripts. One place, so a flag added for CI reaches them all.
 */
import {existsSync} from 'node:fs';

/** CHROMIUM_PATH if set; else Debian's /usr/bin/chromium when present; else undefined (the tool's own Chromium). */
export const CHROMIUM_PATH: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Flags for a headless Chromium that runs as root in a container and makes no requests of its own. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
