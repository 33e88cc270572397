#!/usr/bin/env node
// Writes dist/cl-node.cjs.cache, V8's code cache of the `cl node start`
// bundle, after a warm-up: three nodes run from the bundle in this process on
// 127.0.0.1 (node 3 joins nodes 1 and 2, knowing only node 1) and answer
// clusterer_list on their control sockets, so the cache holds compiled code
// for the start, the join and the control path, not only the top level.
// The bundle of the other commands (dist/cl-cli.cjs) gets its cache after
// it ran a few of them against node 1. A failed warm-up still writes the cache of what ran; no cache at all only
// makes starts slower, so this script never fails the build. Run after
// scripts/bundle.mjs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/cl-node.cjs');
const { loadBundle, writeCache } = await import(join(root, 'dist/src/cli/bundle-loader.js'));
const { ControlClient } = await import(join(root, 'dist/src/client/control-client.js'));
const WARM_UP_MS = 10_000;

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** True when node `id`'s clusterer_list shows every other node Up. */
async function seesAllUp(dir, id, ids) {
  const r = await new ControlClient({ socketPath: join(dir, `n${id}.sock`), timeoutMs: 1000 }).callRaw('clusterer_list').catch(() => null);
  const nodes = r?.Clusters?.[0]?.Nodes ?? [];
  return ids.every((j) => j === id || nodes.some((n) => n.node_id === j && n.link_state === 'Up'));
}

async function until(pred, deadline) {
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error('the warm-up cluster did not converge');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function warmUp(exports, dir) {
  const ports = [await freePort(), await freePort(), await freePort()];
  const url = (i) => `bin:127.0.0.1:${ports[i - 1]}`;
  for (const i of [1, 2, 3]) {
    const lines = [
      `my_node_id: ${i}`,
      'db_mode: 0',
      'my_node_info:',
      `  - "cluster_id=1, url=${url(i)}${i === 1 ? ', flags=seed' : ''}"`,
      i === 1 ? 'neighbor_node_info: []' : `neighbor_node_info:\n  - "cluster_id=1, node_id=1, url=${url(1)}"`,
      `control_socket: ${join(dir, `n${i}.sock`)}`,
      `state_file: ${join(dir, `n${i}.state.json`)}`,
      'ping_interval: 1',
      '',
    ];
    writeFileSync(join(dir, `n${i}.yaml`), lines.join('\n'));
  }
  const start = (i) => exports.main(exports.parseFastNodeStart(['-c', join(dir, `n${i}.yaml`)]));
  const running = [start(1), start(2)];
  const deadline = Date.now() + WARM_UP_MS;
  await until(async () => (await seesAllUp(dir, 1, [1, 2])) && (await seesAllUp(dir, 2, [1, 2])), deadline);
  running.push(start(3));
  for (const i of [1, 2, 3]) await until(() => seesAllUp(dir, i, [1, 2, 3]), deadline);
  return running;
}

const dir = mkdtempSync(join(tmpdir(), 'cl-code-cache-'));
const loaded = loadBundle(bundle, { useCache: false });
const writeErr = process.stderr.write;
process.stderr.write = () => true; // the nodes' own log lines
let running = [];
let note = '';
try {
  running = await warmUp(loaded.exports, dir);
} catch (err) {
  note = ` (warm-up incomplete: ${err instanceof Error ? err.message : String(err)})`;
}
const size = writeCache(bundle, loaded);
const cliBundle = join(root, 'dist/cl-cli.cjs');
const cli = loadBundle(cliBundle, { useCache: false });
const writeOut = process.stdout.write;
process.stdout.write = () => true; // the commands' answers (errors go to stderr, silenced above)
try {
  const sock = ['-s', join(dir, 'n1.sock')];
  const runs = [
    ['mi', 'uptime'], ['mi', 'which'], ['cluster', 'list'], ['cluster', 'list', '--json'], ['cluster', 'topology'], ['cluster', 'route', '1', '2'],
    ['shtag', 'get', 'vip/1'], ['shtag', 'list'], ['shtag', 'list', '--json'], ['status'], ['status', '--json'], ['version'],
    ['mi', 'nosuch', '--json'], ['cluster', 'lst'], ['cluster', 'list', '--bogus'], ['--help'], ['cluster', 'list', '--help'], ['completion', 'bash'],
  ];
  for (const words of runs) {
    await cli.exports.main([...words, ...sock]);
  }
} catch (err) {
  note += ` (cli warm-up incomplete: ${err instanceof Error ? err.message : String(err)})`;
}
const cliSize = writeCache(cliBundle, cli);
// `cl db …` on a SQLite file of the warm-up's directory.
const dbBundle = join(root, 'dist/cl-db.cjs');
const dbCli = loadBundle(dbBundle, { useCache: false });
try {
  const db = ['--db-url', `sqlite://${join(dir, 'warm-up.db')}`];
  for (const words of [['db', 'init'], ['db', 'node', 'add', '1', '1', 'bin:127.0.0.1:5566'], ['db', 'node', 'list'], ['db', 'node', 'list', '--json'], ['db', 'node', 'remove', '1', '1'], ['db', 'node', 'list', '--bogus']]) {
    await dbCli.exports.main([...words, ...db]);
  }
} catch (err) {
  note += ` (db warm-up incomplete: ${err instanceof Error ? err.message : String(err)})`;
}
process.stdout.write = writeOut;
const dbSize = writeCache(dbBundle, dbCli);
process.emit('SIGTERM', 'SIGTERM'); // the nodes stop as on a real SIGTERM
await Promise.race([Promise.allSettled(running), new Promise((r) => setTimeout(r, 5000).unref())]);
process.stderr.write = writeErr;
rmSync(dir, { recursive: true, force: true });
console.log(`code cache: ${(size / 1024).toFixed(0)} KB, cli ${(cliSize / 1024).toFixed(0)} KB, db ${(dbSize / 1024).toFixed(0)} KB${note}`);
process.exit(0);
