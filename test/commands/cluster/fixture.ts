import { join } from 'node:path';
import { ControlClient } from '../../../src/client/control-client.js';
import { runCl, startNodeProcess, type CliResult, type NodeProcess } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { freePort, loopbackHost } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/tmp.js';
import { TIMING_PRESETS } from '../../../src/engine/config/presets.js';

/** A real cluster of `cl node start` processes, shared by the tests of one file. */
export interface TestCluster {
  dir: string;
  /** `nodes[k - 1]` is node k. */
  nodes: NodeProcess[];
  /** Control socket of node k at `[k - 1]`. */
  sockets: string[];
  /** BIN URL of node k at `[k - 1]`. */
  urls: string[];
  /** mi_http URL of node 1, when asked for. */
  miUrl: string | undefined;
  /** `cl ARGS -s <socket of node k>`. */
  cl(k: number, ...args: string[]): Promise<CliResult>;
  /** Node k's clusterer_list, straight from its control socket (to check state, not the CLI). */
  list(k: number): Promise<ListReply>;
  /** Stops every node still running and removes the temp dir. */
  stop(): Promise<void>;
}

/** Fast timers so links come up (and go down) within a second or two. */
/** Heartbeat timings of the tests. */
const FAST = TIMING_PRESETS.test;

/**
 * Starts `size` nodes of cluster 1 in db_mode 0, each on its own 127.0.0.x
 * and free port; node k > 1 knows only node 1. Resolves once every node
 * lists every other node as Up.
 */
export async function startCluster(opts: { size?: number; miHttp?: boolean } = {}): Promise<TestCluster> {
  const size = opts.size ?? 3;
  const { dir, cleanup } = tempDir('cl-cluster-');
  const nodes: NodeProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()));
    cleanup();
  };
  try {
    const hosts = Array.from({ length: size }, () => loopbackHost());
    const urls = await Promise.all(hosts.map(async (h) => `bin:${h}:${await freePort(h)}`));
    const sockets = hosts.map((_, i) => join(dir, `n${i + 1}.sock`));
    const miPort = opts.miHttp ? await freePort() : undefined;
    const config = (k: number): Record<string, unknown> => ({
      my_node_id: k,
      db_mode: 0,
      my_node_info: `cluster_id=1, url=${urls[k - 1]}`,
      ...(k > 1 ? { neighbor_node_info: `cluster_id=1, node_id=1, url=${urls[0]}` } : {}),
      ...FAST,
      state_file: join(dir, `n${k}.peers.json`),
      control_socket: sockets[k - 1],
      ...(k === 1 && miPort !== undefined ? { mi_http: `127.0.0.1:${miPort}` } : {}),
      log_level: 'warn',
    });
    // One at a time: starting several at once on a busy machine can outlast startNodeProcess's own bound.
    for (let k = 1; k <= size; k++) nodes.push(await startNodeProcess(dir, `n${k}`, config(k)));
    const cl = (k: number, ...args: string[]): Promise<CliResult> => runCl([...args, '-s', sockets[k - 1]!]);
    const list = (k: number): Promise<ListReply> => listOn(sockets[k - 1]!);
    // Polled in-process: a `cl` child per poll would cost more CPU than the nodes themselves.
    const allUp = async (k: number): Promise<boolean> => {
      const others = (await list(k)).Clusters[0]?.Nodes ?? [];
      return others.length === size - 1 && others.every((n) => n.link_state === 'Up');
    };
    await Promise.all(sockets.map((_, i) => eventually(() => allUp(i + 1), { timeoutMs: 20_000, intervalMs: 50, what: `node ${i + 1} sees every node Up` })));
    return { dir, nodes, sockets, urls, miUrl: miPort !== undefined ? `http://127.0.0.1:${miPort}/mi` : undefined, cl, list, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface ListReply {
  Clusters: { cluster_id: number; Nodes: { node_id: number; link_state: string; state: string }[] }[];
}

async function listOn(socketPath: string): Promise<ListReply> {
  const client = new ControlClient({ socketPath, timeoutMs: 2000 });
  try {
    return (await client.call('clusterer_list')) as ListReply;
  } finally {
    await client.close();
  }
}

/** Re-runs `run` until its result satisfies `ok`; resolves with that result. */
export async function until(run: () => Promise<CliResult>, ok: (r: CliResult) => boolean, what: string, timeoutMs = 10_000): Promise<CliResult> {
  let last: CliResult | undefined;
  await eventually(
    async () => {
      last = await run();
      return ok(last);
    },
    { timeoutMs, intervalMs: 100, what },
  );
  return last!;
}
