/**
 * Serves a Docusaurus build the way a real host does: compressed, with cache headers and ETags
 * (scripts/build-server.mts says exactly how). The end-to-end tests and `npm run bench:lighthouse` serve the
 * build with it, so they see the bytes and headers a reader gets; `docusaurus serve` sends neither.
 *
 *   node scripts/serve-build.mts --dir build-e2e --port 3100 [--host localhost] [--replace FROM=TO …]
 *
 * `--replace` rewrites text in the build's text files as they are loaded (the end-to-end tests point one build at
 * each worker's own demo server with it: tests/e2e/ports.ts).
 */
import {parseArgs} from 'node:util';
import {startBuildServer} from './build-server.mts';

const {values} = parseArgs({
  options: {
    dir: {type: 'string', default: 'build'},
    port: {type: 'string', default: '3000'},
    host: {type: 'string', default: 'localhost'},
    replace: {type: 'string', multiple: true, default: []},
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port ${values.port} is not a port number`);

const replace = values.replace.map((pair) => {
  const equals = pair.indexOf('=');
  if (equals <= 0) throw new Error(`--replace ${pair}: give FROM=TO, FROM not empty`);
  return {from: pair.slice(0, equals), to: pair.slice(equals + 1)};
});

const started = Date.now();
const site = await startBuildServer({dir: values.dir, port, host: values.host, replace});
console.log(`Serving ${values.dir} at ${site.url}/ (read and compressed in ${Date.now() - started} ms)`);

const stop = () => void site.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
