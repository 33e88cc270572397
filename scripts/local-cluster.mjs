#!/usr/bin/env node
// Starts the three example nodes as separate processes, waits until they see
// each other Up, prints the cluster as node 1 sees it, and keeps running until
// Ctrl-C, which stops all three cleanly.
//
// Default: examples/db/node{1,2,3}.yaml (db_mode 1): first creates the
// clusterer table in the shared SQLite file /tmp/cl-local-cluster.db and adds
// the three nodes that are missing (idempotent), with `cl db`.
// --no-db: examples/node{1,2,3}.yaml (db_mode 0, no database).
//
// CL_LOCAL_HOST (default 127.0.0.1) and CL_LOCAL_DIR (default /tmp) move the
// listeners, control sockets and SQLite file, so two local clusters can run
// side by side: the example files are then copied into CL_LOCAL_DIR with
// those two values replaced.
//
// The nodes stop with this script, also when it is orphaned: `npm start`
// killed with SIGTERM exits without waiting for `sh -c`'s children, so the
// script watches for its parent going away.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Built by `npm run build`, which `npm start` runs first.
const { ControlClient } = await import(join(root, 'dist/src/client/control-client.js'));
const cl = join(root, 'bin', 'run.js');
const useDb = !process.argv.includes('--no-db');
const host = process.env.CL_LOCAL_HOST || '127.0.0.1';
const runDir = process.env.CL_LOCAL_DIR || '/tmp';
const examples = useDb ? join(root, 'examples', 'db') : join(root, 'examples');
const moved = host !== '127.0.0.1' || runDir !== '/tmp';
const dir = moved ? join(runDir, useDb ? 'cl-local-db' : 'cl-local') : examples;
const nodes = [1, 2, 3].map((i) => ({ id: i, config: join(dir, `node${i}.yaml`), socket: join(runDir, `cl-node${i}.sock`) }));
if (moved) {
  mkdirSync(dir, { recursive: true });
  for (const n of nodes) {
    const text = readFileSync(join(examples, `node${n.id}.yaml`), 'utf8').replaceAll('127.0.0.1:', `${host}:`).replaceAll('/tmp/', `${runDir}/`);
    writeFileSync(n.config, text);
  }
}

/** Runs `cl ARGS…`; exits this script if it fails. Returns its stdout. */
function clOrDie(args) {
  const r = spawnSync(process.execPath, [cl, ...args], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) {
    console.error(`cl ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  return r.stdout;
}

if (useDb) {
  const db = ['-c', nodes[0].config];
  console.log(clOrDie(['db', 'init', ...db]).trim());
  const have = new Set(JSON.parse(clOrDie(['db', 'node', 'list', ...db, '--cluster', '1', '--json'])).map((r) => r.node_id));
  for (const n of nodes) {
    if (have.has(n.id)) continue;
    const extra = n.id === 1 ? ['--flags', 'seed'] : [];
    console.log(clOrDie(['db', 'node', 'add', '1', String(n.id), `bin:${host}:555${n.id}`, '--description', `Node ${n.id}`, ...extra, ...db]).trim());
  }
  console.log(clOrDie(['db', 'node', 'list', ...db]));
}

/** One MI call on a node's control socket; undefined while the node does not answer. */
const mi = (socketPath, method) => new ControlClient({ socketPath, timeoutMs: 1000 }).callRaw(method).catch(() => undefined);

const children = nodes.map((n) => {
  const child = spawn(process.execPath, [cl, 'node', 'start', '-c', n.config], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`node ${n.id} exited with code ${code}; stopping the others`);
      stop(1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop(0);
}, 200).unref();

const deadline = Date.now() + 15_000;
for (;;) {
  const lists = await Promise.all(nodes.map((n) => mi(n.socket, 'clusterer_list')));
  // Nodes 1-3 see each other Up (rows added to the table by hand may list more).
  const up = lists.every((l, i) => {
    const peers = (l?.Clusters?.[0]?.Nodes ?? []).filter((x) => x.node_id !== i + 1 && x.node_id <= 3);
    return peers.length === 2 && peers.every((x) => x.link_state === 'Up');
  });
  if (up) break;
  if (Date.now() > deadline || stopping) {
    console.error('the example cluster did not converge within 15 s');
    stop(1);
    await new Promise(() => {});
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log(`\nLocal cluster up: nodes 1, 2 and 3 in cluster 1${useDb ? `, provisioned from ${join(runDir, 'cl-local-cluster.db')}` : ''} (Ctrl-C stops them).\n`);
spawnSync(process.execPath, [cl, 'cluster', 'list', '-s', nodes[0].socket], { stdio: 'inherit' });
console.log(`
Try, in another terminal:
  node bin/run.js cluster list -s ${nodes[1].socket}
  node bin/run.js cluster route 1 3 -s ${nodes[1].socket}
  node bin/run.js mi clusterer_list_topology -s ${nodes[0].socket}
  node bin/run.js node set-status 1 3 disabled -s ${nodes[0].socket}${useDb ? `
  node bin/run.js db node list -c ${nodes[0].config}
  node bin/run.js db node add 1 4 bin:${host}:5554 -c ${nodes[0].config}   # then, on each node:
  node bin/run.js mi clusterer_reload -s ${nodes[0].socket}` : ''}
`);
