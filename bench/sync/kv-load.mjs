#!/usr/bin/env node
// `cl kv put --stdin` loading N pairs into a running node (a real
// `cl node start` process), timed from the command's spawn to its exit:
// the CLI's start, reading stdin, the cl_kv_put_many batches and the node
// storing them. Target: ≥ 100,000 pairs/s for 100,000 pairs.
// Usage: node bench/sync/kv-load.mjs [--pairs N] (after npm run build)
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Cluster, REPO, envNote, mi, now, waitSocket } from '../topology/lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('pairs', 100_000);
const RUNS = 3;

function load(sock, input) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const t0 = now();
    const child = spawn(process.execPath, [join(REPO, 'bin', 'run.js'), 'kv', 'put', '--stdin', '-s', sock], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ ms: now() - t0, out: out.trim() }) : reject(new Error(`exit ${code}: ${out}`))));
    child.stdin.end(input);
  });
}

async function main() {
  console.log(`bench sync/kv-load: cl kv put --stdin, ${N.toLocaleString('en-US')} pairs; ${cpus().length} × ${cpus()[0]?.model}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(envNote());
  const c = new Cluster({ logLevel: 'warn', tag: 'kvload' });
  try {
    await c.define(1, []);
    c.spawn(1);
    if ((await waitSocket(c, 1, { deadline: now() + 20_000 })) === null) throw new Error(`node 1 did not start: ${c.tail(1)}`);
    const rates = [];
    for (let run = 0; run < RUNS; run++) {
      let input = '';
      for (let i = 0; i < N; i++) input += `r${run}-user:${i} session-${i}-${'x'.repeat(40)}\n`;
      const { ms, out } = await load(c.sock(1), input);
      const rate = Math.round((N * 1000) / ms);
      rates.push(rate);
      console.log(`run ${run + 1}: ${N.toLocaleString('en-US')} pairs in ${(ms / 1000).toFixed(3)} s (${rate.toLocaleString('en-US')} pairs/s): ${out}`);
    }
    // Spot checks: the first, a middle and the last pair of each run are there with their values.
    for (let run = 0; run < RUNS; run++) {
      for (const i of [0, Math.floor(N / 2), N - 1]) {
        const got = await mi(c.sock(1), 'cache_fetch', { system: 'local', attr: `r${run}-user:${i}` }, 5000);
        if (got?.value !== `session-${i}-${'x'.repeat(40)}`) throw new Error(`r${run}-user:${i} not stored: ${JSON.stringify(got)}`);
      }
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)];
    console.log(`median ${median.toLocaleString('en-US')} pairs/s (target ≥ 100,000: ${median >= 100_000 ? 'PASS' : 'MISS'}); the node holds every pair`);
    console.log(`kv-load N=${N}: ${median} pairs/s`);
  } finally {
    await c.stop();
  }
}

main().catch((err) => {
  console.error(`bench sync/kv-load failed: ${err.stack ?? err}`);
  process.exit(1);
});
