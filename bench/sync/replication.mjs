#!/usr/bin/env node
// Replication of kv puts from one node to 3 others, on real loopback TCP,
// each node in a process of its own (bench/sync/repl-member.mjs). Two runs:
//  1. throughput: N puts as fast as the writer can make them (in slices of
//     1,000 per event-loop turn); records/s from the first put until every
//     other node has all;
//  2. lag at half that rate (capped at 50,000/s, the issue's half of
//     100,000): a put every 1/rate s in 1 ms slices; for each put and each
//     other node, the time from the put to its arrival there (both read on
//     CLOCK_MONOTONIC, which the processes share); p50/p99/max, per node
//     and until on every node (each put's slowest of the three).
// Targets: ≥ 100,000 records/s; p99 lag ≤ 5 ms at half the target rate.
// Usage: node bench/sync/replication.mjs [--records N] (after npm run build)
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';

const dist = new URL('../../dist/', import.meta.url);
const { allocAddr } = await import(new URL('test/helpers/cluster.js', dist).href);
const { tempDir } = await import(new URL('test/helpers/tmp.js', dist).href);

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('records', 200_000);
/** CPU seconds (user + system) a process has used so far (Linux /proc; 0 elsewhere). */
const cpuSec = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The next message of `type` from each of `kids`, within `ms`. */
function replies(kids, type, ms) {
  return Promise.all(
    kids.map(
      (k) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`node ${k.id}: no "${type}" within ${ms} ms`)), ms);
          const on = (m) => {
            if (m.type !== type) return;
            clearTimeout(timer);
            k.proc.off('message', on);
            resolve(m);
          };
          k.proc.on('message', on);
        }),
    ),
  );
}

async function main() {
  console.log(`bench sync/replication: 1 writer → 3 nodes, one process each, ${N.toLocaleString('en-US')} puts; ${cpus().length} × ${cpus()[0]?.model}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const { dir, cleanup } = tempDir();
  const addrs = [];
  for (let id = 1; id <= 4; id++) addrs.push(await allocAddr(id));
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS; // parsed at every start, not needed here
  const kids = addrs.map((a) => ({
    id: a.id,
    proc: fork(new URL('repl-member.mjs', import.meta.url), [dir, JSON.stringify(a), JSON.stringify(addrs.filter((b) => b.id !== a.id))], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  }));
  try {
    await replies(kids, 'ready', 30_000);
    const [writer, ...others] = kids;

    // 1. Throughput.
    await Promise.all(others.map((k) => k.proc.send({ type: 'expect', prefix: 't', count: N })));
    await replies(others, 'expecting', 5000);
    const done = replies(others, 'done', 120_000);
    writer.proc.send({ type: 'flood', prefix: 't', count: N });
    const [wrote] = await replies([writer], 'wrote', 120_000);
    const arrived = await done;
    const last = Math.max(...arrived.map((d) => d.at));
    const tputMs = last - wrote.start;
    const rate = Math.round((N * 1000) / tputMs);
    console.log(`writer done after ${((wrote.end - wrote.start) / 1000).toFixed(2)} s; all ${N.toLocaleString('en-US')} on every other node after ${(tputMs / 1000).toFixed(2)} s`);
    console.log(`throughput: ${rate.toLocaleString('en-US')} records/s (target ≥ 100,000: ${rate >= 100_000 ? 'PASS' : 'MISS'})`);

    // 2. Lag at half rate.
    const lagRate = Math.min(50_000, Math.floor(rate / 2));
    const M = Math.min(N, lagRate * 4);
    others.forEach((k) => k.proc.send({ type: 'expect', prefix: 'l', count: M }));
    await replies(others, 'expecting', 5000);
    const lagDone = replies(others, 'done', 120_000);
    const cpu0 = kids.map((k) => cpuSec(k.proc.pid));
    const t0 = performance.now();
    writer.proc.send({ type: 'paced', prefix: 'l', count: M, rate: lagRate });
    const [paced] = await replies([writer], 'wrote', 120_000);
    const done2 = await lagDone;
    const wallSec = (performance.now() - t0) / 1000;
    const cpuUse = kids.map((k, i) => `${k.id === 1 ? 'writer' : `node ${k.id}`} ${Math.round((100 * (cpuSec(k.proc.pid) - cpu0[i])) / wallSec)} %`);
    const lags = done2.flatMap((d) => d.lags).sort((a, b) => a - b);
    const p99 = pct(lags, 99);
    // Each put's lag until it is on every other node: the slowest of the three.
    const everywhere = done2[0].lags.map((_, i) => Math.max(...done2.map((d) => d.lags[i]))).sort((a, b) => a - b);
    const p99All = pct(everywhere, 99);
    const eldOf = (id, e) => `${id} p99 ${e.p99.toFixed(1)} / max ${e.max.toFixed(1)} ms`;
    console.log(`event-loop delay during the paced run: ${[eldOf('writer', paced.eld), ...done2.map((d) => eldOf(`node ${d.id}`, d.eld))].join(', ')}`);
    const downs = done2.reduce((n, d) => n + d.linkDowns, 0);
    console.log(downs === 0 ? 'links: none went down during the runs' : `links: ${downs} went down during the runs (the lag includes heal merges)`);
    console.log(`CPU during the paced run (${wallSec.toFixed(2)} s; 200 % = both cores): ${cpuUse.join(', ')}; lag p90 ${pct(lags, 90).toFixed(2)} ms, p95 ${pct(lags, 95).toFixed(2)} ms, p99.9 ${pct(lags, 99.9).toFixed(2)} ms`);
    console.log(
      `lag at ${lagRate.toLocaleString('en-US')} puts/s (${M.toLocaleString('en-US')} puts × 3 nodes): p50 ${pct(lags, 50).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${lags[lags.length - 1].toFixed(2)} ms (target p99 ≤ 5 ms: ${p99 <= 5 ? 'PASS' : 'MISS'})`,
    );
    console.log(
      `lag until on all 3 nodes (each put's slowest): p50 ${pct(everywhere, 50).toFixed(2)} ms, p99 ${p99All.toFixed(2)} ms, max ${everywhere[everywhere.length - 1].toFixed(2)} ms (target p99 ≤ 5 ms: ${p99All <= 5 ? 'PASS' : 'MISS'})`,
    );
    console.log(`replication: ${rate} records/s, lag p99 ${p99.toFixed(2)} ms per node, ${p99All.toFixed(2)} ms on every node, at ${lagRate}/s`);
  } catch (err) {
    const counted = replies(kids, 'counted', 3000).catch(() => []);
    for (const k of kids) if (k.proc.connected) k.proc.send({ type: 'count' });
    for (const c of await counted) console.error(`node ${c.id}: ${c.got ?? 'every one'} of the run's keys; links ${c.links}`);
    throw err;
  } finally {
    for (const k of kids) if (k.proc.connected) k.proc.send({ type: 'stop' });
    await Promise.all(kids.map((k) => (k.proc.exitCode !== null ? null : new Promise((r) => { const t = setTimeout(() => { k.proc.kill('SIGKILL'); r(); }, 5000); k.proc.once('exit', () => { clearTimeout(t); r(); }); }))));
    cleanup();
  }
}

main().catch((err) => {
  console.error(`bench sync/replication failed: ${err.stack ?? err}`);
  process.exit(1);
});
