// Helpers of the sharing-tag benchmark: a cluster of real `cl node start`
// processes on loopback (one 127.0.0.x per node), polled over their control
// sockets with node:http JSON-RPC. Every process is tracked by PID and killed
// on stop(), on exit and on SIGINT/SIGTERM; the temp dir is removed.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { call, dropKeepAlive, keepAlive } from '../../scripts/lib/mi.mjs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(REPO, 'bin', 'run.js');
export const now = () => performance.now();

const live = new Map(); // pid → ChildProcess
const dirs = new Set();
function cleanupSync() {
  for (const pid of live.keys()) try { process.kill(pid, 'SIGKILL'); } catch {}
  live.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanupSync(); process.exit(130); });

/** One JSON-RPC call on a control socket (keep-alive); rejects on error or after `timeoutMs`. */
export const mi = (sock, method, params, timeoutMs = 2000) => call(sock, method, params, { timeoutMs, agent: keepAlive(sock) });

function freePort(host) {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen({ host, port: 0 }, () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Polls until `check()` is truthy (errors count as "not yet"); returns the time it held, or throws after `timeoutMs`. */
export async function until(check, timeoutMs, what, intervalMs = 0) {
  const deadline = now() + timeoutMs;
  for (;;) {
    try { if (await check()) return now(); } catch {}
    if (now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await (intervalMs > 0 ? sleep(intervalMs) : new Promise((r) => setImmediate(r)));
  }
}

export class Cluster {
  /** `extra(id)`: more config keys per node. Timers: ping_interval 1 s, ping_timeout 200 ms, node_timeout 2 s. */
  static async create(n, extra = () => ({})) {
    const dir = mkdtempSync(join(tmpdir(), 'cl-bench-shtag-'));
    dirs.add(dir);
    const base = 100 + (process.pid % 100);
    const addrs = [];
    for (let id = 1; id <= n; id++) {
      const host = `127.0.${base}.${id}`;
      addrs.push({ id, host, url: `bin:${host}:${await freePort(host)}` });
    }
    const c = new Cluster(dir, addrs);
    for (const a of addrs) {
      writeFileSync(c.cfg(a.id), JSON.stringify({
        my_node_id: a.id, db_mode: 0, my_node_info: `cluster_id=1, url=${a.url}`,
        neighbor_node_info: addrs.filter((b) => b.id !== a.id).map((b) => `cluster_id=1, node_id=${b.id}, url=${b.url}`),
        control_socket: c.sock(a.id), state_file: join(dir, `n${a.id}.peers.json`), log_level: 'warn',
        ping_interval: 1, ping_timeout: 200, node_timeout: 2, ...extra(a.id),
      }));
    }
    await Promise.all(addrs.map((a) => c.start(a.id)));
    await c.converged();
    return c;
  }

  constructor(dir, addrs) {
    this.dir = dir;
    this.addrs = addrs;
    this.procs = new Map();
  }

  ids() { return this.addrs.map((a) => a.id); }
  sock(id) { return join(this.dir, `n${id}.sock`); }
  cfg(id) { return join(this.dir, `n${id}.yaml`); }

  /** Starts node `id` and waits until its control socket answers. */
  async start(id) {
    const out = openSync(join(this.dir, `n${id}.log`), 'a');
    const child = spawn(process.execPath, [BIN, 'node', 'start', '-c', this.cfg(id)], { stdio: ['ignore', out, out] });
    closeSync(out);
    live.set(child.pid, child);
    child.on('exit', () => live.delete(child.pid));
    this.procs.set(id, child);
    try {
      await until(() => mi(this.sock(id), 'uptime', undefined, 500), 30_000, `node ${id} answering`, 20);
    } catch (err) {
      throw new Error(`${err.message}\n${readFileSync(join(this.dir, `n${id}.log`), 'utf8').slice(-2000)}`);
    }
  }

  /** kill -9; resolves once the process is gone. */
  async kill(id) {
    const child = this.procs.get(id);
    this.procs.delete(id);
    dropKeepAlive(this.sock(id));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** Every live node lists every other live node Up with a direct next hop. */
  async converged(timeoutMs = 60_000) {
    const ids = [...this.procs.keys()];
    await until(async () => {
      for (const id of ids) {
        const r = await mi(this.sock(id), 'clusterer_list', undefined, 1000);
        const nodes = r.Clusters.find((c) => c.cluster_id === 1)?.Nodes ?? [];
        const up = nodes.filter((x) => ids.includes(x.node_id) && x.link_state === 'Up' && x.next_hop === String(x.node_id));
        if (up.length !== ids.length - 1) return false;
      }
      return true;
    }, timeoutMs, `nodes ${ids.join(',')} converged`, 20);
  }

  /** Each live node's own state of `tag` (`name/cluster`): Map(id → 'active'|'backup'|undefined). */
  async states(name = 'vip') {
    const ids = [...this.procs.keys()];
    const lists = await Promise.all(ids.map((id) => mi(this.sock(id), 'clusterer_list_shtags', undefined, 1000)));
    return new Map(ids.map((id, i) => [id, lists[i].find((t) => t.Tag === name && t.Cluster === 1)?.State]));
  }

  async stop() {
    await Promise.all([...this.procs.keys()].map((id) => this.kill(id)));
    rmSync(this.dir, { recursive: true, force: true });
    dirs.delete(this.dir);
  }
}

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, min: s[0], median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}
