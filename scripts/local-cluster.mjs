#!/usr/bin/env node
// Starts the three example nodes (examples/node{1,2,3}.yaml) as separate
// processes, waits until they see each other Up, prints the cluster as node 1
// sees it, and keeps running until Ctrl-C, which stops all three cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const cl = join(root, 'bin', 'run.js');
const nodes = [1, 2, 3].map((i) => ({ id: i, config: join(root, 'examples', `node${i}.yaml`), socket: `/tmp/cl-node${i}.sock` }));

function mi(socketPath, method) {
  return new Promise((resolve) => {
    const r = request({ socketPath, path: '/mi', method: 'POST', timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body).result);
        } catch {
          resolve(undefined);
        }
      });
    });
    r.on('error', () => resolve(undefined));
    r.on('timeout', () => r.destroy());
    r.end(JSON.stringify({ jsonrpc: '2.0', method, id: 1 }));
  });
}

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

const deadline = Date.now() + 15_000;
for (;;) {
  const lists = await Promise.all(nodes.map((n) => mi(n.socket, 'clusterer_list')));
  const up = lists.every((l) => l?.Clusters?.[0]?.Nodes?.length === 2 && l.Clusters[0].Nodes.every((x) => x.link_state === 'Up'));
  if (up) break;
  if (Date.now() > deadline || stopping) {
    console.error('the example cluster did not converge within 15 s');
    stop(1);
    await new Promise(() => {});
  }
  await new Promise((r) => setTimeout(r, 100));
}
console.log('\nLocal cluster up: nodes 1, 2 and 3 in cluster 1 (Ctrl-C stops them).\n');
spawnSync(process.execPath, [cl, 'cluster', 'list', '-s', nodes[0].socket], { stdio: 'inherit' });
console.log(`
Try, in another terminal:
  node bin/run.js cluster list -s /tmp/cl-node2.sock
  node bin/run.js cluster route 1 3 -s /tmp/cl-node2.sock
  node bin/run.js mi clusterer_list_topology -s /tmp/cl-node1.sock
  node bin/run.js node set-status 1 3 disabled -s /tmp/cl-node1.sock
`);
