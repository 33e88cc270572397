// Shared helpers of the messaging benchmarks: in-process nodes on loopback
// (each on its own 127.0.0.x), built from dist/ (run `npm run build` first).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const engine = await import(join(REPO, 'dist/src/engine/index.js'));
export const now = () => performance.now();

// 127.77.<pid>.x: away from the 127.0.0.x hosts the test suites use, so that
// nodes of other runs on this machine never mistake ours for theirs.
const subnet = `127.77.${process.pid % 250}`;
let nextHost = 10;
export function loopbackHost() {
  nextHost = nextHost >= 250 ? 10 : nextHost + 1;
  return `${subnet}.${nextHost}`;
}

export function freePort(host) {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen({ host, port: 0 }, () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Builds and starts `n` fully meshed nodes (ids 1..n) of cluster 1; resolves once all see each other Up. */
export async function startCluster(n, extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-msg-'));
  const addrs = [];
  for (let id = 1; id <= n; id++) {
    const host = loopbackHost();
    addrs.push({ id, host, url: `bin:${host}:${await freePort(host)}` });
  }
  const nodes = addrs.map((a) => {
    const { config } = engine.parseConfig({
      my_node_id: a.id,
      db_mode: 0,
      my_node_info: `cluster_id=1, url=${a.url}`,
      neighbor_node_info: addrs.filter((b) => b.id !== a.id).map((b) => `cluster_id=1, node_id=${b.id}, url=${b.url}`),
      control_socket: join(dir, `n${a.id}.sock`),
      state_file: join(dir, `n${a.id}.peers.json`),
      log_level: 'error',
      // Relaxed timers: a loaded machine must not flap links in the middle of a measurement.
      ping_interval: 2,
      ping_timeout: 2000,
      node_timeout: 4,
      ...extra,
    });
    return new engine.ClusterNode({ config, log: engine.createLogger('error') });
  });
  await Promise.all(nodes.map((x) => x.start()));
  const deadline = Date.now() + 60_000;
  while (!nodes.every((x) => x.api.getNodes(1).every((s) => s.linkState === 'Up' && s.nextHop === s.nodeId) && x.api.getNodes(1).length === n - 1)) {
    if (Date.now() > deadline) {
      const view = nodes.map((x, i) => `${i + 1}:{${x.api.getNodes(1).map((s) => `${s.nodeId}=${s.linkState}/${s.nextHop ?? '-'}`).join(' ')}}`);
      await Promise.allSettled(nodes.map((x) => x.stop()));
      throw new Error(`cluster did not converge within 60 s: ${view.join(' ')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    nodes,
    addrs,
    async stop() {
      await Promise.allSettled(nodes.map((x) => x.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function machine() {
  const c = cpus();
  return `${c.length} vCPU ${c[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}`;
}

export const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
