#!/usr/bin/env node
// Steady state: an idle 30-node cluster (node 1 seed, the others know only
// node 1) with ping_interval 1 (then the same with 10 nodes, for comparison). After convergence and a settling pause, the
// CPU time of every node process (utime+stime, /proc/PID/stat) is sampled over
// a 10 s window during which the bench does not touch the nodes; RSS is VmRSS
// from /proc/PID/status at the end of the window.
// Build first: npx tsc -p tsconfig.json.
// Usage: node bench/topology/steady.mjs [--quick] [--sizes 30,10] [--settle-ms 5000]
import { clockTicks, converge, cpuTicks, figure, isMain, now, printFigures, printLoad, rssMB, sleep, withCluster } from './lib.mjs';

export async function main({ quick = false, sizes = [30, 10], settleMs = 5_000 } = {}) {
  const figs = [];
  for (const n of sizes) figs.push(...(await one({ quick, n, settleMs })));
  printFigures('Steady state', figs);
  return figs;
}

async function one({ quick = false, n = 30, windowMs = 10_000, settleMs = 5_000 } = {}) {
  printLoad(`steady N=${n}`);
  if (quick) windowMs = 3_000;
  const hz = clockTicks();
  const res = await withCluster(n, { tag: 'steady', timers: { ping_interval: 1 } }, async (c) => {
    await c.startAll(undefined, 180_000, 1);
    let converged = true;
    try {
      await converge(c, c.ids(), 120_000);
    } catch (err) {
      converged = false;
      console.error(`  [steady] the ${n}-node cluster did not converge within 120 s; measuring it anyway\n  ${err.message.split('\n').slice(0, 3).join('\n  ')}`);
    }
    await sleep(settleMs);
    const ids = c.ids();
    const pids = ids.map((id) => c.pid(id));
    const a = pids.map(cpuTicks);
    const t0 = now();
    await sleep(windowMs);
    const b = pids.map(cpuTicks);
    const dt = (now() - t0) / 1000;
    const rss = pids.map(rssMB);
    const cpu = a.map((x, i) => ((b[i] - x) / hz / dt) * 100);
    let after = true; // still a full mesh after the window?
    try {
      await converge(c, ids, 10_000);
    } catch {
      after = false;
    }
    return { cpu, rss, dt, converged, after };
  });
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const note = res.converged && res.after ? '' : `cluster NOT converged (${res.converged ? 'lost convergence during the window' : 'never converged'})`;
  const figs = [
    figure(`steady N=${n} pi 1: CPU per node, mean (${res.dt.toFixed(1)} s window)`, mean(res.cpu), { unit: '%', limit: 2, note, miss: !!note }),
    figure(`steady N=${n} pi 1: CPU per node, max`, Math.max(...res.cpu), { unit: '%', limit: 2, note, miss: !!note }),
    figure(`steady N=${n} pi 1: CPU all nodes together`, res.cpu.reduce((s, x) => s + x, 0), { unit: '%', note: ['of one core', note].filter(Boolean).join('; ') }),
    figure(`steady N=${n} pi 1: converged before / after the window`, null, { note: `${res.converged ? 'yes' : 'NO'} / ${res.after ? 'yes' : 'NO'}` }),
    figure(`steady N=${n} pi 1: RSS per node, mean`, mean(res.rss), { unit: 'MB', limit: 80, note, miss: !!note }),
    figure(`steady N=${n} pi 1: RSS per node, max`, Math.max(...res.rss), { unit: 'MB', limit: 80, note, miss: !!note }),
  ];
  console.log(`  [steady N=${n}] CPU ticks resolution: ${(100 / hz / res.dt).toFixed(2)} % per tick (CLK_TCK ${hz}); per node CPU %: ${res.cpu.map((x) => x.toFixed(1)).join(' ')}`);
  printLoad(`steady N=${n} done`);
  return figs;
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--sizes');
  const settle = process.argv.indexOf('--settle-ms');
  await main({
    quick: process.argv.includes('--quick'),
    ...(at >= 0 ? { sizes: process.argv[at + 1].split(',').map(Number) } : {}),
    ...(settle >= 0 ? { settleMs: Number(process.argv[settle + 1]) } : {}),
  });
}
