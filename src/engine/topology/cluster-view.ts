/**
 * The topology database a node keeps for one cluster: its own record, the
 * remote nodes with their direct links and reported adjacency, a topology
 * version and lazily recomputed routes. No I/O: methods mutate the view and
 * return effects for the owner to perform (reference §4).
 *
 * Message handling lives in apply-*.ts, outgoing updates in build-updates.ts
 * and link driving in link-driver.ts; the methods here delegate to them.
 */
import type { FullTopUpdateMsg, LsUpdateMsg, NodeDescription, NodeDescriptionMsg, PongMsg } from '../wire/types.js';
import { MAX_NO_NODES } from '../wire/constants.js';
import { applyFullTopUpdate } from './apply-full-top.js';
import { applyLsUpdate } from './apply-ls.js';
import { applyNodeDescription } from './apply-description.js';
import { buildAnnouncement, buildFullTopUpdate, buildFullTopUpdates, buildLsUpdate, lacksNodes, nodeListForPong, type LsUpdatePlan } from './build-updates.js';
import { nodeExists, nodeIsLocal, tooManyNodes } from './errors.js';
import { floodSkip, planFlood, type FloodOrigin, type FloodPlan } from './flood.js';
import * as drive from './link-driver.js';
import { onDisable, onEnable, onRestartPinging, type LinkStep } from './link-fsm.js';
import { newSeqStore } from './seq.js';
import { admit, DEFAULT_ADMISSION, isRefusal, type AdmissionRules, type Refusal } from './admission.js';
import { makeLocal, makeRemote, type ApplyResult, type LocalNode, type NodeInit, type ReachabilityChange, type RemoteNode, type TopologyEffect } from './node-record.js';
import { computeRoutes, type RouteTable } from './routes.js';
import { LinkState } from './link-state.js';
import { learnedExpiryMs, type Timers } from './timers.js';

export interface ClusterViewInit {
  clusterId: number;
  local: NodeInit;
  /** Who may be learned, and how many nodes the cluster may hold (default: anyone, 128). */
  admission?: AdmissionRules;
  /** enable_rerouting: when false only direct Up links count as routes. */
  rerouting?: boolean;
  /** ls_batch_interval is on: every node's own links reach everyone in its announcements (see apply-full-top.ts). */
  batched?: boolean;
}

export class ClusterView {
  readonly clusterId: number;
  /** The local node's record. Read-only outside topology/. */
  readonly local: LocalNode;
  /** Remote nodes by id, in insertion order. Read-only outside topology/. */
  readonly nodes = new Map<number, RemoteNode>();
  readonly rerouting: boolean;
  readonly batched: boolean;
  /** Checks a node passes before it is learned; replaced on reload. */
  admission: AdmissionRules;
  private topVersion = 0;
  /** Like topVersion, but not moved by the links other nodes report (setAdjacent). */
  private ownVersion = 0;
  private members = 0;
  /** ownVersion at the last reachabilityChanges() pass, and whether every node was then reachable over a direct link. */
  private checkedOwn = -1;
  private allDirect = false;
  private cached: { version: number; table: RouteTable } | null = null;
  private pendingEvents: ReachabilityChange[] = [];
  /** Topology version of the last reachabilityChanges() pass. */
  private checkedVersion = -1;
  /**
   * The links in "restart pinging" with no probe on its way, kept as their
   * links change (runLink): a probe is due for each. Asked after every
   * packet (see Clusterer.needsProbe); a scan of every link instead cost N
   * per packet, N³ while a mesh of N forms.
   */
  private readonly probeDue = new Set<RemoteNode>();

  constructor(init: ClusterViewInit) {
    this.clusterId = init.clusterId;
    this.local = makeLocal(init.local);
    this.rerouting = init.rerouting ?? true;
    this.batched = init.batched ?? false;
    this.admission = init.admission ?? DEFAULT_ADMISSION;
  }

  /** Incremented on every change that can affect routes. */
  get version(): number {
    return this.topVersion;
  }

  bump(): void {
    this.topVersion++;
    this.ownVersion++;
  }

  /** Incremented whenever a node is added, removed or moved to another URL (less often than `version`). */
  get membership(): number {
    return this.members;
  }

  /** A node's URL was changed from outside (a reload): caches keyed on `membership` are stale. */
  urlChanged(): void {
    this.members++;
  }

  getNode(id: number): RemoteNode | undefined {
    return this.nodes.get(id);
  }

  /** Adds a configured node (DB row / neighbor_node_info). Throws TopologyError on misuse. */
  addNode(init: NodeInit): RemoteNode {
    if (init.id === this.local.id) throw nodeIsLocal(this.clusterId, init.id);
    if (this.nodes.has(init.id)) throw nodeExists(this.clusterId, init.id);
    const max = Math.max(MAX_NO_NODES, this.admission.maxNodes);
    if (this.nodes.size >= max) throw tooManyNodes(this.clusterId, max);
    const node = makeRemote(init);
    this.nodes.set(node.id, node);
    this.track(node);
    this.members++;
    this.bump();
    return node;
  }

  /**
   * Creates a node learned in db_mode 0 (enabled, probing, DB id −1) once it
   * passes the admission checks (admission.ts); a refusal is an effect.
   */
  learnNode(id: number, d: NodeDescription): { node: RemoteNode | null; effects: TopologyEffect[] } {
    const ok = this.admit(id, d.url);
    if (isRefusal(ok)) return { node: null, effects: [{ type: 'refused', nodeId: id, reason: ok.reason, msg: ok.msg }] };
    const node = this.addNode({ id, url: ok.url, sipAddr: d.sipAddr, priority: d.priority, noPingRetries: d.noPingRetries, learned: true });
    const effects: TopologyEffect[] = [{ type: 'node_added', nodeId: id }, { type: 'log', level: 'debug', msg: `Added info about node [${id}]` }];
    return { node, effects };
  }

  /**
   * The admission checks for a node to learn at `url` (admission.ts); the
   * normalised URL, or why not. `known`: the node is already one of the
   * cluster's (a new URL for it), so the node limit does not apply.
   */
  admit(id: number, url: string, known = false): { url: string; host: string } | Refusal {
    return admit(this.clusterId, id, url, known ? 0 : this.nodes.size, this.admission);
  }

  /**
   * Forgets learned nodes never heard from (no packet accepted, never
   * reachable) `afterMs` after the first tick that saw them: a stranger's
   * made-up node is not pinged for ever.
   */
  expireUnreached(nowMs: number, afterMs: number): TopologyEffect[] {
    let expired: RemoteNode[] | undefined;
    for (const node of this.nodes.values()) {
      if (!node.learned || node.heard) continue;
      if (node.reachable || node.link.state === LinkState.UP) node.heard = true;
      else if (node.learnedAt === null) node.learnedAt = nowMs;
      else if (nowMs - node.learnedAt >= afterMs) (expired ??= []).push(node);
    }
    if (!expired) return [];
    const effects: TopologyEffect[] = [];
    for (const node of expired) {
      effects.push(...this.removeNode(node.id));
      effects.push({ type: 'node_expired', nodeId: node.id });
      effects.push({ type: 'log', level: 'info', msg: `forgetting node [${node.id}] in cluster [${this.clusterId}] at ${node.url}: learned ${Math.round(afterMs / 1000)} s ago and never heard from` });
    }
    return effects;
  }

  /**
   * A node that came back from another address (its old one gone): same id,
   * new URL, a new process (its counters start again), probed at once.
   */
  moveNode(id: number, url: string): TopologyEffect[] {
    const node = this.nodes.get(id);
    if (!node || node.url === url) return [];
    const was = node.url;
    node.url = url;
    this.members++;
    node.ls = newSeqStore();
    node.top = newSeqStore();
    node.cap = newSeqStore();
    node.heard = false;
    node.wasReachable = false;
    node.learnedAt = null;
    this.bump();
    return [
      { type: 'log', level: 'info', msg: `node [${id}] in cluster [${this.clusterId}] is now at ${url} (was ${was}, which is gone)` },
      ...this.runLink(node, onRestartPinging(node.link)),
      { type: 'node_added', nodeId: id },
    ];
  }

  /**
   * Deletes a node (§4.12, REMOVE_NODE): link down without LS_UPDATE, NODE_DOWN
   * if it was reachable, gone from every adjacency list and the node list.
   */
  removeNode(id: number): TopologyEffect[] {
    const node = this.nodes.get(id);
    if (!node) return [];
    const effects = this.runLink(node, onDisable(node.link, false));
    for (const other of this.nodes.values()) other.adjacency.delete(id);
    this.local.adjacency.delete(id);
    this.nodes.delete(id);
    this.probeDue.delete(node);
    this.members++;
    if (node.reachable) this.pendingEvents.push({ nodeId: id, up: false });
    this.bump();
    return effects;
  }

  /** Adds the node to the local adjacency (the link-up procedure's topology part). */
  linkUp(id: number): boolean {
    if (!this.nodes.has(id) || this.local.adjacency.has(id)) return false;
    this.local.adjacency.add(id);
    this.bump();
    return true;
  }

  /** Removes the node from the local adjacency (the link-down procedure's topology part). */
  linkDown(id: number): boolean {
    if (!this.local.adjacency.delete(id)) return false;
    this.bump();
    return true;
  }

  /** Records that `from` reports (or no longer reports) an Up link to `to`. */
  setAdjacent(from: RemoteNode, to: number, up: boolean): boolean {
    if (to === from.id || to === this.local.id) return false;
    let changed: boolean;
    if (up) {
      changed = !from.adjacency.has(to);
      from.adjacency.add(to);
    } else changed = from.adjacency.delete(to);
    // Routes may change, reachability only for nodes without a direct link (see reachabilityChanges).
    if (changed) this.topVersion++;
    return changed;
  }

  /** §4.13 local node: disable = every link Down without LS_UPDATE; enable = re-probe everyone. */
  setLocalEnabled(enabled: boolean): TopologyEffect[] {
    if (this.local.enabled === enabled) return [];
    this.local.enabled = enabled;
    this.bump();
    const effects: TopologyEffect[] = [];
    for (const node of this.nodes.values())
      effects.push(...this.runLink(node, enabled ? onEnable(node.link) : onDisable(node.link, false)));
    return effects;
  }

  /** §4.13 remote node: disable = normal link-down (LS_UPDATE if it was Up); enable = re-probe. */
  setNodeEnabled(id: number, enabled: boolean): TopologyEffect[] {
    const node = this.nodes.get(id);
    if (!node || node.enabled === enabled) return [];
    node.enabled = enabled;
    this.bump();
    return this.runLink(node, enabled ? onEnable(node.link) : onDisable(node.link, true));
  }

  /** Routes for the current topology version (recomputed only when it changed). */
  routes(): RouteTable {
    if (this.cached?.version !== this.topVersion) {
      const table = computeRoutes({
        localId: this.local.id,
        localNeighbours: this.local.enabled ? this.local.adjacency : [],
        nodes: this.nodes,
        maxHops: this.rerouting ? Infinity : 1,
      });
      this.cached = { version: this.topVersion, table };
    }
    return this.cached.table;
  }

  /** Where to send a packet for `dst` now: itself if directly Up, else the first hop of the route, else null. */
  nextHop(dst: number): number | null {
    if (!this.local.enabled || !this.nodes.get(dst)?.enabled) return null;
    return this.routes().routes.get(dst)?.nextHop ?? null;
  }

  isReachable(id: number): boolean {
    return this.nextHop(id) !== null;
  }

  /** Something changed since the last reachabilityChanges() pass (it may have events to give). */
  get reachabilityStale(): boolean {
    return this.checkedVersion !== this.topVersion || this.pendingEvents.length > 0;
  }

  /**
   * NODE_UP / NODE_DOWN events since the last call (§4.9). Call it after each
   * batch of processing (tick, packet, command). A node never reachable
   * produces no DOWN.
   */
  reachabilityChanges(): ReachabilityChange[] {
    // Reachability only changes with the topology version (links, nodes, enabling).
    if (this.checkedVersion === this.topVersion && this.pendingEvents.length === 0) return [];
    // Only links reported by others changed, and every node is a direct neighbour: nothing to recompute
    // (every LS_UPDATE flooded through a full mesh would otherwise cost a pass over all nodes).
    if (this.checkedOwn === this.ownVersion && this.allDirect && this.pendingEvents.length === 0) {
      this.checkedVersion = this.topVersion;
      return [];
    }
    this.checkedVersion = this.topVersion;
    this.checkedOwn = this.ownVersion;
    const out = this.pendingEvents.splice(0);
    const adjacent = this.local.enabled ? this.local.adjacency : null;
    let allDirect = true;
    for (const node of this.nodes.values()) {
      // A direct Up link is a route of its own (routes.ts): the table is computed only for the others.
      const direct = node.enabled && adjacent !== null && adjacent.has(node.id);
      if (!direct) allDirect = false;
      const up = direct ? true : this.isReachable(node.id);
      if (up !== node.reachable) {
        node.reachable = up;
        if (up) node.wasReachable = true;
        out.push({ nodeId: node.id, up });
      }
    }
    this.allDirect = allDirect;
    return out;
  }

  /** Stores a link transition and applies its topology part; returns the effects tagged with the node. */
  runLink(node: RemoteNode, step: LinkStep, pongNodeList: readonly number[] = []): TopologyEffect[] {
    node.link = step.link;
    this.track(node);
    const out: TopologyEffect[] = [];
    for (const e of step.effects) {
      if (e.type === 'ping') out.push({ type: 'ping', nodeId: node.id, reqNodeList: e.reqNodeList });
      else if (e.type === 'link_up') {
        this.linkUp(node.id);
        out.push({ type: 'link_up', nodeId: node.id, pongNodeList: [...pongNodeList] });
      } else if (e.type === 'link_down') {
        this.linkDown(node.id);
        out.push({ type: 'link_down', nodeId: node.id, announce: e.announce });
      } else out.push(e);
    }
    return out;
  }

  /** The nodes whose link is in "restart pinging" with no probe on its way (none, in the usual case). */
  probesDue(): ReadonlySet<RemoteNode> {
    return this.probeDue;
  }

  private track(node: RemoteNode): void {
    if (node.link.state === LinkState.RESTART_PINGING && node.link.pending === null) this.probeDue.add(node);
    else this.probeDue.delete(node);
  }

  // Received topology messages (the receive pipeline has already run the §2.5 checks).
  applyLsUpdate(msg: LsUpdateMsg, dbMode: number): ApplyResult {
    return applyLsUpdate(this, msg, dbMode);
  }
  applyFullTopUpdate(msg: FullTopUpdateMsg, dbMode: number): ApplyResult {
    return applyFullTopUpdate(this, msg, dbMode);
  }
  applyNodeDescription(msg: NodeDescriptionMsg, dbMode: number): ApplyResult {
    return applyNodeDescription(this, msg, dbMode);
  }

  // Outgoing topology messages.
  buildFullTopUpdate(dstId: number, pongNodeList: readonly number[], nowMs: number): FullTopUpdateMsg {
    return buildFullTopUpdate(this, dstId, pongNodeList, nowMs);
  }
  /** The same, in as many packets of at most `maxBytes` as it takes (one, the same as buildFullTopUpdate, when it fits). */
  buildFullTopUpdates(dstId: number, pongNodeList: readonly number[], nowMs: number, maxBytes: number, onlyUnknown = false, maxEntries = MAX_NO_NODES): FullTopUpdateMsg[] {
    return buildFullTopUpdates(this, dstId, pongNodeList, nowMs, maxBytes, onlyUnknown, maxEntries);
  }
  /** Our own links to every Up neighbour in one FULL_TOP_UPDATE (ls_batch_interval); null when there is none. */
  buildAnnouncement(nowMs: number): ReturnType<typeof buildAnnouncement> {
    return buildAnnouncement(this, nowMs);
  }
  buildLsUpdate(neighbourId: number, state: 0 | 1, nowMs: number): LsUpdatePlan | null {
    return buildLsUpdate(this, neighbourId, state, nowMs);
  }
  /** The neighbour's PONG did not list some node we know. */
  lacksNodes(dstId: number, pongNodeList: readonly number[]): boolean {
    return lacksNodes(this, dstId, pongNodeList);
  }
  nodeListForPong(pingerId: number): number[] {
    return nodeListForPong(this, pingerId);
  }
  /** Targets and new path for re-flooding an accepted message; without `origin`, every Up neighbour off the path (as OpenSIPS). */
  planFlood(path: readonly number[], origin?: FloodOrigin): FloodPlan {
    const skip = origin ? floodSkip(path, this.local.id, this.local.adjacency, (id) => this.nodes.get(id)?.adjacency, origin) : undefined;
    return planFlood(this.local.adjacency, path, this.local.id, skip);
  }

  // Driving the direct links (see link-driver.ts for when to call each).
  tick(nowMs: number, timers: Timers): TopologyEffect[] {
    const effects = drive.tick(this, nowMs, timers);
    if (!this.local.enabled) return effects;
    const expired = this.expireUnreached(nowMs, learnedExpiryMs(timers));
    return expired.length === 0 ? effects : [...effects, ...expired];
  }
  pingSent(id: number, ok: boolean): TopologyEffect[] {
    return drive.pingSent(this, id, ok);
  }
  pongReceived(msg: PongMsg, nowMs: number, timers: Timers): TopologyEffect[] {
    return drive.pongReceived(this, msg, nowMs, timers);
  }
  pingReceived(id: number, pongSent: boolean, nowMs: number, timers: Timers): TopologyEffect[] {
    return drive.pingReceived(this, id, pongSent, nowMs, timers);
  }
  packetReceived(id: number, nowMs: number, routed = false): TopologyEffect[] {
    return drive.packetReceived(this, id, nowMs, routed);
  }
  sendFailed(id: number): TopologyEffect[] {
    return drive.sendFailed(this, id);
  }
  peerReportedDown(id: number, nowMs: number, timers: Timers): TopologyEffect[] {
    return drive.peerReportedDown(this, id, nowMs, timers);
  }
  restartPinging(id: number): TopologyEffect[] {
    return drive.restartPinging(this, id);
  }
  directSent(id: number, nowMs: number): TopologyEffect[] {
    return drive.directSent(this, id, nowMs);
  }
  connectionLost(id: number, nowMs: number): TopologyEffect[] {
    return drive.connectionLost(this, id, nowMs);
  }
}
