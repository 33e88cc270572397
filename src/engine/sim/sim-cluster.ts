import { parseConfig, type NodeConfig } from '../config/index.js';
import { createLogger, type LogLevel, type LogRecord } from '../log.js';
import { ClusterNode } from '../node.js';
import { LinkState } from '../topology/index.js';
import type { Endpoint } from '../transport/types.js';
import { MemoryNetwork, type LinkProfile } from './memory-network.js';
import { SimClock } from './sim-clock.js';
import { StallClock } from './stall-clock.js';

/** The BIN port every simulated node listens on (each node has its own address). */
export const SIM_PORT = 5566;

/** The simulated address of node `id`: 10.A.B.C, one per id. */
export function simHost(id: number): string {
  return `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`;
}

export interface SimNodeOptions {
  /** Neighbours the node knows at start (db_mode 0 `neighbor_node_info`); default: none. */
  neighbours?: number[];
  /** More configuration keys (OpenSIPS names), e.g. `sharing_tag`. */
  extra?: Record<string, unknown>;
}

export interface SimNode {
  readonly id: number;
  readonly host: string;
  readonly endpoint: Endpoint;
  node: ClusterNode;
  /** The node's own view of the clock (it stalls with `SimCluster.stall`). */
  clock: StallClock;
  readonly config: NodeConfig;
  readonly logs: LogRecord[];
  running: boolean;
}

export interface SimClusterInit {
  /** Keys every node shares (timings, …); default: the `local` timing preset (ping_interval 1 s, ping_timeout 500 ms, node_timeout 10 s). */
  common?: Record<string, unknown>;
  /** How frames travel by default. */
  link?: Partial<LinkProfile>;
  seed?: number;
  logLevel?: LogLevel;
  /** Cluster id of every node (default 1). */
  clusterId?: number;
  /** Called for each node process built (at `add` and at each `restart`), before it starts: register capabilities here. */
  onBuild?: (id: number, node: ClusterNode) => void;
}

/**
 * A cluster of real nodes (the whole engine but the sockets) on an
 * in-memory network with a simulated clock: scenario tests and the scale
 * benchmark run in simulated time, in milliseconds of real time.
 */
export class SimCluster {
  readonly clock = new SimClock();
  readonly net: MemoryNetwork;
  readonly nodes = new Map<number, SimNode>();
  readonly clusterId: number;
  private readonly common: Record<string, unknown>;
  private readonly logLevel: LogLevel;
  private readonly onBuild: ((id: number, node: ClusterNode) => void) | undefined;

  constructor(init: SimClusterInit = {}) {
    this.onBuild = init.onBuild;
    this.net = new MemoryNetwork(this.clock, { latencyMs: 0.05, jitterMs: 0, loss: 0, rtoMs: 200, bytesPerMs: 0, ...init.link }, init.seed ?? 1);
    this.clusterId = init.clusterId ?? 1;
    this.common = { timing_preset: 'local', ...init.common };
    this.logLevel = init.logLevel ?? 'warn';
  }

  /** Defines nodes 1..n, node 1 first, the others knowing only node 1 (db_mode 0 adoption); none started. */
  star(n: number, opts: (id: number) => Omit<SimNodeOptions, 'neighbours'> = () => ({})): this {
    this.add(1, opts(1));
    for (let id = 2; id <= n; id++) this.add(id, { ...opts(id), neighbours: [1] });
    return this;
  }

  /** Defines node `id` (not started). */
  add(id: number, opts: SimNodeOptions = {}): SimNode {
    const host = simHost(id);
    const cid = this.clusterId;
    const raw = {
      ...this.common,
      my_node_id: id,
      db_mode: 0,
      my_node_info: `cluster_id=${cid}, url=bin:${host}:${SIM_PORT}`,
      neighbor_node_info: (opts.neighbours ?? []).map((n) => `cluster_id=${cid}, node_id=${n}, url=bin:${simHost(n)}:${SIM_PORT}`),
      control_socket: `/nonexistent/sim-node${id}.sock`,
      log_level: this.logLevel,
      ...opts.extra,
    };
    const { config } = parseConfig(raw);
    const logs: LogRecord[] = [];
    const clock = new StallClock(this.clock);
    const sim: SimNode = { id, host, endpoint: { host, port: SIM_PORT }, config, logs, running: false, clock, node: this.build(id, config, logs, clock) };
    this.nodes.set(id, sim);
    return sim;
  }

  get(id: number): SimNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no simulated node ${id}`);
    return n;
  }

  async start(id: number): Promise<void> {
    const n = this.get(id);
    await n.node.start();
    n.running = true;
  }

  async startAll(): Promise<void> {
    for (const id of this.nodes.keys()) await this.start(id);
  }

  /** kill -9: the process is gone at once, its peers' connections are reset. */
  async kill(id: number): Promise<void> {
    const n = this.get(id);
    this.net.crash(n.endpoint);
    await n.node.stop();
    n.running = false;
  }

  /** A clean stop (SIGTERM). */
  async stop(id: number): Promise<void> {
    const n = this.get(id);
    await n.node.stop();
    n.running = false;
  }

  /** A fresh process of the same node (same configuration), started. */
  async restart(id: number): Promise<void> {
    const n = this.get(id);
    if (n.running) await this.kill(id);
    n.clock = new StallClock(this.clock);
    n.node = this.build(id, n.config, n.logs, n.clock);
    await this.start(id);
  }

  /**
   * kill -STOP: the node's process is frozen (no frame in or out, none of
   * its timers runs) while time goes on; `resume` (kill -CONT) runs the
   * timers that came due, late, and lets frames flow again.
   */
  stall(id: number): void {
    const n = this.get(id);
    n.clock.stall();
    this.net.freeze(n.host);
  }

  resume(id: number): void {
    const n = this.get(id);
    this.net.thaw(n.host);
    n.clock.resume();
  }

  async stopAll(): Promise<void> {
    for (const n of this.nodes.values()) if (n.running) await this.stop(n.id);
  }

  running(): SimNode[] {
    return [...this.nodes.values()].filter((n) => n.running);
  }

  /** True when `a` sees `b` Up on a direct link. */
  linkUp(a: number, b: number): boolean {
    return this.get(a).node.cluster.view(this.clusterId)?.getNode(b)?.link.state === LinkState.UP;
  }

  /** True when `a` can reach `b`, directly or through others. */
  reachable(a: number, b: number): boolean {
    return this.get(a).node.cluster.view(this.clusterId)?.isReachable(b) ?? false;
  }

  /** Every running node sees every other running node Up on a direct link. */
  converged(ids: number[] = this.running().map((n) => n.id)): boolean {
    return ids.every((a) => ids.every((b) => a === b || this.linkUp(a, b)));
  }

  /** Advances simulated time until `check` holds; returns the simulated ms it took. */
  until(check: () => boolean, maxMs: number, what?: string): Promise<number> {
    return this.clock.until(check, maxMs, what);
  }

  private build(id: number, config: NodeConfig, logs: LogRecord[], clock: StallClock): ClusterNode {
    const node = new ClusterNode({
      config,
      log: createLogger(config.logLevel, (r) => logs.push(r)),
      clock,
      transport: this.net.transport,
      control: false,
      rememberPeers: false,
    });
    this.onBuild?.(id, node);
    return node;
  }
}
