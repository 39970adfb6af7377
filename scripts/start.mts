/**
 * `npm start`: the site's dev server and the demo server side by side, in one terminal with labelled logs; Ctrl-C
 * stops both. `npm run start:site` and `npm run start:demo` start one of them, with the same settings.
 *
 *   SITE_PORT=3300 DEMO_SERVER_PORT=9300 npm start
 *
 * Two settings move everything that depends on them: `SITE_PORT` (default 3000) is where the dev site listens and
 * the origin the demo server lets in (`ALLOWED_ORIGINS`); `DEMO_SERVER_PORT` (default 8787) is where the demo
 * server listens (its `PORT`) and where the site's demos connect (`DEMO_SERVER_URL`). Neither is called `PORT`:
 * the demo server reads `PORT`, and so does `docusaurus start` when it has no `--port`, so one `PORT` would mean
 * both at once. The names match the end-to-end tests' `E2E_SITE_PORT` and `E2E_DEMO_SERVER_PORT`.
 *
 * The dev site writes its generated files to a folder of its own (scripts/siteFolders.mts), so a build started
 * beside it (`npm test`'s end-to-end build, `npm run build`) cannot repoint its demos.
 */
import {createRequire} from 'node:module';
import {concurrently} from 'concurrently';
import {DEFAULT_DEMO_SERVER_PORT} from '../demo-server/src/contract/deployment.ts';
import {GENERATED_FILES_DIRS} from './siteFolders.mts';

export const DEFAULT_SITE_PORT = 3000;

type Env = Readonly<Record<string, string | undefined>>;

/** What `npm start` runs: each process's own variables, on top of the environment it was given. */
export interface StartPlan {
  sitePort: number;
  demoServerPort: number;
  /** For `docusaurus start --port <sitePort>`. */
  siteEnv: Record<string, string>;
  /** For `node demo-server/src/main.ts`. */
  demoEnv: Record<string, string>;
}

function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a port number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

/**
 * The variables each of `npm start`'s two processes gets, from `SITE_PORT` and `DEMO_SERVER_PORT` in `env`.
 * `DEMO_SERVER_URL`, if set, still wins (a dev site pointed at a demo server elsewhere); origins listed in
 * `ALLOWED_ORIGINS` are let in besides the dev site's own. Throws an Error naming the variable that is wrong.
 */
export function startPlan(env: Env): StartPlan {
  const sitePort = parsePort('SITE_PORT', env.SITE_PORT, DEFAULT_SITE_PORT);
  const demoServerPort = parsePort('DEMO_SERVER_PORT', env.DEMO_SERVER_PORT, DEFAULT_DEMO_SERVER_PORT);
  if (sitePort === demoServerPort) {
    throw new Error(`SITE_PORT and DEMO_SERVER_PORT must differ, both are ${sitePort}`);
  }
  // The browser may reach the dev site by either name; its Origin header says which.
  const siteOrigins = [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`];
  const extraOrigins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '' && !siteOrigins.includes(origin));
  return {
    sitePort,
    demoServerPort,
    siteEnv: {
      DEMO_SERVER_URL: env.DEMO_SERVER_URL?.trim() || `http://localhost:${demoServerPort}`,
      DOCUSAURUS_GENERATED_FILES_DIR_NAME: GENERATED_FILES_DIRS.dev,
    },
    demoEnv: {
      PORT: String(demoServerPort),
      ALLOWED_ORIGINS: [...siteOrigins, ...extraOrigins].join(','),
    },
  };
}

/** A command line for the shell concurrently starts each command in (sh or cmd.exe: both take double quotes). */
function commandLine(...words: string[]): string {
  return words.map((word) => (/^[\w./:=-]+$/.test(word) ? word : `"${word}"`)).join(' ');
}

if (import.meta.main) {
  const which = process.argv[2] ?? 'both';
  if (!['both', 'site', 'demo'].includes(which)) {
    console.error(`usage: node scripts/start.mts [site|demo]  (got "${which}")`);
    process.exit(2);
  }
  let plan: StartPlan;
  try {
    plan = startPlan(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const docusaurus = createRequire(import.meta.url).resolve('@docusaurus/core/bin/docusaurus.mjs');
  const commands = [
    {
      name: 'site',
      prefixColor: 'cyan',
      command: commandLine(process.execPath, docusaurus, 'start', '--port', String(plan.sitePort)),
      env: plan.siteEnv,
    },
    {
      name: 'demo',
      prefixColor: 'magenta',
      command: commandLine(process.execPath, '--watch', 'demo-server/src/main.ts'),
      env: plan.demoEnv,
    },
  ].filter((command) => which === 'both' || command.name === which);
  console.log(
    `site http://localhost:${plan.sitePort} (SITE_PORT), demo server http://localhost:${plan.demoServerPort} ` +
      `(DEMO_SERVER_PORT); demos connect to ${plan.siteEnv.DEMO_SERVER_URL}`,
  );
  const {result} = concurrently(commands, {killOthersOn: ['failure', 'success']});
  result.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
