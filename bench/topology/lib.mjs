// Shared helpers of the topology benchmarks: spawn/stop a cluster of real
// `cl node start` processes on loopback, poll their control sockets directly
// (JSON-RPC over HTTP on the unix socket), timing helpers and reporting.
//
// Every spawned process is tracked by PID and killed (SIGCONT + SIGKILL) on
// Cluster.stop(), on process exit and on SIGINT/SIGTERM; temp dirs are removed
// unless CL_BENCH_KEEP=1 (then their paths are printed, with the node logs).
// CL_BENCH_NODE_ARGS adds flags to the node processes' command line;
// CL_BENCH_STOP_SIGNAL=SIGTERM stops them gracefully at the end (so that
// --cpu-prof writes its profile) instead of SIGKILL.
//
// The node processes run without NODE_EXTRA_CA_CERTS (unless
// CL_BENCH_KEEP_ENV=1): when it is set, Node parses that CA bundle at every
// process start, before any code of ours runs (≈ 50 ms per start on the
// machines of bench/RESULTS.md, where it is set for every process of the
// machine; `node -e 0` takes 87 ms with it, 35 ms without). A cl node needs
// it only for webhooks to HTTPS servers signed by a private CA. The scripts
// print which environment the nodes ran in.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, openSync, closeSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { call, dropKeepAlive, keepAlive } from '../../scripts/lib/mi.mjs';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'run.js');
export const now = () => performance.now();
const KEEP = process.env.CL_BENCH_KEEP === '1';
/** Extra node flags for the node processes (diagnostics, e.g. "--cpu-prof" or "--import ./spy.mjs"). */
const NODE_ARGS = (process.env.CL_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const KEEP_ENV = process.env.CL_BENCH_KEEP_ENV === '1';
const STOP_SIGNAL = process.env.CL_BENCH_STOP_SIGNAL ?? 'SIGKILL';
/** The node processes' environment (see the header). */
const NODE_ENV = (() => {
  const env = { ...process.env };
  if (!KEEP_ENV) delete env.NODE_EXTRA_CA_CERTS;
  return env;
})();
/** One line saying how the node processes' environment differs from ours. */
export function envNote() {
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) return 'node processes: inherited environment (NODE_EXTRA_CA_CERTS not set)';
  return KEEP_ENV
    ? 'node processes: inherited environment, NODE_EXTRA_CA_CERTS kept (CL_BENCH_KEEP_ENV=1): every start pays for parsing it'
    : 'node processes: NODE_EXTRA_CA_CERTS removed from their environment (set CL_BENCH_KEEP_ENV=1 to keep it)';
}

// ---------------------------------------------------------------- cleanup ---

/** PID → ChildProcess of every node process we started and have not reaped. */
const live = new Map();
/** Temp dirs to remove at exit. */
const dirs = new Set();

function killAllSync() {
  for (const [pid] of live) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {}
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  live.clear();
  for (const d of dirs) {
    if (KEEP) console.error(`[bench] kept ${d}`);
    else rmSync(d, { recursive: true, force: true });
  }
  dirs.clear();
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    killAllSync();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

// ------------------------------------------------------------- MI polling ---

/** One JSON-RPC call on a node's control socket (keep-alive); rejects on any error or after `timeoutMs`. */
export const mi = (sock, method, params, timeoutMs = 2000) => call(sock, method, params, { timeoutMs, agent: keepAlive(sock) });

/** clusterer_list of cluster 1 as Map(node_id → {link_state, next_hop}). */
export async function listNodes(sock, timeoutMs) {
  const r = await mi(sock, 'clusterer_list', undefined, timeoutMs);
  const m = new Map();
  const c = (r.Clusters ?? []).find((x) => x.cluster_id === 1);
  for (const n of c?.Nodes ?? []) m.set(n.node_id, { link: n.link_state, hop: n.next_hop });
  return m;
}

/**
 * Polls the nodes of `ids` until `pred(id, nodesMap)` holds for each (sticky:
 * a node is no longer polled once it holds), or until `deadline`
 * (performance.now() ms). Returns Map(id → performance.now() when the holding
 * answer was received, or null on timeout). Errors (socket not there yet,
 * refused, timeout) count as "not yet".
 *
 * Each node has its own loop (a slow node does not delay the others), but the
 * total rate is capped: each clusterer_list costs ≈0.3 ms of CPU in the node
 * and as much in the bench (measured on the reference machine), so polling 10
 * nodes every 5 ms would burn more than a core of a 2-core machine and slow
 * the very thing being measured. A node is asked at most every
 * max(intervalMs, ids.length × perNodeMs) ms: ≈5 ms for one node, ≈25 ms for
 * 10, ≈75 ms for 30 (≈400 requests/s in all). The benches print the event
 * times from the node logs (1 ms, no overhead) next to the polled ones.
 */
export async function pollEach(cluster, ids, pred, { deadline, intervalMs = 5, perNodeMs = 2.5, reqTimeoutMs = 2000 } = {}) {
  const out = new Map();
  out.maxLatency = 0; // slowest clusterer_list answer seen (ms): how busy the nodes were
  const every = Math.max(intervalMs, ids.length * perNodeMs);
  await Promise.all(
    ids.map(async (id, k) => {
      await sleep((k * every) / ids.length); // spread the loops over the period
      const maxIter = Math.ceil(Math.max(0, deadline - now()) / every) + 10;
      for (let i = 0; i < maxIter && now() < deadline; i++) {
        const t0 = now();
        try {
          const nodes = await listNodes(cluster.sock(id), Math.max(20, Math.min(reqTimeoutMs, deadline - now())));
          const t = now();
          out.maxLatency = Math.max(out.maxLatency, t - t0);
          if (pred(id, nodes)) {
            out.set(id, t);
            return;
          }
        } catch {}
        const wait = t0 + every - now();
        if (wait > 0) await sleep(Math.min(wait, Math.max(0, deadline - now())));
      }
      out.set(id, null);
    }),
  );
  return out;
}

/** Time (performance.now) at which the node's control socket first answers, or null at the deadline. */
export async function waitSocket(cluster, id, { deadline, intervalMs = 5 } = {}) {
  const r = await pollEach(cluster, [id], () => true, { deadline, intervalMs });
  return r.get(id);
}

/** Predicate: node `id` lists every other member of `members` with link_state Up. */
export const seesAllUp = (members) => (id, nodes) => members.every((j) => j === id || nodes.get(j)?.link === 'Up');
/** Predicate: node lists `victim` not Up and unreachable (next_hop none). */
export const seesDown = (victim) => (_id, nodes) => {
  const n = nodes.get(victim);
  return n !== undefined && n.link !== 'Up' && n.hop === 'none';
};
/** Predicate: node lists `victim` Up. */
export const seesUp = (victim) => (_id, nodes) => nodes.get(victim)?.link === 'Up';

/** Waits (untimed) until all `members` see each other Up; throws after `timeoutMs`. */
export async function converge(cluster, members = cluster.ids(), timeoutMs = 60_000) {
  const r = await pollEach(cluster, members, seesAllUp(members), { deadline: now() + timeoutMs, intervalMs: 250, perNodeMs: 10 });
  const bad = [...r].filter(([, t]) => t === null).map(([id]) => id);
  if (bad.length) {
    const detail = [];
    for (const id of bad.slice(0, 3)) {
      try {
        const m = await listNodes(cluster.sock(id), 1000);
        detail.push(`node ${id}: ${[...m].map(([k, v]) => `${k}=${v.link}/${v.hop}`).join(' ')}`);
      } catch (err) {
        detail.push(`node ${id}: ${err.message}`);
      }
    }
    throw new Error(`cluster did not converge in ${timeoutMs} ms; not converged: ${bad.join(',')}\n  ${detail.join('\n  ')}\n  logs: ${cluster.dir}`);
  }
}

// ---------------------------------------------------------------- cluster ---

function freePort(host) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Loopback address of node k: 127.0.1.k (k ≤ 254). */
export const hostOf = (id) => {
  if (!(id >= 1 && id <= 254)) throw new Error(`node id ${id} out of range`);
  return `127.0.1.${id}`;
};

/**
 * A set of node processes sharing one temp dir. `timers` holds optional
 * clusterer parameters (ping_interval, ping_timeout, node_timeout, …) written
 * into every node's YAML; unset ones keep their defaults.
 */
export class Cluster {
  constructor({ timers = {}, logLevel = 'info', tag = 'topo' } = {}) {
    this.timers = timers;
    this.logLevel = logLevel;
    this.dir = mkdtempSync(join(tmpdir(), `topobench-${tag}-`));
    dirs.add(this.dir);
    this.specs = new Map();
    this.procs = new Map();
  }

  ids() {
    return [...this.specs.keys()].sort((a, b) => a - b);
  }
  sock(id) {
    return join(this.dir, `n${id}.sock`);
  }
  logFile(id) {
    return join(this.dir, `n${id}.log`);
  }
  url(id) {
    return `bin:${hostOf(id)}:${this.specs.get(id).port}`;
  }

  /** Writes node `id`'s config; `neighbours` = ids it is configured with (must be defined first). */
  async define(id, neighbours = []) {
    const port = await freePort(hostOf(id));
    this.specs.set(id, { port, neighbours });
    const lines = [
      `my_node_id: ${id}`,
      'db_mode: 0',
      'my_node_info:',
      `  - "cluster_id=1, url=bin:${hostOf(id)}:${port}${id === 1 ? ', flags=seed' : ''}"`,
      neighbours.length ? 'neighbor_node_info:' : 'neighbor_node_info: []',
      ...neighbours.map((n) => `  - "cluster_id=1, node_id=${n}, url=${this.url(n)}"`),
      ...Object.entries(this.timers).map(([k, v]) => `${k}: ${v}`),
      `control_socket: ${this.sock(id)}`,
      `state_file: ${join(this.dir, `n${id}.state.json`)}`,
      `log_level: ${this.logLevel}`,
      '',
    ];
    writeFileSync(join(this.dir, `n${id}.yaml`), lines.join('\n'));
  }

  /** Starts node `id`; returns the performance.now() just before spawn. Stderr/stdout are appended to n<id>.log. */
  spawn(id) {
    if (this.procs.has(id)) throw new Error(`node ${id} already running`);
    const fd = openSync(this.logFile(id), 'a');
    const t0 = now();
    let child;
    try {
      child = spawn(process.execPath, [...NODE_ARGS, BIN, 'node', 'start', '-c', join(this.dir, `n${id}.yaml`)], {
        cwd: this.dir,
        env: NODE_ENV,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    const pid = child.pid;
    live.set(pid, child);
    this.procs.set(id, child);
    child.on('exit', (code, sig) => {
      live.delete(pid);
      if (this.procs.get(id) === child) this.procs.delete(id);
      child.exitInfo = { code, sig };
    });
    dropKeepAlive(this.sock(id));
    return t0;
  }

  pid(id) {
    return this.procs.get(id)?.pid;
  }

  /** Sends `sig` to node `id`; returns performance.now() just before. */
  signal(id, sig) {
    const child = this.procs.get(id);
    if (!child) throw new Error(`node ${id} not running`);
    const t = now();
    process.kill(child.pid, sig);
    return t;
  }

  /** SIGKILL node `id` and wait for the process to be reaped (bounded). */
  async kill(id, timeoutMs = 5000) {
    const child = this.procs.get(id);
    if (!child) return now();
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(child.pid, 'SIGCONT');
    } catch {}
    const t = now();
    try {
      process.kill(child.pid, STOP_SIGNAL);
    } catch {}
    await Promise.race([exited, sleep(timeoutMs)]);
    dropKeepAlive(this.sock(id));
    return t;
  }

  /**
   * Starts node 1 (waits for its socket), then the given others in batches of
   * `batch` (each batch waits until its sockets answer), so that the start-up
   * CPU burst of many processes does not starve the running nodes' pings
   * (untimed; a starved ping can park a link in Down for node_timeout).
   */
  async startAll(ids = this.ids(), timeoutMs = 180_000, batch = 1) {
    const deadline = now() + timeoutMs;
    if (ids.includes(1)) {
      this.spawn(1);
      if ((await waitSocket(this, 1, { deadline, intervalMs: 20 })) === null) throw new Error(`node 1 did not start; see ${this.logFile(1)}`);
    }
    const rest = ids.filter((i) => i !== 1);
    for (let k = 0; k < rest.length; k += batch) {
      const group = rest.slice(k, k + batch);
      for (const i of group) this.spawn(i);
      const r = await pollEach(this, group, () => true, { deadline, intervalMs: 20 });
      const bad = [...r].filter(([, t]) => t === null).map(([i]) => i);
      if (bad.length) throw new Error(`nodes ${bad.join(',')} did not start; see ${this.dir}`);
    }
  }

  /** Kills every node of this cluster and removes the temp dir (unless CL_BENCH_KEEP=1). */
  async stop() {
    await Promise.all([...this.procs.keys()].map((id) => this.kill(id)));
    for (const id of this.specs.keys()) dropKeepAlive(this.sock(id));
    if (KEEP) console.error(`[bench] kept ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
    dirs.delete(this.dir);
  }

  /** Last `n` lines of node `id`'s log. */
  tail(id, n = 20) {
    const f = this.logFile(id);
    if (!existsSync(f)) return '';
    return readFileSync(f, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  }

  /** Every log line of every node matching `re`, prefixed with the node id. */
  grep(re) {
    const out = [];
    for (const id of this.ids()) {
      const f = this.logFile(id);
      if (!existsSync(f)) continue;
      for (const l of readFileSync(f, 'utf8').split('\n')) if (re.test(l)) out.push(`n${id}: ${l}`);
    }
    return out;
  }
}

/**
 * Builds the standard star provisioning: node 1 = seed with no neighbours,
 * nodes 2..n know only node 1.
 */
export async function starCluster(n, opts) {
  const c = new Cluster(opts);
  await c.define(1, []);
  for (let i = 2; i <= n; i++) await c.define(i, [1]);
  return c;
}

/** Runs `fn(cluster)` with a star cluster of `n` nodes defined (not started); always stops it. */
export async function withCluster(n, opts, fn) {
  const c = await starCluster(n, opts);
  try {
    return await fn(c);
  } finally {
    await c.stop();
  }
}

// ------------------------------------------------------------ node logs ---

/** performance.now() value → epoch ms (the clock of the nodes' log timestamps); offset sampled now, ±1 ms. */
export const toWall = (perfMs) => perfMs + (Date.now() - performance.now());
/** epoch ms → performance.now() scale. */
export const fromWall = (wallMs) => wallMs - (Date.now() - performance.now());

/**
 * Node `id`'s log lines as { t (performance.now() scale, 1 ms resolution), msg },
 * optionally only those at or after `sincePerf`.
 */
export function logEvents(cluster, id, sincePerf = -Infinity) {
  const f = cluster.logFile(id);
  if (!existsSync(f)) return [];
  const out = [];
  for (const line of readFileSync(f, 'utf8').split('\n')) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) \S+ \[[^\]]*\] (.*)$/.exec(line);
    if (!m) continue;
    const t = fromWall(Date.parse(m[1]));
    if (t >= sincePerf - 1) out.push({ t, msg: m[2] });
  }
  return out;
}

/** Time of the last "Node [peer] is UP" line of node `id` at/after `since` (its final transition to Up), or null. */
export function lastUpLine(cluster, id, peer, since) {
  const ev = logEvents(cluster, id, since).filter((e) => e.msg === `Node [${peer}] is UP`);
  return ev.length ? ev.at(-1).t : null;
}

/** Time of the first line of node `id` at/after `since` saying its direct link to `peer` left Up or failed, or null. */
export function firstLinkLossLine(cluster, id, peer, since) {
  const re = new RegExp(`(Connection to node \\[${peer}\\] lost|Failed to send ping.* to node \\[${peer}\\]|node \\[${peer}\\] is (possibly )?down)`);
  return logEvents(cluster, id, since).find((e) => re.test(e.msg))?.t ?? null;
}

/** Time of the first "node [peer] is down" (retries exhausted) line of node `id` at/after `since`, or null. */
export function declaredDownLine(cluster, id, peer, since) {
  const re = new RegExp(`node \\[${peer}\\] is down`);
  return logEvents(cluster, id, since).find((e) => re.test(e.msg))?.t ?? null;
}

// --------------------------------------------------------------- figures ---

export const median = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const fmt = (v, unit = 'ms', digits = 1) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(digits)} ${unit}`);

/**
 * A reported figure. `limit` = upper bound (value < limit passes); null = informational.
 */
export function figure(name, value, { unit = 'ms', limit = null, target = null, runs = [], note = '', miss = false } = {}) {
  // A run that timed out or failed (null) fails the target whatever the median of the others.
  const failed = runs.filter((r) => r === null || r === undefined).length;
  if (failed) note = [note, `${failed}/${runs.length} runs failed/timed out`].filter(Boolean).join('; ');
  // `miss`: the precondition of the figure did not hold (e.g. the cluster never converged).
  const pass = limit === null ? null : value !== null && value < limit && failed === 0 && !miss;
  return { name, value, unit, limit, target: target ?? (limit === null ? "—" : `< ${+limit.toFixed(1)} ${unit}`), pass, runs, note };
}

export function printFigures(title, figs) {
  console.log(`\n== ${title}`);
  for (const f of figs) {
    const verdict = f.pass === null ? 'info' : f.pass ? 'PASS' : 'MISS';
    const runs = f.runs.length > 1 ? `  runs [${f.runs.map((r) => (r === null ? 'timeout' : r.toFixed(1))).join(', ')}]` : '';
    console.log(`  ${f.name.padEnd(62)} ${fmt(f.value, f.unit).padStart(11)}   target ${f.target.padEnd(12)} ${verdict}${runs}${f.note ? `  (${f.note})` : ''}`);
  }
}

export function machine() {
  let model = 'unknown';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {}
  return { nproc: cpus().length, model, node: process.version, load: loadavg().map((x) => x.toFixed(2)).join(' ') };
}

export function printLoad(label) {
  console.log(`[${label}] load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (nproc ${cpus().length}); ${envNote()}`);
}

let clkTck;
export function clockTicks() {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** utime+stime (clock ticks) of a process, from /proc/PID/stat. */
export function cpuTicks(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' '); // f[0] = state (field 3)
  return Number(f[11]) + Number(f[12]); // fields 14, 15
}

/** VmRSS in MB, from /proc/PID/status. */
export function rssMB(pid) {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

/** True when the module is the script node was started with. */
export const isMain = (metaUrl) => process.argv[1] && resolve(process.argv[1]) === fileURLToPath(metaUrl);
