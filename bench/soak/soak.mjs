#!/usr/bin/env node
// Soak: 10 real `cl node start` processes on loopback (node 1 the seed,
// nodes 2-10 know only node 1; spawned by bench/topology/lib.mjs, without
// NODE_EXTRA_CA_CERTS) under a steady load for --minutes M (default 10):
//
//   - messages: cluster_send_req from a random node to another one
//     (--msg-rate per second, default 50) and cluster_broadcast_req from a
//     random node (--bcast-rate, default 5);
//   - kv replication: cache_store of --value-bytes (100) values to nodes
//     1..--kv-nodes (5) in turn, --kv-rate writes per second (100) in all,
//     over a bounded key space (--keys, 2000: the data set stops growing
//     once every key was written, so memory should level off).
//
// Every 10 s (--sample-s) each node is asked for get_statistics core: and
// clusterer:clusterer_nodes_up: its RSS (core:rss_bytes) and the p99 and
// max of its event-loop delay over the last 10 s
// (core:event_loop_delay_p99_ms, _max_ms). Prints the curve as a table, then
// a verdict against the targets: no node's RSS grows more than 10 % after
// the warm-up (--warmup-min, 2 minutes; half the run when the run is
// shorter), and no node's event-loop delay p99 above 20 ms after the
// warm-up. Writes every sample to bench/out/soak-<time>.csv.
//
//   node bench/soak/soak.mjs [--minutes 10] (after npm run build)
//
// Exit 0 when both targets are met, 1 otherwise.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, converge, envNote, mi, now, sleep, starCluster } from '../topology/lib.mjs';

const { values: opt } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    nodes: { type: 'string', default: '10' },
    'msg-rate': { type: 'string', default: '50' },
    'bcast-rate': { type: 'string', default: '5' },
    'kv-rate': { type: 'string', default: '100' },
    'kv-nodes': { type: 'string', default: '5' },
    keys: { type: 'string', default: '2000' },
    'value-bytes': { type: 'string', default: '100' },
    'sample-s': { type: 'string', default: '10' },
    'warmup-min': { type: 'string', default: '2' },
  },
});
const num = (k) => {
  const v = Number(opt[k]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${k}: not a number: ${opt[k]}`);
  return v;
};
const MINUTES = num('minutes');
const N = num('nodes');
const SAMPLE_MS = num('sample-s') * 1000;
const RUN_MS = MINUTES * 60_000;
const WARMUP_MS = Math.min(num('warmup-min') * 60_000, RUN_MS / 2);
const RSS_GROWTH_MAX = 0.1;
const P99_MAX_MS = 20;
const ids = Array.from({ length: N }, (_, i) => i + 1);
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');

console.log(`soak: ${N} nodes, ${MINUTES} min, warm-up ${(WARMUP_MS / 60_000).toFixed(2)} min; load: ${opt['msg-rate']} send_req/s, ${opt['bcast-rate']} broadcast_req/s, ${opt['kv-rate']} cache_store/s to nodes 1..${opt['kv-nodes']} over ${opt.keys} keys of ${opt['value-bytes']} bytes`);
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load()} at start; ${envNote()}`);

const cluster = await starCluster(N, { timers: { ping_interval: 1, ping_timeout: 500, node_timeout: 5 }, logLevel: 'warn', tag: 'soak' });
const counts = { send: 0, bcast: 0, kv: 0, errors: 0, lastError: '' };
let stopping = false;

/** Calls `fire()` `rate` times a second, spread over 100 ms ticks, with at most `maxInFlight` calls pending. */
async function steady(rate, fire, maxInFlight = 64) {
  if (rate <= 0) return;
  let inFlight = 0;
  let owed = 0;
  const tickMs = 100;
  let next = now();
  while (!stopping) {
    owed += (rate * tickMs) / 1000;
    for (; owed >= 1; owed--) {
      if (inFlight >= maxInFlight) {
        counts.errors++;
        counts.lastError = 'too many calls in flight: the load was not kept';
        continue;
      }
      inFlight++;
      fire()
        .catch((err) => {
          counts.errors++;
          counts.lastError = err.message;
        })
        .finally(() => inFlight--);
    }
    next += tickMs;
    await sleep(Math.max(0, next - now()));
  }
}

const pick = (n) => 1 + Math.floor(Math.random() * n);
const other = (a) => {
  const b = pick(N - 1);
  return b >= a ? b + 1 : b;
};
const value = 'v'.repeat(Math.max(1, num('value-bytes') - 8));
let kvSeq = 0;

const rows = []; // { t, node, rss, p99, max, up }
const csv = ['t_s,node,rss_bytes,event_loop_delay_p99_ms,event_loop_delay_max_ms,nodes_up,send_req_total,broadcast_req_total,cache_store_total,errors_total'];
const MB = (b) => (b / 1048576).toFixed(1);

try {
  await cluster.startAll();
  await converge(cluster);
  const t0 = now();
  console.log(`all ${N} nodes Up; load running (load average ${load()})`);
  const loads = [
    steady(num('msg-rate'), async () => {
      const src = pick(N);
      await mi(cluster.sock(src), 'cluster_send_req', [1, other(src), `soak ${counts.send}`]);
      counts.send++;
    }),
    steady(num('bcast-rate'), async () => {
      await mi(cluster.sock(pick(N)), 'cluster_broadcast_req', [1, `soak broadcast ${counts.bcast}`]);
      counts.bcast++;
    }),
    steady(num('kv-rate'), async () => {
      const k = kvSeq++;
      await mi(cluster.sock(1 + (k % num('kv-nodes'))), 'cache_store', ['local', `soak:${k % num('keys')}`, `${k}:${value}`]);
      counts.kv++;
    }),
  ];

  const header = ['t (s)', ...ids.map((i) => `n${i} MB`), 'p99 max ms', 'up min', 'sent', 'kv', 'err'];
  console.log(header.map((h) => h.padStart(7)).join(' '));
  for (let k = 1; now() - t0 < RUN_MS + 1; k++) {
    await sleep(Math.max(0, t0 + k * SAMPLE_MS - now()));
    const t = Math.round((now() - t0) / 1000);
    const sample = await Promise.all(
      ids.map(async (id) => {
        try {
          const s = await mi(cluster.sock(id), 'get_statistics', [['core:', 'clusterer:clusterer_nodes_up']], 5000);
          return { t, node: id, rss: s['core:rss_bytes'], p99: s['core:event_loop_delay_p99_ms'], max: s['core:event_loop_delay_max_ms'], up: s['clusterer:clusterer_nodes_up'] };
        } catch (err) {
          counts.errors++;
          counts.lastError = `node ${id} did not answer get_statistics: ${err.message}`;
          return { t, node: id, rss: NaN, p99: NaN, max: NaN, up: NaN };
        }
      }),
    );
    rows.push(...sample);
    for (const r of sample) csv.push([r.t, r.node, r.rss, r.p99, r.max, r.up, counts.send, counts.bcast, counts.kv, counts.errors].join(','));
    const line = [t, ...sample.map((r) => MB(r.rss)), Math.max(...sample.map((r) => r.p99)).toFixed(1), Math.min(...sample.map((r) => r.up)), counts.send + counts.bcast, counts.kv, counts.errors];
    console.log(line.map((c) => String(c).padStart(7)).join(' '));
  }
  stopping = true;
  await Promise.all(loads);
} finally {
  stopping = true;
  await cluster.stop();
}

// ---------------------------------------------------------------- verdict ---
mkdirSync(join(REPO, 'bench', 'out'), { recursive: true });
const file = join(REPO, 'bench', 'out', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`);
writeFileSync(file, `${csv.join('\n')}\n`);

const afterWarmup = rows.filter((r) => r.t * 1000 >= WARMUP_MS);
const growth = ids.map((id) => {
  const mine = afterWarmup.filter((r) => r.node === id && Number.isFinite(r.rss));
  if (mine.length < 2) return { id, growth: NaN };
  return { id, growth: (mine.at(-1).rss - mine[0].rss) / mine[0].rss, from: mine[0].rss, to: mine.at(-1).rss };
});
const worstGrowth = growth.reduce((a, b) => (!(a.growth >= b.growth) ? b : a));
const p99s = afterWarmup.filter((r) => Number.isFinite(r.p99));
const worstP99 = p99s.reduce((a, b) => (b.p99 > a.p99 ? b : a), { p99: -Infinity });
const missing = rows.filter((r) => !Number.isFinite(r.rss)).length;
const rssOk = Number.isFinite(worstGrowth.growth) && worstGrowth.growth <= RSS_GROWTH_MAX;
const p99Ok = p99s.length > 0 && worstP99.p99 <= P99_MAX_MS;

console.log(`sent ${counts.send} send_req, ${counts.bcast} broadcast_req, ${counts.kv} cache_store; ${counts.errors} errors${counts.errors ? ` (last: ${counts.lastError})` : ''}; ${missing} samples missing`);
console.log(`load average ${load()} at the end; samples in ${file}`);
console.log(
  `verdict: ${rssOk && p99Ok ? 'PASS' : 'FAIL'} — RSS growth after warm-up: worst node ${worstGrowth.id} ${(worstGrowth.growth * 100).toFixed(1)} % ` +
    `(${MB(worstGrowth.from)} → ${MB(worstGrowth.to)} MB; target ≤ ${RSS_GROWTH_MAX * 100} %) ${rssOk ? 'ok' : 'FAILED'}; ` +
    `event-loop delay p99 after warm-up: worst ${worstP99.p99} ms (node ${worstP99.node} at ${worstP99.t} s; target ≤ ${P99_MAX_MS} ms) ${p99Ok ? 'ok' : 'FAILED'}`,
);
process.exitCode = rssOk && p99Ok ? 0 : 1;
