#!/usr/bin/env node
// Steady state: an idle 30-node cluster (node 1 seed, the others know only
// node 1) with ping_interval 1. After convergence and a settling pause, the
// CPU time of every node process (utime+stime, /proc/PID/stat) is sampled over
// a 10 s window during which the bench does not touch the nodes; RSS is VmRSS
// from /proc/PID/status at the end of the window.
// Build first: npx tsc -p tsconfig.json.   Usage: node bench/topology/steady.mjs [--quick]
import { clockTicks, converge, cpuTicks, figure, isMain, now, printFigures, printLoad, rssMB, sleep, withCluster } from './lib.mjs';

export async function main({ quick = false, n = 30, windowMs = 10_000, settleMs = 5_000 } = {}) {
  printLoad('steady');
  if (quick) windowMs = 3_000;
  const hz = clockTicks();
  const res = await withCluster(n, { tag: 'steady', timers: { ping_interval: 1 } }, async (c) => {
    await c.startAll();
    await converge(c, c.ids(), 120_000);
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
    await converge(c, ids, 10_000); // still a full mesh after the window
    return { cpu, rss, dt };
  });
  const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const figs = [
    figure(`steady N=${n} pi 1: CPU per node, mean (${res.dt.toFixed(1)} s window)`, mean(res.cpu), { unit: '%', limit: 2 }),
    figure(`steady N=${n} pi 1: CPU per node, max`, Math.max(...res.cpu), { unit: '%', limit: 2 }),
    figure(`steady N=${n} pi 1: CPU all nodes together`, res.cpu.reduce((s, x) => s + x, 0), { unit: '%', note: 'of one core' }),
    figure(`steady N=${n} pi 1: RSS per node, mean`, mean(res.rss), { unit: 'MB', limit: 80 }),
    figure(`steady N=${n} pi 1: RSS per node, max`, Math.max(...res.rss), { unit: 'MB', limit: 80 }),
  ];
  printFigures('Steady state', figs);
  console.log(`  CPU ticks resolution: ${(100 / hz / res.dt).toFixed(2)} % per tick (CLK_TCK ${hz})`);
  printLoad('steady done');
  return figs;
}

if (isMain(import.meta.url)) await main({ quick: process.argv.includes('--quick') });
