#!/usr/bin/env node
// Diagnostic: N nodes in one process (real sockets on 127.0.x.y), star
// provisioning (node k > 1 knows node 1). Starts nodes 1..N-1, waits until
// they agree, then starts node N and prints how long until every node lists
// every other Up, with the BIN frames written during the join by kind and the
// link transitions logged, the LS_UPDATE / FULL_TOP_UPDATE frames by hop
// count and origin, and how many LS_UPDATEs were accepted more than once by
// a node (a flooding loop). Not a figure of the issue: the nodes share one
// event loop. Build first: npx tsc -p tsconfig.json.
// Usage: node bench/topology/inproc-join.mjs [N] [ping_interval]
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../../dist/', import.meta.url).href;
const { buildCluster, seesAllUp } = await import(`${dist}test/helpers/cluster.js`);
const { decodeMessage } = await import(`${dist}src/engine/wire/index.js`);

const { ClusterView } = await import(`${dist}src/engine/topology/cluster-view.js`);
const acc = new Map();
const orig = ClusterView.prototype.applyLsUpdate;
ClusterView.prototype.applyLsUpdate = function (msg, dbMode) {
  const before = this.nodes.get(msg.srcId)?.ls;
  const r = orig.call(this, msg, dbMode);
  if (counting && r.accepted) {
    const k = `${this.local.id}<-${msg.srcId}#${msg.seq}@${msg.timestamp} ${msg.neighbourId}:${msg.state}`;
    const e = acc.get(k) ?? { n: 0, before: [] };
    e.n++;
    e.before.push(before && `${before.seq}@${before.ts}`);
    acc.set(k, e);
  }
  return r;
};
process.on('exit', () => {
  const dups = [...acc].filter(([, e]) => e.n > 1).sort((a, b) => b[1].n - a[1].n);
  console.log(`accepted LS keys ${acc.size}, accepted more than once ${dups.length}`);
  for (const [k, e] of dups.slice(0, 10)) console.log(k, e.n, e.before.slice(0, 8).join(' '));
});
const n = Number(process.argv[2] ?? 10);
const pi = Number(process.argv[3] ?? 4);

const counts = {};
const detail = {};
let counting = false;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (chunk, ...rest) {
  if (counting && Buffer.isBuffer(chunk) && this.remotePort) {
    let kind = 'undecodable';
    try {
      const m = decodeMessage(chunk);
      kind = m.kind === 'module' ? `module:${m.capability}` : m.kind;
      if (m.kind === 'ls_update' || m.kind === 'full_top_update') {
        const k = `${m.kind} hops=${m.path.length} ${m.srcId === n ? 'from-joiner' : 'from-other'}${m.kind === 'ls_update' ? (m.neighbourId === n ? ' about-joiner' : ' about-other') + (m.state ? ' down' : ' up') : ''}`;
        detail[k] = (detail[k] ?? 0) + 1;
      }
    } catch {}
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return write.call(this, chunk, ...rest);
};

const dir = mkdtempSync(join(tmpdir(), 'cl-inproc-'));
const members = await buildCluster(dir, n, { extra: { ping_interval: pi, ping_timeout: 1000, node_timeout: 60, log_level: 'info' } });
const allUp = (ms) => ms.every((m) => seesAllUp(m.node, ms.filter((o) => o !== m).map((o) => o.id)));
const waitUntil = async (cond, ms) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
};
try {
  const first = members.slice(0, -1);
  const t00 = Date.now();
  await Promise.all(first.map((m) => m.node.start()));
  const ok0 = await waitUntil(() => allUp(first), 30_000);
  console.log(`first ${n - 1}: ${ok0 ? 'converged' : 'NOT converged'} in ${Date.now() - t00} ms`);
  await new Promise((r) => setTimeout(r, 500));
  for (const m of members) m.logs.length = 0;
  counting = true;
  const last = members[n - 1];
  const t0 = performance.now();
  await last.node.start();
  const ok = await waitUntil(() => allUp(members), 30_000);
  const dt = performance.now() - t0;
  counting = false;
  const lines = members.flatMap((m) => m.logs.map((r) => r.msg));
  const ups = lines.filter((l) => / is UP/.test(l)).length;
  const downs = lines.filter((l) => /is down/.test(l)).length;
  console.log(`join N=${n}: ${ok ? 'converged' : 'NOT converged'} after ${dt.toFixed(1)} ms; link UP lines ${ups} (minimum ${2 * (n - 1)}), down lines ${downs}`);
  console.log('frames written:', JSON.stringify(counts));
  console.log(Object.entries(detail).sort().map(([k, v]) => `  ${k}: ${v}`).join('\n'));
  const other = new Map();
  for (const l of lines) if (!/ is UP|is down/.test(l)) other.set(l.replace(/\d+/g, '#'), (other.get(l.replace(/\d+/g, '#')) ?? 0) + 1);
  console.log('other log lines:', JSON.stringify([...other].slice(0, 15)));
} finally {
  await Promise.allSettled(members.map((m) => m.node.stop()));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
