#!/usr/bin/env node
// Failure detection on a converged 10-node cluster (node 1 seed, others know only node 1).
//  1. kill -9 of node 10 (default timers): time until every other node lists it
//     not Up with next_hop "none" (the closed TCP connection is the signal).
//  2. SIGSTOP of node 10 (silent failure; ping_interval 1, ping_timeout 200):
//     time until the first and until the last other node lists it not Up and
//     unreachable; compared with ping_interval + (no_ping_retries+1)·ping_timeout
//     = 1000 + 4·200 = 1800 ms (+10% → 1980 ms); spread last − first.
//     The node is resumed (SIGCONT) and killed afterwards. Also from the node
//     logs: when each node formally declares it Down ("node [10] is down").
// Polled with clusterer_list (rate-capped, see lib.mjs pollEach).
// Build first: npx tsc -p tsconfig.json.   Usage: node bench/topology/failure.mjs [--quick]
import {
  converge, declaredDownLine, figure, isMain, median, now, pollEach, printFigures, printLoad, seesDown, sleep, withCluster,
} from './lib.mjs';

const N = 10;
const VICTIM = 10;

/** Polls every node but the victim; per node: first time its own link is not Up, and time it also has next_hop none. */
async function detect(c, deadline) {
  const others = c.ids().filter((i) => i !== VICTIM);
  const linkDown = new Map();
  const down = seesDown(VICTIM);
  const r = await pollEach(
    c,
    others,
    (id, nodes) => {
      const n = nodes.get(VICTIM);
      if (n && n.link !== 'Up' && !linkDown.has(id)) linkDown.set(id, now());
      return down(id, nodes);
    },
    { deadline, intervalMs: 5 },
  );
  return { r, linkDown };
}

async function killOnce() {
  return withCluster(N, { tag: 'kill' }, async (c) => {
    await c.startAll();
    await converge(c);
    await sleep(500 + Math.random() * 1000);
    const t0 = await c.kill(VICTIM);
    const { r } = await detect(c, t0 + 10_000);
    const ts = [...r.values()];
    if (ts.some((t) => t === null)) {
      console.error(`  [kill -9] not detected within 10 s by nodes ${[...r].filter(([, t]) => t === null).map(([i]) => i).join(',')}`);
      return { all: null, first: null };
    }
    return { all: Math.max(...ts) - t0, first: Math.min(...ts) - t0 };
  });
}

async function stopOnce() {
  return withCluster(N, { tag: 'stop', timers: { ping_interval: 1, ping_timeout: 200 } }, async (c) => {
    await c.startAll();
    await converge(c);
    await sleep(1000 + Math.random() * 1000); // random phase w.r.t. the ping cycle
    const t0 = c.signal(VICTIM, 'SIGSTOP');
    try {
      const { r, linkDown } = await detect(c, t0 + 10_000);
      const ts = [...r.values()];
      const ld = [...linkDown.values()];
      if (ts.some((t) => t === null)) {
        console.error(`  [SIGSTOP] not detected within 10 s by nodes ${[...r].filter(([, t]) => t === null).map(([i]) => i).join(',')}`);
        return { first: null, all: null, spread: null, linkFirst: null, linkLast: null, logFirst: null, logLast: null, logSpread: null, log: [] };
      }
      const first = Math.min(...ts) - t0;
      const all = Math.max(...ts) - t0;
      const detail = [...r].sort((a, b) => a[1] - b[1]).map(([id, t]) => `n${id}:${(t - t0).toFixed(0)}`).join(' ');
      console.log(`  [SIGSTOP] per node (ms after stop, down+unreachable): ${detail}`);
      // From the logs: "Ping reply not received, node [10] is down" (retries exhausted), 1 ms
      // timestamps. That declaration can come after the polled detection (a link in "Probe"
      // is already not Up), so wait for it (bounded) while the node is still stopped.
      let dl = [];
      for (let k = 0; k < 40; k++) {
        dl = [...r.keys()].map((i) => declaredDownLine(c, i, VICTIM, t0));
        if (dl.every((t) => t !== null)) break;
        await sleep(100);
      }
      const logOk = dl.every((t) => t !== null);
      return {
        first,
        all,
        spread: all - first,
        logFirst: logOk ? Math.min(...dl) - t0 : null,
        logLast: logOk ? Math.max(...dl) - t0 : null,
        logSpread: logOk ? Math.max(...dl) - Math.min(...dl) : null,
        linkFirst: ld.length ? Math.min(...ld) - t0 : null,
        linkLast: ld.length === r.size ? Math.max(...ld) - t0 : null,
        log: c.grep(/node \[10\]|Node \[10\]/),
      };
    } finally {
      try {
        c.signal(VICTIM, 'SIGCONT');
      } catch {}
      await c.kill(VICTIM);
    }
  });
}

export async function main({ quick = false } = {}) {
  printLoad('failure');
  const reps = quick ? 1 : 5;
  const kills = [];
  for (let i = 0; i < reps; i++) kills.push(await killOnce());
  const stops = [];
  for (let i = 0; i < reps; i++) stops.push(await stopOnce());
  const k = (key) => kills.map((x) => x[key]);
  const s = (key) => stops.map((x) => x[key]);
  const bound = (1000 + (3 + 1) * 200) * 1.1;
  const maxOf = (xs) => (xs.some((x) => x === null) ? null : Math.max(...xs));
  const figs = [
    figure('kill -9 (N=10): first node reports it down', median(k('first')), { runs: k('first') }),
    figure('kill -9 (N=10): all nodes report it down', median(k('all')), { limit: 100, runs: k('all') }),
    figure('SIGSTOP (N=10, pi 1 s, pto 200 ms): first node reports it down', median(s('first')), { limit: bound, runs: s('first') }),
    figure('SIGSTOP: all nodes report it down', median(s('all')), { limit: bound, runs: s('all') }),
    figure('SIGSTOP: all nodes report it down, worst run', maxOf(s('all')), { limit: bound }),
    figure('SIGSTOP: spread last − first detection', median(s('spread')), { limit: 50, runs: s('spread') }),
    figure('SIGSTOP: spread, worst run', maxOf(s('spread')), { limit: 50 }),
    figure('SIGSTOP: first node declares it down (node logs)', median(s('logFirst')), { limit: bound, runs: s('logFirst') }),
    figure('SIGSTOP: last node declares it down (node logs)', median(s('logLast')), { limit: bound, runs: s('logLast') }),
    figure('SIGSTOP: spread of the declarations (node logs)', median(s('logSpread')), { limit: 50, runs: s('logSpread') }),
    figure('SIGSTOP: own link not Up, first node', median(s('linkFirst')), { runs: s('linkFirst') }),
    figure('SIGSTOP: own link not Up, last node', median(s('linkLast')), { runs: s('linkLast') }),
  ];
  printFigures('Failure detection', figs);
  const lastLog = stops.at(-1)?.log ?? [];
  if (process.env.CL_BENCH_VERBOSE === '1' && lastLog.length) console.log(`  log lines about node 10 (last SIGSTOP run):\n    ${lastLog.join('\n    ')}`);
  printLoad('failure done');
  return figs;
}

if (isMain(import.meta.url)) await main({ quick: process.argv.includes('--quick') });
