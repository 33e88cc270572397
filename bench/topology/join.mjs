#!/usr/bin/env node
// Join convergence: nodes 1..N-1 are started (node 1 = seed with no
// neighbours, the others know only node 1) and left to converge (untimed);
// then node N, knowing only node 1, is spawned and we time until every node
// lists every other node Up — from the spawn, and from the moment node N's
// control socket first answers (which excludes process start-up).
// Build first: npx tsc -p tsconfig.json.   Usage: node bench/topology/join.mjs [--quick]
import {
  converge, figure, isMain, median, now, pollEach, printFigures, printLoad, seesAllUp, sleep, waitSocket, withCluster,
} from './lib.mjs';

async function joinOnce(n, timers) {
  return withCluster(n, { timers, tag: `join${n}` }, async (c) => {
    const members = c.ids();
    const first = members.filter((i) => i !== n);
    await c.startAll(first);
    await converge(c, first);
    await sleep(300); // let the join traffic of the first N-1 nodes settle
    const t0 = c.spawn(n);
    const deadline = t0 + 20_000;
    const tSock = await waitSocket(c, n, { deadline, intervalMs: 5 });
    if (tSock === null) throw new Error(`node ${n} never answered on its control socket:\n${c.tail(n)}`);
    const r = await pollEach(c, members, seesAllUp(members), { deadline, intervalMs: 5 });
    const late = [...r].filter(([, t]) => t === null).map(([id]) => id);
    if (late.length) {
      console.error(`  [join N=${n}] not converged within 20 s at nodes ${late.join(',')}; node ${n} log:\n${c.tail(n, 15)}`);
      return { spawn: null, sock: null, start: tSock - t0 };
    }
    const tAll = Math.max(...r.values());
    return { spawn: tAll - t0, sock: tAll - tSock, start: tSock - t0 };
  });
}

async function series(label, n, timers, reps, limit) {
  const runs = [];
  let failures = 0;
  for (let i = 0; i < reps; i++) {
    // A setup failure (the first N-1 nodes not converging) is retried once with a fresh cluster.
    for (let attempt = 0; ; attempt++) {
      try {
        runs.push(await joinOnce(n, timers));
        break;
      } catch (err) {
        failures++;
        console.error(`  [join ${label}] run ${i + 1} attempt ${attempt + 1} failed: ${err.message}`);
        if (attempt >= 1) {
          runs.push({ spawn: null, sock: null, start: null });
          break;
        }
      }
    }
  }
  if (failures) console.error(`  [join ${label}] ${failures} failed setup attempt(s)`);
  const pick = (k) => runs.map((r) => r[k]);
  const lim = limit === null ? {} : { limit };
  return [
    figure(`join ${label}: spawn → all Up`, median(pick('spawn')), { ...lim, runs: pick('spawn') }),
    figure(`join ${label}: control socket answers → all Up`, median(pick('sock')), { ...lim, runs: pick('sock') }),
    figure(`join ${label}: spawn → control socket answers (process start)`, median(pick('start')), { runs: pick('start') }),
  ];
}

export async function main({ quick = false } = {}) {
  printLoad('join');
  const r = (k) => (quick ? 1 : k);
  const figs = [];
  figs.push(...(await series('N=3 (defaults)', 3, {}, r(5), null)));
  figs.push(...(await series('N=10 (defaults)', 10, {}, r(5), 200)));
  figs.push(...(await series('N=30 (defaults)', 30, {}, r(3), 1000)));
  const p1 = await series('N=10 ping_interval 1', 10, { ping_interval: 1 }, r(5), 200);
  const p4 = await series('N=10 ping_interval 4', 10, { ping_interval: 4 }, r(5), 200);
  figs.push(...p1, ...p4);
  const d = p1[1].value !== null && p4[1].value !== null ? Math.abs(p1[1].value - p4[1].value) : null;
  figs.push(figure('join N=10: |socket→all Up (pi 1) − (pi 4)|', d, { note: 'independence of ping_interval' }));
  printFigures('Join convergence', figs);
  printLoad('join done');
  return figs;
}

if (isMain(import.meta.url)) await main({ quick: process.argv.includes('--quick') });
