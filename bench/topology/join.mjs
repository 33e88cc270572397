#!/usr/bin/env node
// Join convergence: nodes 1..N-1 are started (node 1 = seed with no
// neighbours, the others know only node 1) and left to converge (untimed);
// then node N, knowing only node 1, is spawned and we time until every node
// lists every other node Up — from the spawn, and from the moment node N's
// control socket first answers (which excludes process start-up).
// Two measurements of the same instant: polled (clusterer_list on every
// control socket, rate-capped, see lib.mjs pollEach) and from the node logs
// (last "Node [x] is UP" line of each node, 1 ms timestamps, no overhead).
// Build first: npx tsc -p tsconfig.json.   Usage: node bench/topology/join.mjs [--quick]
import {
  converge, figure, isMain, lastUpLine, median, pollEach, printFigures, printLoad, seesAllUp, sleep, waitSocket, withCluster,
} from './lib.mjs';

async function joinOnce(n, timers) {
  return withCluster(n, { timers, tag: `join${n}` }, async (c) => {
    const members = c.ids();
    const first = members.filter((i) => i !== n);
    await c.startAll(first);
    await converge(c, first);
    await sleep(500); // let the join traffic of the first N-1 nodes settle
    const t0 = c.spawn(n);
    const deadline = t0 + 20_000;
    const tSock = await waitSocket(c, n, { deadline, intervalMs: 5 });
    if (tSock === null) throw new Error(`node ${n} never answered on its control socket:\n${c.tail(n)}`);
    const r = await pollEach(c, members, seesAllUp(members), { deadline });
    const late = [...r].filter(([, t]) => t === null).map(([id]) => id);
    const res = { spawn: null, sock: null, start: tSock - t0, logSpawn: null, logSock: null, lat: r.maxLatency };
    if (late.length) {
      console.error(`  [join N=${n}] not converged within 20 s at nodes ${late.join(',')}; node ${n} log:\n${c.tail(n, 15)}`);
      return res;
    }
    const tAll = Math.max(...r.values());
    res.spawn = tAll - t0;
    res.sock = tAll - tSock;
    // From the logs: each node's last transition to Up of a link, after the spawn.
    let tLog = -Infinity;
    let complete = true;
    for (const i of members) {
      for (const j of members) {
        if (j === i || (i !== n && j !== n)) continue; // old links were Up before t0 (flaps after t0 are caught below)
        const t = lastUpLine(c, i, j, t0);
        if (t === null) complete = false;
        else tLog = Math.max(tLog, t);
      }
      for (const j of members) if (j !== i && j !== n && i !== n) tLog = Math.max(tLog, lastUpLine(c, i, j, t0) ?? -Infinity);
    }
    if (complete) {
      res.logSpawn = tLog - t0;
      res.logSock = tLog - tSock;
    }
    return res;
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
          runs.push({ spawn: null, sock: null, start: null, logSpawn: null, logSock: null, lat: null });
          break;
        }
      }
    }
    // The first N-1 nodes never converging twice in a row: the remaining runs would only repeat it.
    if (runs.length === 1 && runs[0].start === null) {
      console.error(`  [join ${label}] skipping the remaining ${reps - 1} run(s)`);
      while (runs.length < reps) runs.push({ spawn: null, sock: null, start: null, logSpawn: null, logSock: null, lat: null });
      break;
    }
  }
  if (failures) console.error(`  [join ${label}] ${failures} failed setup attempt(s)`);
  const pick = (k) => runs.map((r) => r[k]);
  const lim = limit === null ? {} : { limit };
  return [
    figure(`join ${label}: spawn → all Up (polled)`, median(pick('spawn')), { ...lim, runs: pick('spawn') }),
    figure(`join ${label}: socket answers → all Up (polled)`, median(pick('sock')), { ...lim, runs: pick('sock') }),
    figure(`join ${label}: spawn → all Up (node logs)`, median(pick('logSpawn')), { runs: pick('logSpawn') }),
    figure(`join ${label}: socket answers → all Up (node logs)`, median(pick('logSock')), { runs: pick('logSock') }),
    figure(`join ${label}: spawn → socket answers (process start)`, median(pick('start')), { runs: pick('start') }),
    figure(`join ${label}: slowest clusterer_list answer while polling`, median(pick('lat')), { runs: pick('lat') }),
  ];
}

export async function main({ quick = false, only = null } = {}) {
  printLoad('join');
  const r = (k) => (quick ? 1 : k);
  const want = (tag) => !only || only.includes(tag);
  const figs = [];
  if (want('3')) figs.push(...(await series('N=3 (defaults)', 3, {}, r(5), null)));
  if (want('10')) figs.push(...(await series('N=10 (defaults)', 10, {}, r(5), 200)));
  if (want('30')) figs.push(...(await series('N=30 (defaults)', 30, {}, r(3), 1000)));
  if (want('pi')) {
    const p1 = await series('N=10 ping_interval 1', 10, { ping_interval: 1 }, r(5), 200);
    const p4 = await series('N=10 ping_interval 4', 10, { ping_interval: 4 }, r(5), 200);
    figs.push(...p1, ...p4);
    const d = p1[1].value !== null && p4[1].value !== null ? Math.abs(p1[1].value - p4[1].value) : null;
    figs.push(figure('join N=10: |socket→all Up, pi 1 − pi 4| (polled medians)', d, { note: 'independence of ping_interval' }));
  }
  printFigures('Join convergence', figs);
  printLoad('join done');
  return figs;
}

if (isMain(import.meta.url)) {
  const at = process.argv.indexOf('--only');
  await main({ quick: process.argv.includes('--quick'), only: at >= 0 ? process.argv[at + 1].split(',') : null });
}
