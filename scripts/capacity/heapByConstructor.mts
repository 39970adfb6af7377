/**
 * Diagnostic (not a test): what one connection keeps on the heap, by constructor, to find what makes a
 * connection cost more than it must.
 *
 *   node --expose-gc scripts/capacity/heapByConstructor.mts                       (2,000 /ws/events)
 *   node --expose-gc scripts/capacity/heapByConstructor.mts --transport sse --connections 1000
 *   node --expose-gc scripts/capacity/heapByConstructor.mts --anchor              (a bare ws server)
 *
 * Starts the demo server in this process (configured as ourServer.mts configures it), or with `--anchor` a
 * bare `ws` server, opens the connections from one client worker (clientWorker.mts), and takes a heap
 * snapshot before and after (after the same warm-up and a full GC each time). It prints what the heap
 * holds per connection in all, then the kinds of object that grew most: self size and count per
 * connection, under V8's names for them (`closure:` a function, `object:system / Context` the scope a
 * closure keeps, `array:(object elements)` an array's backing store…).
 */
import {fork} from 'node:child_process';
import {once} from 'node:events';
import {readFile, rm} from 'node:fs/promises';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {writeHeapSnapshot} from 'node:v8';
import {WebSocketServer} from 'ws';
import {loadConfig} from '../../demo-server/src/config.ts';
import {silentLogger} from '../../demo-server/src/log.ts';
import {startServer} from '../../demo-server/src/server.ts';
import {CAPACITY_TRANSPORTS, type CapacityTransport, type WorkerCommand, type WorkerReport} from './protocol.mts';

const {values} = parseArgs({
  options: {
    connections: {type: 'string', default: '2000'},
    transport: {type: 'string', default: 'ws'},
    anchor: {type: 'boolean', default: false},
    top: {type: 'string', default: '30'},
  },
});
const connections = Number(values.connections);
const transport = values.transport as CapacityTransport;
if (!CAPACITY_TRANSPORTS.includes(transport)) throw new Error(`--transport takes ${CAPACITY_TRANSPORTS.join(', ')}`);
if (values.anchor && transport !== 'ws') throw new Error('--anchor is the bare ws server: use it with --transport ws');
const gc = (globalThis as {gc?: () => void}).gc;
if (gc === undefined) throw new Error('Run it with node --expose-gc');

let serverUrl: string;
if (values.anchor) {
  const wss = new WebSocketServer({host: '127.0.0.1', port: 0});
  await once(wss, 'listening');
  serverUrl = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
} else {
  const config = loadConfig({PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: 'true'});
  const total = 2 * connections + 100;
  const limits = {maxConnections: total, maxTrackedClients: total, maxStreams: total, maxParkedLongPolls: total};
  serverUrl = (await startServer({...config, limits: {...config.limits, ...limits}}, {logger: silentLogger})).url;
}

const worker = fork(fileURLToPath(new URL('./clientWorker.mts', import.meta.url)));
function ask(command: WorkerCommand | null, type: WorkerReport['type']): Promise<WorkerReport> {
  return new Promise((resolve) => {
    const listener = (report: WorkerReport) => {
      if (report.type !== type) return;
      worker.off('message', listener);
      resolve(report);
    };
    worker.on('message', listener);
    if (command !== null) worker.send(command);
  });
}
const open = (firstClient: number, count: number) =>
  ask({type: 'open', transport, serverUrl, firstClient, count, concurrency: 32}, 'opened');

interface Totals {
  count: number;
  size: number;
}

/** Self size and count of every kind of heap object, after a full GC. */
async function heapByKind(): Promise<Map<string, Totals>> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  gc?.();
  const file = writeHeapSnapshot(join(tmpdir(), `capacity-${process.pid}.heapsnapshot`));
  // The snapshot format: a flat array of node fields, described by snapshot.meta.
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as {
    snapshot: {meta: {node_fields: string[]; node_types: [string[]]}};
    nodes: number[];
    strings: string[];
  };
  await rm(file);
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const kinds = new Map<string, Totals>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + (typeAt ?? 0)] ?? 0] ?? '?';
    const name = (snapshot.strings[snapshot.nodes[i + (nameAt ?? 0)] ?? 0] ?? '').slice(0, 60);
    const kind = `${type}:${type === 'string' || type === 'concatenated string' ? '(text)' : name}`;
    const totals = kinds.get(kind) ?? {count: 0, size: 0};
    totals.count += 1;
    totals.size += snapshot.nodes[i + (sizeAt ?? 0)] ?? 0;
    kinds.set(kind, totals);
  }
  return kinds;
}

await ask(null, 'ready');
// The same warm-up as the benchmark's, from addresses the measured clients do not use.
await open(connections, 100);
await ask({type: 'close'}, 'closed');
const before = await heapByKind();
const opened = await open(0, connections);
if (opened.type === 'opened' && opened.failed > 0)
  console.error(`${opened.failed} setups failed: ${opened.firstError}`);
const after = await heapByKind();

const rows = [...after].map(([kind, totals]) => {
  const was = before.get(kind) ?? {count: 0, size: 0};
  return {kind, size: (totals.size - was.size) / connections, count: (totals.count - was.count) / connections};
});
const total = rows.reduce((sum, row) => sum + row.size, 0);
console.log(
  `${values.anchor ? 'bare ws' : 'demo server'}, ${connections} ${transport}: ${Math.round(total)} bytes of heap per connection`,
);
for (const row of rows.sort((a, b) => b.size - a.size).slice(0, Number(values.top))) {
  console.log(`${Math.round(row.size).toString().padStart(7)} B ${row.count.toFixed(2).padStart(7)}×  ${row.kind}`);
}
worker.disconnect();
process.exit(0);
