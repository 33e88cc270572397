#!/usr/bin/env node
// Renders the picture of `cl cluster topology --format dot` shown in the
// README: starts 4 real `cl node start` processes on loopback (node 1 the
// seed, nodes 2-4 know only node 1), waits until every node sees every
// other one Up, then has node 1 disable node 4 (`cl node set-status 1 4
// disabled`): the link 1-4 stops, node 4 reaches node 1 through another node.
// Node 4's view is printed as dot and rendered with Graphviz:
//
//   node scripts/render-topology.mjs [--out docs/img]
//
// writes <out>/topology.dot and <out>/topology.svg. Needs Graphviz's `dot`
// on PATH (Debian/Ubuntu: apt-get install graphviz) and a build (npm run
// build). The nodes are stopped, by PID, when it ends.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, converge, listNodes, sleep, starCluster } from '../bench/topology/lib.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(REPO, 'docs', 'img') } } });
const out = resolve(values.out);

const dotCheck = spawnSync('dot', ['-V'], { encoding: 'utf8' });
if (dotCheck.error || dotCheck.status !== 0) {
  console.error('render-topology: Graphviz is needed and `dot` was not found on PATH (Debian/Ubuntu: apt-get install graphviz)');
  process.exit(1);
}

const cl = (...args) => execFileSync(process.execPath, [join(REPO, 'bin', 'run.js'), ...args], { encoding: 'utf8' });

/** Polls `fn` until it returns true; throws with `what` after `timeoutMs`. */
async function eventually(fn, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`render-topology: timed out waiting for ${what}`);
    await sleep(100);
  }
}

const cluster = await starCluster(4, { timers: { ping_interval: 1, ping_timeout: 300, node_timeout: 2 }, logLevel: 'warn', tag: 'render' });
try {
  await cluster.startAll();
  await converge(cluster);
  cl('node', 'set-status', '1', '4', 'disabled', '-s', cluster.sock(1));
  // Node 4 routes to node 1 through another node once its own link with 1 is no longer Up.
  await eventually(async () => {
    const n1 = (await listNodes(cluster.sock(4))).get(1);
    return n1 !== undefined && n1.link !== 'Up' && n1.hop !== 'none' && n1.hop !== '1';
  }, 'node 4 to route to node 1 through another node');
  const dot = cl('cluster', 'topology', '--format', 'dot', '-s', cluster.sock(4));
  const svg = execFileSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'topology.dot'), dot);
  writeFileSync(join(out, 'topology.svg'), svg);
  process.stdout.write(dot);
  console.error(`render-topology: wrote ${join(out, 'topology.dot')} and ${join(out, 'topology.svg')} (${dotCheck.stderr.trim()})`);
} finally {
  await cluster.stop();
}
