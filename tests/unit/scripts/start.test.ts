import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {GENERATED_FILES_DIRS} from '../../../scripts/siteFolders.mts';
import {startPlan} from '../../../scripts/start.mts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('startPlan', () => {
  it('runs on 3000 and 8787 by default, the site pointed at the demo server and let in by it', () => {
    expect(startPlan({})).toEqual({
      sitePort: 3000,
      demoServerPort: 8787,
      siteEnv: {DEMO_SERVER_URL: 'http://localhost:8787', DOCUSAURUS_GENERATED_FILES_DIR_NAME: '.docusaurus-dev'},
      demoEnv: {PORT: '8787', ALLOWED_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000'},
    });
  });

  it('moves the site, the demos’ URL and the allowed origins with SITE_PORT and DEMO_SERVER_PORT', () => {
    const plan = startPlan({SITE_PORT: '3300', DEMO_SERVER_PORT: '9300'});
    expect(plan.sitePort).toBe(3300);
    expect(plan.siteEnv.DEMO_SERVER_URL).toBe('http://localhost:9300');
    expect(plan.demoEnv).toEqual({PORT: '9300', ALLOWED_ORIGINS: 'http://localhost:3300,http://127.0.0.1:3300'});
  });

  it('keeps a DEMO_SERVER_URL given, and the origins of ALLOWED_ORIGINS besides the site’s own', () => {
    const plan = startPlan({
      DEMO_SERVER_URL: 'https://demo.example.org',
      ALLOWED_ORIGINS: 'http://192.168.1.5:3000, http://localhost:3000',
    });
    expect(plan.siteEnv.DEMO_SERVER_URL).toBe('https://demo.example.org');
    expect(plan.demoEnv.ALLOWED_ORIGINS).toBe('http://localhost:3000,http://127.0.0.1:3000,http://192.168.1.5:3000');
  });

  it('writes the dev site’s generated files apart from every build’s', () => {
    const dev = startPlan({}).siteEnv.DOCUSAURUS_GENERATED_FILES_DIR_NAME;
    const others = Object.entries(GENERATED_FILES_DIRS).filter(([run]) => run !== 'dev');
    for (const [, dir] of others) expect(dir).not.toBe(dev);
  });

  it('refuses a port that is not one, naming the variable, and the two on one port', () => {
    expect(() => startPlan({SITE_PORT: '80a'})).toThrow('SITE_PORT must be a port number from 1 to 65535, got "80a"');
    expect(() => startPlan({DEMO_SERVER_PORT: '70000'})).toThrow(/^DEMO_SERVER_PORT must be a port number/);
    expect(() => startPlan({SITE_PORT: '4000', DEMO_SERVER_PORT: '4000'})).toThrow(/must differ, both are 4000/);
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('npm run start:demo (node scripts/start.mts demo)', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('serves on DEMO_SERVER_PORT and lets in the site on SITE_PORT, not the one on 3000', async () => {
    const demoServerPort = await freePort();
    const child = spawn(process.execPath, ['scripts/start.mts', 'demo'], {
      cwd: ROOT,
      env: {...process.env, SITE_PORT: '3456', DEMO_SERVER_PORT: String(demoServerPort), PORT: '1'},
      stdio: 'ignore',
    });
    children.push(child);
    const health = (origin: string) =>
      fetch(`http://127.0.0.1:${demoServerPort}/health`, {headers: {Origin: origin}}).then(
        (response) => ({status: response.status, grant: response.headers.get('access-control-allow-origin')}),
        () => null,
      );
    await expect
      .poll(() => health('http://localhost:3456'), {timeout: 25_000})
      .toEqual({
        status: 200,
        grant: 'http://localhost:3456',
      });
    expect(await health('http://127.0.0.1:3456')).toEqual({status: 200, grant: 'http://127.0.0.1:3456'});
    expect(await health('http://localhost:3000')).toEqual({status: 403, grant: null});
    // Node starting the server (npm's start script, type stripping, the FTP server) took over 5 s on a loaded 2-core
    // machine: the poll's own deadline is the bound that matters.
  }, 30_000);
});
