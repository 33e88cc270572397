#!/usr/bin/env node
// A bounded chaos run against real node processes (docs/chaos.md): 5 nodes
// of the built `cl node start` with the key-value store and two sharing
// tags under on_down: takeover; a seeded driver kills (SIGKILL) and
// restarts, pauses (SIGSTOP/SIGCONT) nodes and cuts links (iptables on
// loopback, when root and iptables exist) while writers store keys with
// confirmation (cl_kv_put replicated 2). At the end, with every fault
// healed and the cluster settled, every node must hold the same topology
// and keys, every acknowledged write, and one active node per tag.
//
// Usage (after npm run build): npm run chaos   (CHAOS_SECONDS, default 60; CHAOS_SEED)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinkCutter, linkCutProblem } from './chaos/links.mjs';
import { ChaosNode, freePort, poll } from './chaos/nodes.mjs';
import { rng } from './chaos/rng.mjs';
import { verdict } from './chaos/verdict.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 60);
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const N = 5;
/** Nodes down, paused or not synced again after a restart, at most at once. */
const MAX_IMPAIRED = 2;
/** Links cut at once, at most. */
const MAX_CUTS = 2;
/** Other nodes that must confirm a write before it counts as acknowledged. */
const REPLICAS = 2;
const TAGS = ['vip1/1', 'vip2/1'];
const SETTLE_MS = 90_000;

if (!Number.isFinite(SECONDS) || SECONDS <= 0 || SECONDS > 3600) fail(`CHAOS_SECONDS must be a number of seconds from 1 to 3600, not ${process.env.CHAOS_SECONDS}`);
if (!Number.isInteger(SEED) || SEED < 0) fail(`CHAOS_SEED must be a non-negative integer, not ${process.env.CHAOS_SEED}`);
const clBin = join(root, 'bin', 'run.js');
if (!existsSync(join(root, 'dist', 'cl-node.cjs'))) fail('dist/cl-node.cjs is missing: run npm run build first');

function fail(message) {
  console.error(`chaos: ${message}`);
  process.exit(2);
}

const t0 = Date.now();
const at = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s`;
const say = (line) => console.log(line);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(join(tmpdir(), 'cl-chaos-'));
const comment = `cl-chaos-${process.pid}-${SEED}`;
const cutProblem = linkCutProblem();
const cutter = cutProblem ? null : new LinkCutter(comment);
/** @type {ChaosNode[]} */
let nodes = [];
let cleaned = false;

function cleanupNow() {
  if (cleaned) return;
  cleaned = true;
  cutter?.healAll();
  for (const n of nodes) n.killNow();
  rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanupNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`chaos: ${sig}: links healed, nodes stopped; replay with CHAOS_SEED=${SEED}`);
    cleanupNow();
    process.exit(130);
  });
}

async function build() {
  const base = 20 + (process.pid % 200);
  const addrs = [];
  for (let id = 1; id <= N; id++) {
    const host = `127.0.0.${base + id}`;
    addrs.push({ id, host, port: await freePort(host) });
  }
  const url = (a) => `bin:${a.host}:${a.port}`;
  nodes = addrs.map(
    (a) =>
      new ChaosNode({
        ...a,
        dir,
        clBin,
        config: {
          my_node_id: a.id,
          db_mode: 0,
          my_node_info: `cluster_id=1, url=${url(a)}${a.id === 1 ? ', flags=seed' : ''}`,
          neighbor_node_info: addrs.filter((b) => b.id !== a.id).map((b) => `cluster_id=1, node_id=${b.id}, url=${url(b)}`),
          timing_preset: 'test',
          sync_timeout: 5,
          log_level: 'warn',
          state_file: join(dir, `node${a.id}.peers.json`),
          // Node 1 starts holding vip1, node 2 vip2; the others are backups.
          sharing_tag: TAGS.map((t, i) => `${t}=${a.id === i + 1 ? 'active' : 'backup'}`),
          sharing_tag_policy: TAGS.map((t) => `${t}: on_down=takeover, on_conflict=lowest_id`),
        },
      }),
  );
}

/** Waits until a started node answers and its kv is synced; marks it up. */
async function becomeSynced(n, timeoutMs) {
  const ok = await poll(() => n.state === 'starting' && n.kvSynced(), timeoutMs, 100);
  if (ok && n.state === 'starting') n.state = 'up';
  return ok;
}

// ---- the view of each node, and the verdict -----------------------------------

function edgesOf(topology) {
  const out = new Set();
  const walk = (x) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === 'object') {
      if (typeof x.node_id === 'number' && Array.isArray(x.Neighbours)) for (const m of x.Neighbours) out.add(x.node_id < m ? `${x.node_id}-${m}` : `${m}-${x.node_id}`);
      Object.values(x).forEach(walk);
    }
  };
  walk(topology);
  return [...out];
}

async function viewOf(n) {
  const topology = edgesOf(await n.call('clusterer_list_topology', [], 3000));
  const rows = await n.call('cl_kv_list', { limit: 100000 }, 5000);
  const keys = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const tags = Object.fromEntries((await n.call('cl_shtag_list', [], 3000)).map((r) => [`${r.Tag}/${r.Cluster}`, r.State]));
  return { node: n.id, topology, keys, tags };
}

// ---- the run --------------------------------------------------------------------

const R = rng(SEED);
const W = rng(SEED ^ 0x5bd1e995);
const acknowledged = [];
const stats = { attempted: 0, refused: 0, races: 0 };
let faults = 0;
const timers = new Set();
/** Runs `fn` after `ms` (tracked, so that the end of the run can wait for none of them). */
function later(ms, fn) {
  const t = setTimeout(() => {
    timers.delete(t);
    void fn();
  }, ms);
  timers.add(t);
}

const up = () => nodes.filter((n) => n.state === 'up');
const impaired = () => nodes.filter((n) => n.state !== 'up').length;

function fault(line) {
  faults++;
  say(`${at()} fault ${String(faults).padStart(3)}: ${line}`);
}

async function killAndRestart(n) {
  const downMs = R.int(300, 3000);
  fault(`SIGKILL node ${n.id} (pid ${n.pid}), restart in ${(downMs / 1000).toFixed(1)}s`);
  await n.kill();
  later(downMs, async () => {
    n.start();
    const t = Date.now();
    if (await becomeSynced(n, 60_000)) say(`${at()}   node ${n.id} restarted (pid ${n.pid}), kv synced after ${((Date.now() - t) / 1000).toFixed(1)}s`);
    else say(`${at()}   node ${n.id} restarted (pid ${n.pid}) but kv not synced within 60s`);
  });
}

function pause(n) {
  const ms = R.chance(0.5) ? R.int(50, 180) : R.int(400, 4000);
  fault(`SIGSTOP node ${n.id} for ${(ms / 1000).toFixed(2)}s (ping_timeout 0.2s)`);
  n.pause();
  later(ms, () => {
    if (n.state !== 'paused') return;
    n.resume();
    say(`${at()}   node ${n.id} resumed (SIGCONT)`);
  });
}

function cut(a, b) {
  const ms = R.int(500, 5000);
  fault(`cut link ${a.id}-${b.id} (${a.host} <-> ${b.host}) for ${(ms / 1000).toFixed(1)}s`);
  cutter.cut(a.host, b.host);
  later(ms, () => {
    if (!cutter.rules.has(`${a.host}|${b.host}`)) return;
    cutter.heal(a.host, b.host);
    say(`${at()}   link ${a.id}-${b.id} healed`);
  });
}

async function driver(deadline) {
  for (let step = 0; step < 100_000 && Date.now() < deadline; step++) {
    await sleep(R.int(300, 1500));
    if (Date.now() >= deadline) break;
    const choice = R.next();
    const healthy = up();
    if (choice < 0.3) {
      if (impaired() < MAX_IMPAIRED && healthy.length > 0) await killAndRestart(R.pick(healthy));
    } else if (choice < 0.6) {
      if (impaired() < MAX_IMPAIRED && healthy.length > 0) pause(R.pick(healthy));
    } else if (cutter && cutter.rules.size < MAX_CUTS) {
      const a = R.pick(nodes);
      const others = nodes.filter((b) => b !== a && !cutter.rules.has(`${a.host}|${b.host}`) && !cutter.rules.has(`${b.host}|${a.host}`));
      if (others.length > 0) cut(a, R.pick(others));
    }
  }
}

async function writer(name, deadline) {
  for (let i = 0; i < 1_000_000 && Date.now() < deadline; i++) {
    const healthy = up();
    if (healthy.length === 0) {
      await sleep(50);
      continue;
    }
    if (i % 10 === 9 && healthy.length >= 2) {
      // Two writes of one key on two nodes at once: they must end the same everywhere (not acknowledged writes).
      const a = W.pick(healthy);
      const b = W.pick(healthy.filter((x) => x !== a));
      const key = `race${W.int(0, 9)}`;
      stats.races++;
      await Promise.allSettled([a, b].map((n) => n.call('cache_store', ['local', key, `${name}${i}@${n.id}`], 2000)));
      continue;
    }
    const n = W.pick(healthy);
    const key = `${name}-${i}`;
    const value = `v${i}@${n.id}`;
    stats.attempted++;
    try {
      const r = await n.call('cl_kv_put', { key, value, replicated: REPLICAS, timeout: 1500 }, 4000);
      if (Array.isArray(r.confirmed) && r.confirmed.length >= REPLICAS) acknowledged.push({ key, value });
      else stats.refused++;
    } catch {
      stats.refused++;
    }
  }
}

async function healEverything() {
  for (const t of timers) clearTimeout(t);
  timers.clear();
  if (cutter && cutter.rules.size > 0) {
    cutter.healAll();
    say(`${at()}   every link healed`);
  }
  for (const n of nodes) {
    if (n.state === 'paused') {
      n.resume();
      say(`${at()}   node ${n.id} resumed (SIGCONT)`);
    } else if (n.state === 'down') {
      n.start();
      say(`${at()}   node ${n.id} started again (pid ${n.pid})`);
    }
  }
  const synced = await Promise.all(nodes.map((n) => (n.state === 'starting' ? becomeSynced(n, 60_000) : true)));
  return synced.every(Boolean);
}

async function main() {
  say(`chaos: seed ${SEED}, ${SECONDS}s, ${N} nodes, at most ${MAX_IMPAIRED} down or paused at once, writes confirmed by ${REPLICAS} other nodes`);
  say(cutter ? `chaos: link cuts with iptables (rule comment ${comment})` : `chaos: link cuts skipped: ${cutProblem}`);
  await build();
  for (const n of nodes) n.start();
  const started = await Promise.all(nodes.map((n) => becomeSynced(n, 30_000)));
  if (!started.every(Boolean)) return finish(null, `the nodes did not start and sync within 30s (${nodes.filter((_, i) => !started[i]).map((n) => `node ${n.id}: ${n.output.trim().split('\n').slice(-3).join(' | ')}`).join('; ')})`);
  const ready = await poll(async () => (await Promise.all(nodes.map(viewOf))).every((v) => v.topology.length === (N * (N - 1)) / 2), 30_000, 200);
  if (!ready) return finish(null, 'the cluster did not converge within 30s at start');
  say(`${at()} cluster up: ${nodes.map((n) => `node ${n.id} ${n.host}:${n.port} pid ${n.pid}`).join(', ')}`);
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all([driver(deadline), writer('a', deadline), writer('b', deadline)]);
  say(`${at()} faults over: healing everything`);
  if (!(await healEverything())) say(`${at()}   not every node synced its kv within 60s`);
  // Settle: compare the views until they agree, bounded.
  let last = null;
  const settled = await poll(async () => {
    const views = await Promise.all(nodes.map(viewOf));
    last = verdict({ views, acknowledged, faults, tagNames: TAGS });
    return last.ok;
  }, SETTLE_MS, 500);
  if (!settled) await describeLinks();
  return finish(last, settled ? null : `not settled within ${SETTLE_MS / 1000}s`);
}

/** One line per node: the link state and next hop of each other node, as it sees them (for a failure report). */
async function describeLinks() {
  for (const n of nodes) {
    try {
      const list = await n.call('clusterer_list', [], 3000);
      const rows = [];
      const walk = (x) => {
        if (Array.isArray(x)) return x.forEach(walk);
        if (x && typeof x === 'object') {
          if (typeof x.node_id === 'number' && typeof x.link_state === 'string') rows.push(`${x.node_id}=${x.link_state}/${x.next_hop}`);
          else Object.values(x).forEach(walk);
        }
      };
      walk(list);
      say(`chaos: node ${n.id} links: ${rows.join(' ')}`);
    } catch (err) {
      say(`chaos: node ${n.id} links: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

async function finish(v, why) {
  say(`${at()} writes: ${stats.attempted} confirmed writes tried, ${acknowledged.length} acknowledged, ${stats.refused} not acknowledged; ${stats.races} racing pairs`);
  if (v) for (const p of v.problems) say(`chaos: ${p}`);
  if (why) say(`chaos: ${why}`);
  await Promise.allSettled(nodes.map((n) => n.stop(5000)));
  cleanupNow();
  const ok = v?.ok === true && !why;
  if (!ok) say(`chaos: FAILED; replay with CHAOS_SEED=${SEED} CHAOS_SECONDS=${SECONDS} npm run chaos`);
  say(v ? v.line : `chaos: ${faults} faults, ${acknowledged.length} writes acknowledged, not compared, FAILED`);
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(`chaos: ${err instanceof Error ? err.stack : String(err)}`);
  say(`chaos: FAILED; replay with CHAOS_SEED=${SEED} CHAOS_SECONDS=${SECONDS} npm run chaos`);
  cleanupNow();
  process.exit(1);
});
