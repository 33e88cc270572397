#!/usr/bin/env node
// Sharing-tag timings on clusters of real `cl node start` processes (loopback):
//   A. set-active on one node → every node reports the new state (target < 50 ms)
//   B. kill -9 of the active node → a backup is active (on_down=takeover; target < 200 ms)
// Polls the control sockets with node:http JSON-RPC (not the CLI).
// Usage: npm run build && node bench/shtags/shtags.mjs [trialsA=20] [trialsB=5] [--sizes=3,10] [--no-write]
import { cpus, loadavg } from 'node:os';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster, mi, now, REPO, sleep, stats, until } from './lib.mjs';

const args = process.argv.slice(2);
const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
const trialsA = nums[0] ?? 20;
const trialsB = nums[1] ?? 5;
const sizes = (args.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '3,10').split(',').map(Number);
const write = !args.includes('--no-write');
const TARGET_A = 50;
const TARGET_B = 200;
const POLICY = 'vip/1: on_down=takeover, on_conflict=lowest_id';
/** Poll period per node: short enough for the resolution we need, long enough not to starve the nodes of CPU. */
const POLL_MS = 2;
/** Pause between rounds (not timed). */
const SETTLE_MS = 50;

/** Polls every node in parallel until `want(id, state)` holds for each; returns the time the last one held. */
async function allHold(c, ids, want, timeoutMs) {
  const times = await Promise.all(ids.map((id) =>
    until(async () => {
      const r = await mi(c.sock(id), 'clusterer_list_shtags', undefined, 1000);
      return want(id, r.find((t) => t.Tag === 'vip' && t.Cluster === 1)?.State);
    }, timeoutMs, `node ${id}`, POLL_MS)));
  return Math.max(...times);
}

async function benchSize(n) {
  const c = await Cluster.create(n, () => ({ sharing_tag_policy: POLICY }));
  try {
    const ids = c.ids();
    // A: rotate the tag over the nodes (each activation is a handover)
    const a = [];
    for (let t = 0; t < trialsA + 1; t++) {
      const k = ids[t % n];
      const t0 = now();
      const res = await mi(c.sock(k), 'clusterer_shtag_set_active', ['vip/1']);
      if (res !== 'OK') throw new Error(`set_active answered ${JSON.stringify(res)}`);
      const t1 = await allHold(c, ids, (id, s) => s === (id === k ? 'active' : 'backup'), 5000);
      if (t > 0) a.push(t1 - t0); // the first round also creates the tag everywhere
      // A node that was backup already "holds" before k's announcement reaches it: let the
      // announcement land, or the next round races with it (a handover, not a conflict, is measured).
      await sleep(SETTLE_MS);
    }
    // B: kill -9 the active node; the lowest remaining id takes over; restart it for the next round
    const b = [];
    let active = ids[trialsA % n];
    for (let t = 0; t < trialsB; t++) {
      const rest = ids.filter((id) => id !== active);
      const t0 = now();
      await c.kill(active);
      const t1 = await allHold(c, rest, (id, s) => s === (id === rest[0] ? 'active' : 'backup'), 10_000);
      b.push(t1 - t0);
      await c.start(active);
      await c.converged();
      await allHold(c, ids, (id, s) => s === (id === rest[0] ? 'active' : 'backup'), 5000);
      // hand the tag to another node for the next kill, so different ids are killed; not to the node
      // just restarted, which may not know the owner yet (its activation would then be a conflict)
      const killed = active;
      const next = ids.filter((id) => id !== killed && id !== rest[0]);
      active = next[t % next.length] ?? rest[0];
      await mi(c.sock(active), 'clusterer_shtag_set_active', ['vip/1']);
      await allHold(c, ids, (id, s) => s === (id === active ? 'active' : 'backup'), 5000);
    }
    return { n, a: stats(a), b: { ...stats(b), raw: b } };
  } finally {
    await c.stop();
  }
}

const f = (x) => `${x.toFixed(1)} ms`;
const results = [];
for (const n of sizes) {
  const r = await benchSize(n);
  results.push(r);
  console.log(`N=${n}: set-active → all nodes: median ${f(r.a.median)}, p95 ${f(r.a.p95)}, max ${f(r.a.max)} (${r.a.n} runs)`);
  console.log(`N=${n}: kill -9 active → backup active: median ${f(r.b.median)}, max ${f(r.b.max)} (${r.b.n} runs: ${r.b.raw.map((x) => x.toFixed(1)).join(', ')})`);
}

const machine = `${cpus().length} vCPU ${cpus()[0]?.model.trim() ?? '?'}, Node ${process.version}, load ≈ ${loadavg()[0].toFixed(1)}`;
const date = new Date().toUTCString();
const verdict = (st, target) => `median **${st.median < target ? 'PASS' : 'MISS'}**, max ${st.max < target ? 'PASS' : 'MISS'}`;
const rows = results.map((r) =>
  `| ${date} | ${machine} | ${r.n} | ${f(r.a.median)} / ${f(r.a.p95)} / ${f(r.a.max)} | ${verdict(r.a, TARGET_A)} | ${f(r.b.median)} / ${f(r.b.max)} | ${verdict(r.b, TARGET_B)} |`);
console.log(rows.join('\n'));
if (write) {
  const file = join(REPO, 'bench', 'RESULTS.md');
  const head = '## Sharing tags (`bench/shtags/shtags.mjs`)';
  // Others append to this file too: read it right before writing, only ever append.
  const current = readFileSync(file, 'utf8');
  const lastHeading = current.split('\n').filter((l) => l.startsWith('## ')).at(-1);
  const intro = lastHeading === head ? '' : `\n${head}\n\nSeparate \`cl node start\` processes on loopback, full mesh, timers ping_interval 1 s,
ping_timeout 200 ms, node_timeout 2 s, \`sharing_tag_policy: ${POLICY}\`. Control sockets
polled with node:http JSON-RPC every ${POLL_MS} ms per node. A: \`clusterer_shtag_set_active\` on one node until every node
lists the new state (${trialsA} runs, rotating the active node; target < ${TARGET_A} ms).
B: kill -9 of the active node until the lowest remaining id is active and the others backup
(${trialsB} runs; target < ${TARGET_B} ms). Verdicts on the median, and on the max.
B is dominated by failure detection (connection loss, probe, link-state flooding) of the
topology layer, which sharing tags only react to.

| date (UTC) | machine | N | A: median / p95 / max | A | B: median / max | B |
| --- | --- | --- | --- | --- | --- | --- |
`;
  appendFileSync(file, `${intro}${rows.join('\n')}\n`);
  console.log(`appended to ${file}`);
}
