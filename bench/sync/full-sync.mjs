#!/usr/bin/env node
// Full sync of the key-value store to a new node, on real `cl node start`
// processes over loopback TCP: node 1 (seed) holds N records of ~100 bytes
// (loaded through cl_kv_put_many), node 2 starts and syncs them.
// Prints: load rate, spawn → synced time, first record → synced rate, and
// the RSS of donor and receiver (VmRSS sampled every 20 ms, VmHWM at the end),
// against the targets: ≥ 500,000 records/s, donor RSS growth < data set size.
//
// Usage: node bench/sync/full-sync.mjs [--records N] (after npm run build)
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Cluster, envNote, mi, now, sleep, waitSocket } from '../topology/lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('records', 1_000_000);
const BATCH = 5_000; // a request body stays under the control socket's 1 MiB
const CAP = 'cachedb-local-repl';

const rss = (pid, field = 'VmRSS') => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) * 1024 : 0;
};
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
const capRow = async (sock) => (await mi(sock, 'cl_cap_list', undefined, 5000)).find((r) => r.capability === CAP);

const value = (i) => `v${i}-`.padEnd(80, 'x');
const key = (i) => `key-${String(i).padStart(8, '0')}`;

async function main() {
  console.log(`bench sync/full-sync: ${N.toLocaleString('en-US')} records; ${cpus().length} × ${cpus()[0]?.model}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(envNote());
  const c = new Cluster({ timers: { seed_fallback_interval: 1 }, logLevel: 'notice', tag: 'sync' });
  try {
    await c.define(1, []);
    await c.define(2, [1]);
    c.spawn(1);
    if ((await waitSocket(c, 1, { deadline: now() + 20_000 })) === null) throw new Error(`node 1 did not start: ${c.tail(1)}`);
    const s1 = c.sock(1);
    for (let t = now(); (await capRow(s1))?.status !== 1; ) {
      if (now() - t > 10_000) throw new Error('node 1 did not become synced');
      await sleep(50);
    }
    const t0 = now();
    let bytes = 0;
    for (let i = 0; i < N; i += BATCH) {
      const entries = [];
      for (let j = i; j < Math.min(N, i + BATCH); j++) {
        const e = { key: key(j), value: value(j) };
        bytes += e.key.length + e.value.length + 7; // + the collection name
        entries.push(e);
      }
      await mi(s1, 'cl_kv_put_many', { entries }, 30_000);
    }
    const loadMs = now() - t0;
    const pid1 = c.pid(1);
    await sleep(500);
    const donorBase = rss(pid1);
    console.log(`loaded ${N.toLocaleString('en-US')} records (${mb(bytes)} of keys and values) in ${(loadMs / 1000).toFixed(2)} s (${Math.round((N * 1000) / loadMs).toLocaleString('en-US')} records/s); donor RSS ${mb(donorBase)}`);

    const spawnAt = c.spawn(2);
    let pid2;
    let donorPeak = donorBase;
    let recvPeak = 0;
    let firstAt = 0;
    let doneAt = 0;
    const deadline = spawnAt + 120_000;
    while (now() < deadline) {
      pid2 ??= c.pid(2);
      donorPeak = Math.max(donorPeak, rss(pid1));
      if (pid2) recvPeak = Math.max(recvPeak, rss(pid2));
      let row;
      try {
        row = await capRow(c.sock(2));
      } catch {
        row = undefined; // not listening yet
      }
      if (row && row.received > 0 && firstAt === 0) firstAt = now();
      if (row?.status === 1) {
        doneAt = now();
        const got = row.received;
        const hwm1 = rss(pid1, 'VmHWM');
        const hwm2 = rss(pid2, 'VmHWM');
        const total = doneAt - spawnAt;
        const rate = Math.round((N * 1000) / (doneAt - (firstAt || spawnAt)));
        console.log(`node 2 synced ${got.toLocaleString('en-US')}/${row.expected.toLocaleString('en-US')} records${row.verified ? ' (verified: count and digest)' : ''}`);
        console.log(`spawn → synced ${(total / 1000).toFixed(2)} s; first record → synced ${((doneAt - firstAt) / 1000).toFixed(2)} s: ${rate.toLocaleString('en-US')} records/s (target ≥ 500,000: ${rate >= 500_000 ? 'PASS' : 'MISS'})`);
        const growth = donorPeak - donorBase;
        console.log(`donor RSS ${mb(donorBase)} → peak ${mb(donorPeak)} (+${mb(growth)}, VmHWM ${mb(hwm1)}); data set ${mb(bytes)} (target: growth < data set: ${growth < bytes ? 'PASS' : 'MISS'})`);
        console.log(`receiver RSS peak ${mb(recvPeak)} (VmHWM ${mb(hwm2)})`);
        console.log(`sync N=${N}: ${rate} records/s, ${(total / 1000).toFixed(2)} s spawn→synced, donor +${mb(growth)}, receiver peak ${mb(hwm2)}`);
        if (got !== N) throw new Error(`received ${got} of ${N}`);
        return;
      }
      await sleep(20);
    }
    throw new Error(`node 2 not synced after 120 s: ${c.tail(2)}`);
  } finally {
    await c.stop();
  }
}

main().catch((err) => {
  console.error(`bench sync/full-sync failed: ${err.stack ?? err}`);
  process.exit(1);
});
