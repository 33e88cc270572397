/** Builds small in-process clusters on distinct loopback hosts for integration tests. */
import { request } from 'node:http';
import { join } from 'node:path';
import { ControlClient } from '../../src/client/control-client.js';
import type { ClusterEvent } from '../../src/engine/events/bus.js';
import type { ClusterNode } from '../../src/engine/node.js';
import { eventually } from './eventually.js';
import { makeNode, type TestNode } from './node.js';
import { freePort, loopbackHost } from './ports.js';
import { tempDir } from './tmp.js';
import { TIMING_PRESETS } from '../../src/engine/config/presets.js';
import { LinkState, linkStateName } from '../../src/engine/topology/link-state.js';

/** Short heartbeat timers so that failures show within a second or two. */
/** Heartbeat timings of the tests (the `test` timing preset). */
export const FAST = TIMING_PRESETS.test;

export interface Member extends TestNode {
  id: number;
  host: string;
  port: number;
  url: string;
  /** Every event the node raised since it was built. */
  events: ClusterEvent[];
  client: ControlClient;
}

export interface BuildOptions {
  clusterId?: number;
  /** Every node lists every other one; default: node k > 1 knows only node 1. */
  fullMesh?: boolean;
  /** Distinguishes the files of several clusters built in one directory. */
  prefix?: string;
  /** Nodes declared seeds (`flags=seed`). */
  seeds?: number[];
  /** Extra configuration keys for every node (or per node id). */
  extra?: Record<string, unknown> | ((id: number) => Record<string, unknown>);
  /** Nodes whose URL is `bins:` (BIN over TLS; their `extra` gives the tls section); default none. */
  tlsNodes?: number[];
}

export interface Addr {
  id: number;
  host: string;
  port: number;
  url: string;
}

/** A distinct loopback host and a free port on it. */
export async function allocAddr(id: number): Promise<Addr> {
  const host = loopbackHost();
  const port = await freePort(host);
  return { id, host, port, url: `bin:${host}:${port}` };
}

/** Builds (does not start) a node with id `a.id` knowing `neighbours`. */
export function buildMember(dir: string, a: Addr, neighbours: Addr[], opts: BuildOptions = {}): Member {
  const cid = opts.clusterId ?? 1;
  const prefix = opts.prefix ?? 'c';
  const extra = typeof opts.extra === 'function' ? opts.extra(a.id) : (opts.extra ?? {});
  const tn = makeNode(dir, {
    my_node_id: a.id,
    db_mode: 0,
    my_node_info: `cluster_id=${cid}, url=${a.url}${opts.seeds?.includes(a.id) ? ', flags=seed' : ''}`,
    neighbor_node_info: neighbours.map((n) => `cluster_id=${cid}, node_id=${n.id}, url=${n.url}`),
    control_socket: join(dir, `${prefix}${a.id}.sock`),
    state_file: join(dir, `${prefix}${a.id}.peers.json`),
    log_level: 'warn',
    ...FAST,
    ...extra,
  });
  const events: ClusterEvent[] = [];
  tn.node.events.subscribe([], (ev) => events.push(ev));
  const client = new ControlClient({ socketPath: tn.config.controlSocket, timeoutMs: 3000 });
  return { ...tn, ...a, events, client };
}

/** Builds `n` nodes (ids 1..n); node k > 1 knows only node 1 unless `fullMesh`. */
export async function buildCluster(dir: string, n: number, opts: BuildOptions = {}): Promise<Member[]> {
  const addrs: Addr[] = [];
  for (let id = 1; id <= n; id++) {
    const a = await allocAddr(id);
    addrs.push(opts.tlsNodes?.includes(id) ? { ...a, url: a.url.replace(/^bin:/, 'bins:') } : a);
  }
  return addrs.map((a) => {
    const neighbours = opts.fullMesh ? addrs.filter((b) => b.id !== a.id) : a.id === 1 ? [] : [addrs[0]!];
    return buildMember(dir, a, neighbours, opts);
  });
}

export async function startAll(members: Member[]): Promise<void> {
  await Promise.all(members.map((m) => m.node.start()));
}

/** Stops every node (also those that failed to start) and closes the clients; never throws. */
export async function stopAll(members: Member[]): Promise<void> {
  await Promise.allSettled(members.map(async (m) => {
    await m.client.close();
    await m.node.stop();
  }));
}

export interface ConvergedOptions extends BuildOptions {
  /** Where the nodes' files go; default: a temp dir of its own, removed afterwards. */
  dir?: string;
  /** Runs on the built nodes before they start (to subscribe to their events, say). */
  before?: (members: Member[]) => void;
}

/** Builds `n` nodes, starts them, waits until they agree, runs `fn`, and always stops them. */
export async function withConvergedCluster(n: number, fn: (members: Member[]) => Promise<void>, opts: ConvergedOptions = {}): Promise<void> {
  const own = opts.dir === undefined ? tempDir() : undefined;
  const members = await buildCluster(opts.dir ?? own!.dir, n, opts);
  try {
    opts.before?.(members);
    await startAll(members);
    await waitConverged(members);
    await fn(members);
  } finally {
    await stopAll(members);
    own?.cleanup();
  }
}

/** True when `node` lists exactly `others` in the cluster, each Up with itself as next hop. */
export function seesAllUp(node: ClusterNode, others: number[], clusterId = 1): boolean {
  const list = node.api.getNodes(clusterId);
  if (list.length !== others.length) return false;
  return others.every((id) => list.some((s) => s.nodeId === id && s.linkState === 'Up' && s.nextHop === id));
}

/** `eventually`, with the state of the nodes (computed at the deadline) in the failure message. */
export async function waitFor<T>(members: Member[], check: () => T | Promise<T>, what: string, timeoutMs = 15_000, clusterId = 1): Promise<T> {
  try {
    return await eventually(check, { timeoutMs, intervalMs: 25, what });
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; nodes: ${describe(members, clusterId)}`, { cause: err });
  }
}

/** Waits until every member lists every other member Up, with a direct next hop. */
export async function waitConverged(members: Member[], clusterId = 1, timeoutMs = 15_000): Promise<void> {
  const ids = members.map((m) => m.id);
  const done = () => members.every((m) => seesAllUp(m.node, ids.filter((i) => i !== m.id), clusterId));
  await waitFor(members, done, `cluster ${clusterId} of nodes [${ids.join(',')}] converged`, timeoutMs, clusterId);
}

/** One line per node of what it lists, for failure messages; a link that is not Up also shows its internals (state, ms since the last ping and pong, the ping awaiting its send report). */
export function describe(members: Member[], clusterId = 1): string {
  const now = Date.now();
  const inner = (m: Member, id: number): string => {
    const l = m.node.cluster.view(clusterId)?.nodes.get(id)?.link;
    if (!l || l.state === LinkState.UP) return '';
    return `(${linkStateName(l.state)} ping -${now - l.lastPing} ms ${l.lastPingOk ? 'ok' : 'failed'}, pong -${now - l.lastPong} ms${l.pongAfterPing ? ' after it' : ''}, recv -${now - l.lastRecv} ms, pending ${l.pending?.rule ?? 'none'}, retries ${l.retries})`;
  };
  return members
    .map((m) => `${m.id}:{${m.node.api.getNodes(clusterId).map((s) => `${s.nodeId}=${s.linkState}${inner(m, s.nodeId)}/${s.nextHop ?? 'none'}`).join(' ')}}`)
    .join(' ');
}

/** Sends a raw JSON-RPC body to a control socket (with extra request `headers`) and returns the raw reply text. */
export function rawMi(socketPath: string, body: string, timeoutMs = 3000, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/mi', method: 'POST', headers: { 'content-type': 'application/json', ...headers }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no MI reply from ${socketPath} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The structure of a JSON value: key names in order and value types, not the
 * values. An array is described by the distinct shapes of its items.
 */
export type Shape = string | { array: Shape[] } | { object: [string, Shape][] };

export function shapeOf(v: unknown): Shape {
  if (Array.isArray(v)) {
    const items: Shape[] = [];
    for (const it of v) {
      const s = shapeOf(it);
      if (!items.some((x) => JSON.stringify(x) === JSON.stringify(s))) items.push(s);
    }
    return { array: items };
  }
  if (v !== null && typeof v === 'object') return { object: Object.entries(v).map(([k, x]) => [k, shapeOf(x)] as [string, Shape]) };
  return v === null ? 'null' : typeof v;
}

/** The E_CLUSTERER_NODE_STATE_CHANGED events a member saw in a cluster, in order. */
export function stateEvents(m: Member, clusterId = 1): { nodeId: number; up: boolean }[] {
  return m.events
    .filter((e) => e.name === 'E_CLUSTERER_NODE_STATE_CHANGED' && e.params.cluster_id === clusterId)
    .map((e) => ({ nodeId: Number(e.params.node_id), up: e.params.new_state === 1 }));
}
