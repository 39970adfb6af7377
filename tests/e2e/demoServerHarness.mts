/**
 * The real demo server for the end-to-end tests, plus a loopback control
 * port so a test can stop it (to see the site's offline state) and start it
 * again (to see the site reconnect by itself). Playwright starts this file as
 * a `webServer`; Node runs it straight from TypeScript (.mts: always an ES
 * module). Ports come from the environment Playwright sets (see ports.ts).
 *
 *   POST /stop   shut the demo server down (1001 to every socket)
 *   POST /start  start it again on the same port
 *   GET  /state  {"running": true|false}
 */
import {createServer} from 'node:http';
import {loadConfig} from '../../demo-server/src/config.ts';
import {createLogger} from '../../demo-server/src/log.ts';
import {startServer, type DemoServer} from '../../demo-server/src/server.ts';

const {E2E_DEMO_SERVER_PORT, E2E_CONTROL_PORT, E2E_SITE_ORIGINS} = process.env;
if (!E2E_DEMO_SERVER_PORT || !E2E_CONTROL_PORT || !E2E_SITE_ORIGINS) {
  throw new Error('Set E2E_DEMO_SERVER_PORT, E2E_CONTROL_PORT and E2E_SITE_ORIGINS (playwright.config.ts does)');
}
const config = loadConfig({PORT: E2E_DEMO_SERVER_PORT, HOST: '127.0.0.1', ALLOWED_ORIGINS: E2E_SITE_ORIGINS});
const logger = createLogger({json: false});

let server: DemoServer | null = await startServer(config, {logger});

const control = createServer((req, res) => {
  const reply = (status: number) => {
    res.writeHead(status, {'content-type': 'application/json'});
    res.end(JSON.stringify({running: server !== null}));
  };
  if (req.method === 'POST' && req.url === '/stop') {
    const stopping = server;
    server = null;
    void (stopping?.shutdown() ?? Promise.resolve()).then(() => reply(200));
  } else if (req.method === 'POST' && req.url === '/start') {
    if (server) return reply(200);
    startServer(config, {logger}).then(
      (started) => {
        server = started;
        reply(200);
      },
      () => reply(500),
    );
  } else if (req.method === 'GET' && req.url === '/state') {
    reply(200);
  } else {
    reply(404);
  }
});
control.listen(Number(E2E_CONTROL_PORT), '127.0.0.1');

const stop = () => {
  control.close();
  void (server?.shutdown() ?? Promise.resolve()).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
