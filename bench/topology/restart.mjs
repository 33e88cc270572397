#!/usr/bin/env node
// Restart: on a converged 10-node cluster (node 1 seed with no neighbours,
// the others know only node 1; default timers), kill -9 a node, restart it
// with the same config and time from the spawn (and from "its control socket
// answers") until every other node lists it Up again. Done for node 5
// (configured with node 1 only) and for the seed node 1 (no configured
// neighbours: it finds the cluster again through the peers remembered in its
// state_file), and with two restart delays:
//  - quick:  300 ms after every other node lists it unreachable (not Up,
//            next_hop none) — the others are still probing it (link "Probe",
//            retrying every ping_timeout);
//  - late:   after every other node lists its link "Down" (retries exhausted).
// Build first: npx tsc -p tsconfig.json.   Usage: node bench/topology/restart.mjs [--quick]
import {
  converge, figure, isMain, lastUpLine, median, pollEach, printFigures, printLoad, seesAllUp, seesDown, seesUp, sleep, waitSocket, withCluster,
} from './lib.mjs';

const N = 10;

async function restartOnce(c, victim, late) {
  const members = c.ids();
  const others = members.filter((i) => i !== victim);
  const tk = await c.kill(victim);
  const downPred = late ? (_id, nodes) => nodes.get(victim)?.link === 'Down' : seesDown(victim);
  const d = await pollEach(c, others, downPred, { deadline: tk + 20_000, intervalMs: 10 });
  if ([...d.values()].some((t) => t === null)) throw new Error(`node ${victim} not seen ${late ? 'Down' : 'down'} after kill -9`);
  await sleep(300);
  const t0 = c.spawn(victim);
  const deadline = t0 + 20_000;
  const tSock = await waitSocket(c, victim, { deadline, intervalMs: 5 });
  if (tSock === null) throw new Error(`node ${victim} did not restart:\n${c.tail(victim)}`);
  const [up, self] = await Promise.all([
    pollEach(c, others, seesUp(victim), { deadline, intervalMs: 5 }),
    pollEach(c, [victim], seesAllUp(members), { deadline, intervalMs: 5 }),
  ]);
  const ts = [...up.values()];
  const lat = up.maxLatency;
  const tSelf = self.get(victim);
  let res;
  if (ts.some((t) => t === null)) {
    console.error(`  [restart ${victim}] not Up again within 20 s at nodes ${[...up].filter(([, t]) => t === null).map(([i]) => i).join(',')}\n${c.tail(victim, 15)}`);
    res = { spawn: null, sock: null, start: tSock - t0, self: null, logSpawn: null, logSock: null, lat };
  } else {
    const tAll = Math.max(...ts);
    // From the logs: each other node's last "Node [victim] is UP" after the spawn.
    const lu = others.map((i) => lastUpLine(c, i, victim, t0));
    const tLog = lu.some((t) => t === null) ? null : Math.max(...lu);
    res = {
      spawn: tAll - t0,
      sock: tAll - tSock,
      start: tSock - t0,
      self: tSelf === null ? null : tSelf - t0,
      logSpawn: tLog === null ? null : tLog - t0,
      logSock: tLog === null ? null : tLog - tSock,
      lat,
    };
  }
  await converge(c, members, 30_000); // full mesh again before the next round
  return res;
}

async function series(victim, late, reps) {
  return withCluster(N, { tag: `restart${victim}` }, async (c) => {
    await c.startAll();
    await converge(c);
    await sleep(1500); // let node 1 persist its learned peers (state_file) on a heartbeat tick
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await restartOnce(c, victim, late));
    return runs;
  });
}

export async function main({ quick = false } = {}) {
  printLoad('restart');
  const reps = quick ? 1 : 5;
  const figs = [];
  for (const [victim, late, label] of [
    [5, false, 'node 5, quick'],
    [1, false, 'seed node 1, quick'],
    [5, true, 'node 5, after Down'],
    [1, true, 'seed node 1, after Down'],
  ]) {
    const runs = await series(victim, late, reps);
    const pick = (k) => runs.map((r) => r[k]);
    figs.push(
      figure(`restart ${label}: spawn → all others list it Up (polled)`, median(pick('spawn')), { limit: 200, runs: pick('spawn') }),
      figure(`restart ${label}: socket answers → all others Up (polled)`, median(pick('sock')), { limit: 200, runs: pick('sock') }),
      figure(`restart ${label}: spawn → all others Up (node logs)`, median(pick('logSpawn')), { runs: pick('logSpawn') }),
      figure(`restart ${label}: socket answers → all others Up (node logs)`, median(pick('logSock')), { runs: pick('logSock') }),
      figure(`restart ${label}: spawn → control socket answers`, median(pick('start')), { runs: pick('start') }),
      figure(`restart ${label}: spawn → it lists all others Up`, median(pick('self')), { runs: pick('self') }),
      figure(`restart ${label}: slowest clusterer_list answer while polling`, median(pick('lat')), { runs: pick('lat') }),
    );
  }
  printFigures('Restart (N=10, default timers)', figs);
  printLoad('restart done');
  return figs;
}

if (isMain(import.meta.url)) await main({ quick: process.argv.includes('--quick') });
