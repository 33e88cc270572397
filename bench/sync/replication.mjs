#!/usr/bin/env node
// Replication of kv puts from one node to 3 others, on real loopback TCP
// (four nodes in this one process, so the three receivers and the writer
// share one core: a pessimistic setup). Two runs:
//  1. throughput: N puts as fast as the writer can make them (in slices of
//     1,000 per event-loop turn); records/s until every other node has all;
//  2. lag at half that rate (capped at 50,000/s, the half of
//     100,000): a put every 1/rate s in 1 ms slices; for each put and each
//     other node, the time until it is applied there; p50/p99/max.
// Targets: ≥ 100,000 records/s; p99 lag ≤ 5 ms at half the target rate.
// Usage: node bench/sync/replication.mjs [--records N] (after npm run build)
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

const dist = new URL('../../dist/', import.meta.url);
const { buildCluster, stopAll } = await import(new URL('test/helpers/cluster.js', dist).href);
const { tempDir } = await import(new URL('test/helpers/tmp.js', dist).href);

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('records', 200_000);
const now = () => performance.now();
const turn = () => new Promise((r) => setImmediate(r));

async function until(check, ms, what) {
  const end = now() + ms;
  while (!check()) {
    if (now() > end) throw new Error(`${what}: not after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  console.log(`bench sync/replication: 1 writer → 3 nodes, ${N.toLocaleString('en-US')} puts; ${cpus().length} × ${cpus()[0]?.model}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const { dir, cleanup } = tempDir();
  const ms = await buildCluster(dir, 4, { seeds: [1], extra: { seed_fallback_interval: 1, log_level: 'warn' } });
  try {
    for (const m of ms) await m.node.start();
    const status = (m) => m.node.status.find('clusterer', 'cap:cachedb-local-repl')?.status;
    await until(() => ms.every((m) => status(m) === 1) && ms.every((m) => ms.every((o) => o === m || m.node.cluster.view(1)?.isReachable(o.id))), 20_000, 'four nodes synced');
    const [writer, ...others] = ms;
    // When each key became visible on each other node.
    const seen = others.map(() => new Map());
    others.forEach((m, i) => {
      const store = m.node.kv;
      const orig = store.applyRemote.bind(store);
      store.applyRemote = (c) => {
        const r = orig(c);
        seen[i].set(c.key, now());
        return r;
      };
    });
    const value = 'v'.repeat(80);

    // 1. Throughput.
    const t0 = now();
    for (let i = 0; i < N; i += 1000) {
      for (let j = i; j < Math.min(N, i + 1000); j++) writer.node.kv.put('default', `t${j}`, value);
      await turn();
    }
    const wroteMs = now() - t0;
    await until(() => seen.every((s) => s.size >= N), 120_000, 'every node has every put');
    const tputMs = now() - t0;
    console.log(`writer done after ${(wroteMs / 1000).toFixed(2)} s; seen by ${seen.map((s) => s.size).join('/')}`);
    const rate = Math.round((N * 1000) / tputMs);
    console.log(`throughput: ${N.toLocaleString('en-US')} puts on 3 other nodes in ${(tputMs / 1000).toFixed(2)} s: ${rate.toLocaleString('en-US')} records/s (target ≥ 100,000: ${rate >= 100_000 ? 'PASS' : 'MISS'})`);

    // 2. Lag at half rate.
    for (const s of seen) s.clear();
    const lagRate = Math.min(50_000, Math.floor(rate / 2));
    const M = Math.min(N, lagRate * 4);
    const putAt = new Map();
    const start = now();
    let i = 0;
    while (i < M) {
      const due = Math.min(M, Math.floor(((now() - start) * lagRate) / 1000) + 1);
      for (; i < due; i++) {
        const k = `l${i}`;
        putAt.set(k, now());
        writer.node.kv.put('default', k, value);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await until(() => seen.every((s) => s.size >= M), 60_000, 'every node has every lag put');
    const lags = [];
    for (const s of seen) for (const [k, t] of s) lags.push(t - putAt.get(k));
    lags.sort((a, b) => a - b);
    const p99 = pct(lags, 99);
    console.log(
      `lag at ${lagRate.toLocaleString('en-US')} puts/s (${M.toLocaleString('en-US')} puts × 3 nodes): p50 ${pct(lags, 50).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${lags[lags.length - 1].toFixed(2)} ms (target p99 ≤ 5 ms: ${p99 <= 5 ? 'PASS' : 'MISS'})`,
    );
    console.log(`replication: ${rate} records/s, lag p99 ${p99.toFixed(2)} ms at ${lagRate}/s`);
  } finally {
    await stopAll(ms);
    cleanup();
  }
}

main().catch((err) => {
  console.error(`bench sync/replication failed: ${err.stack ?? err}`);
  process.exit(1);
});
