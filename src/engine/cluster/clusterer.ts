import type { Clock, TimerHandle } from '../clock.js';
import { FloodRelay } from './flood-relay.js';
import { Announcer } from './announcer.js';
import type { NodeInfo } from '../config/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { StatsRegistry } from '../stats/registry.js';
import type { StatusRegistry } from '../status/registry.js';
import { ClusterView, LinkState, normalizeTimers, timerPeriodMs, type AdmissionRules, type Timers, type TopologyEffect } from '../topology/index.js';
import type { Endpoint, Transport } from '../transport/types.js';
import { encodeMessage, MAX_NO_NODES, MAX_PACKET, type PacketLimits } from '../wire/index.js';
import type { ClusterMsg } from '../wire/types.js';
import { Dispatch } from './dispatch.js';
import { endpointOf, sameEndpoint } from './endpoints.js';
import { clusterEvents } from './events.js';
import { Heartbeat } from './heartbeat.js';
import { registerNodeStats } from './node-stats.js';
import { onRemoveNode } from './remove-node.js';
import { knownPeers, loadPeers, restorePeers, savePeers } from './peers-file.js';
import { SendResult } from './send-result.js';
import { Refusals } from './refusals.js';
import { CAP_ID_CONFLICT, onInUse } from './id-conflict.js';

/** What the cluster layer uses of the node. */
export interface ClustererComponents {
  transport: Transport;
  /** The node's event bus (E_CLUSTERER_NODE_STATE_CHANGED). */
  events: EventBus;
  status: StatusRegistry;
  stats: StatsRegistry;
  clock: Clock;
  log: Logger;
}

export interface ClustererInit {
  myId: number;
  /** 0: the cluster is learned from neighbours; 1: the clusterer table defines it. */
  dbMode: number;
  enableRerouting: boolean;
  /** Heartbeat timings in ms (invalid values fall back to OpenSIPS's defaults). */
  timers: Partial<Timers>;
  enableStats: boolean;
  /** db_mode 0: where learned peers are remembered across restarts; undefined: nowhere. */
  peersFile: string | undefined;
  /** Who may be learned in a cluster and how many nodes it may hold (default: anyone, 128). */
  admission?: (clusterId: number) => AdmissionRules;
  /** `wire_max_nodes`: the largest node count a packet may carry (default 128, OpenSIPS's MAX_NO_NODES). */
  wireMaxNodes?: number;
  /** `ls_batch_interval` (ours), ms: 0 (default) one LS_UPDATE per link change; more, see announcer.ts. */
  lsBatchMs?: number;
}

export const NODE_STATE_EVENT = 'E_CLUSTERER_NODE_STATE_CHANGED';
export const SR_GROUP = 'clusterer';
/** How long after a change the remembered peers are saved (see peersChanged). */
const PEERS_SAVE_DELAY_MS = 500;

/**
 * Runs the topology of every cluster the node is in: the heartbeat timer,
 * the effects the topology layer asks for (pings, link-state updates), and
 * sending with routing. Received packets come in through `receive.ts`.
 */
export class Clusterer {
  readonly views = new Map<number, ClusterView>();
  readonly timers: Timers;
  readonly myId: number;
  readonly dbMode: number;
  readonly enableRerouting: boolean;
  readonly log: Logger;
  /** Typed events for the parts above (node:up/down, link:up, link:state). */
  readonly on = clusterEvents((name, err) => this.log.error(`${name} listener failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  /** Handlers of routable packets addressed to this node, registered by the parts above. */
  readonly dispatch = new Dispatch();
  /** Refused packets and nodes: counted, logged once per source and reason per minute. */
  readonly refusals: Refusals;
  /** What packets may hold, sent and received: OpenSIPS's limits unless `wire_max_nodes` raised the node count. */
  readonly wireLimits: PacketLimits;
  private readonly heartbeat: Heartbeat;
  /** LS_UPDATEs from their originators, passed on a few ms later (see flood-relay.ts). */
  readonly relay: FloodRelay;
  /** With ls_batch_interval: our link changes, announced together (see announcer.ts). */
  private readonly announcer: Announcer | undefined;
  private stopped = true;
  /** Views whose reachability is worked out on the next timer turn (see flushSoon). */
  private readonly flushWaiting = new Set<ClusterView>();
  private peersTimer: TimerHandle | undefined;

  constructor(
    private readonly c: ClustererComponents,
    private readonly init: ClustererInit,
  ) {
    this.myId = init.myId;
    this.dbMode = init.dbMode;
    this.enableRerouting = init.enableRerouting;
    this.log = c.log;
    this.timers = normalizeTimers(init.timers);
    this.wireLimits = init.wireMaxNodes !== undefined && init.wireMaxNodes > MAX_NO_NODES ? { maxNodes: init.wireMaxNodes } : {};
    this.refusals = new Refusals(c.stats, c.log, () => c.clock.now());
    this.heartbeat = new Heartbeat(timerPeriodMs(this.timers), (skewMs) => this.tickAll(skewMs), c.clock);
    this.relay = new FloodRelay({ clock: c.clock, myId: this.myId, limits: this.wireLimits, send: (view, id, frame) => void this.sendFrame(view, id, frame, true) });
    const batch = init.lsBatchMs ?? 0;
    this.announcer = batch > 0 ? new Announcer({ clock: c.clock, announce: (view) => this.sendAnnouncement(view) }, batch) : undefined;
    c.status.identifier(SR_GROUP, 'node_states', 1);
    if (init.enableStats) registerNodeStats(c.stats, this.views);
    this.dispatch.onMessage('remove_node', (view, msg) => onRemoveNode(this, view, msg));
    this.dispatch.onCapability(CAP_ID_CONFLICT, (view, msg) => onInUse(this, view, msg));
  }

  /** The node's clock, in ms since the epoch. */
  now(): number {
    return this.c.clock.now();
  }

  get transport(): Transport {
    return this.c.transport;
  }

  /**
   * Starts the heartbeat over the clusters reconciled so far (see
   * reconcile.ts), after restoring the peers remembered by the last run.
   */
  async start(): Promise<void> {
    const file = this.init.peersFile;
    if (this.dbMode === 0 && file) restorePeers(this.views, await loadPeers(file, this.log), this.myId);
    this.stopped = false;
    this.heartbeat.start();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.heartbeat.stop();
    this.relay.stop();
    this.announcer?.stop();
    this.c.clock.clearTimeout(this.peersTimer);
    this.peersTimer = undefined;
    const file = this.init.peersFile;
    if (this.dbMode === 0 && file) await this.persistPeers(file).catch((err: Error) => this.log.warn(`cannot write state file ${file}: ${err.message}`));
  }

  /** A cluster the local node joins (start-up; db_mode 1 reload). Only the table can disable the local node. */
  addView(me: NodeInfo): ClusterView {
    const view = new ClusterView({
      clusterId: me.clusterId,
      rerouting: this.enableRerouting,
      batched: this.announcer !== undefined,
      ...(this.init.admission ? { admission: this.init.admission(me.clusterId) } : {}),
      local: {
        id: this.myId, url: me.url, sipAddr: me.sipAddr ?? '', priority: me.priority, noPingRetries: me.noPingRetries, seed: me.seed, dbId: me.dbId,
        description: me.description ?? '', enabled: this.dbMode === 1 ? me.enabled : true,
      },
    });
    this.views.set(me.clusterId, view);
    return view;
  }

  /** A cluster the local node left (db_mode 1 reload): every node is removed first, with NODE_DOWN events. */
  removeView(clusterId: number): void {
    const view = this.views.get(clusterId);
    if (!view) return;
    for (const id of [...view.nodes.keys()]) this.apply(view, view.removeNode(id));
    this.flushReachability(view);
    this.views.delete(clusterId);
  }

  view(clusterId: number): ClusterView | undefined {
    return this.views.get(clusterId);
  }

  /** Runs the heartbeat on the next turn of the event loop (coalesced): new and restarted links are probed at once. */
  kick(): void {
    this.heartbeat.kick();
  }

  /** One heartbeat tick of every cluster; `skewMs` moves the tick's time onto its wall-clock multiple (see Heartbeat). */
  tickAll(skewMs = 0): void {
    if (this.stopped) return;
    const now = this.now() + skewMs;
    for (const view of this.views.values()) this.apply(view, view.tick(now, this.timers));
  }

  /** Performs what the topology layer asked for, then raises reachability events. */
  apply(view: ClusterView, effects: TopologyEffect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'ping': {
          const ping = encodeMessage({ kind: 'ping', clusterId: view.clusterId, srcId: this.myId, reqNodeList: e.reqNodeList });
          void this.sendFrame(view, e.nodeId, ping, false).then((ok) => this.apply(view, view.pingSent(e.nodeId, ok)));
          break;
        }
        case 'link_up':
          this.onLinkUp(view, e.nodeId, e.pongNodeList);
          break;
        case 'link_down':
          if (e.announce) this.linkChanged(view, e.nodeId, 1);
          this.on.emit('link:state', { clusterId: view.clusterId, nodeId: e.nodeId, state: LinkState.DOWN });
          break;
        case 'node_added':
          this.peersChanged();
          this.kick();
          break;
        case 'refused':
          this.refusals.note(e.reason, `${view.clusterId}/${e.nodeId}`, e.msg);
          break;
        case 'node_expired':
          this.refusals.countExpired();
          this.peersChanged();
          break;
        case 'log':
          this.log[e.level === 'warn' ? 'warn' : e.level === 'error' ? 'error' : e.level === 'debug' ? 'debug' : 'info'](e.msg);
          break;
      }
    }
    if (view.batched) this.flushSoon(view);
    else this.flushReachability(view);
    if (this.needsProbe(view)) this.kick();
  }

  /**
   * A link to re-probe is pinged at once, unless a PONG came from that node
   * within ping_timeout: then it waits for the heartbeat tick, as in OpenSIPS.
   * Otherwise two nodes that restart each other through the §4.5a check
   * (an LS_UPDATE "link Down" arriving after the link came back Up) bring the
   * link up again faster than the flood travels, and flap forever.
   */
  private needsProbe(view: ClusterView): boolean {
    if (!view.local.enabled) return false;
    const due = view.probesDue();
    if (due.size === 0) return false;
    const now = this.now();
    // A probe already on its way (its connection being dialled) is not due: kicking again would ping again, in a loop.
    for (const n of due) if (n.enabled && now - n.link.lastPong >= this.timers.pingTimeoutMs) return true;
    return false;
  }

  private onLinkUp(view: ClusterView, nodeId: number, pongNodeList: number[]): void {
    this.linkChanged(view, nodeId, 0);
    // Batched (a cluster of cl nodes), every node's own links reach every node that can reach it in its announcements:
    // only a neighbour back from the other side of a partition gets our whole view; any other, the nodes it lacks.
    const node = view.getNode(nodeId);
    const healed = node !== undefined && node.wasReachable && !node.reachable;
    const lacking = this.announcer !== undefined && !healed && view.lacksNodes(nodeId, pongNodeList);
    if (!this.announcer || healed) this.sendFullTop(view, nodeId, pongNodeList);
    else if (lacking) this.sendCatchUp(view, nodeId, pongNodeList);
    const caughtUp = this.announcer !== undefined && !healed && !lacking;
    this.on.emit('link:state', { clusterId: view.clusterId, nodeId, state: LinkState.UP });
    this.on.emit('link:up', { view, nodeId, caughtUp });
  }

  /** The node count a packet may carry: entries of a FULL_TOP_UPDATE part. */
  private get maxEntries(): number {
    return this.wireLimits.maxNodes ?? MAX_NO_NODES;
  }

  /** Our whole topology to a neighbour: one FULL_TOP_UPDATE, or several when it does not fit in a packet. */
  sendFullTop(view: ClusterView, nodeId: number, pongNodeList: readonly number[]): void {
    for (const msg of view.buildFullTopUpdates(nodeId, pongNodeList, this.now(), MAX_PACKET, false, this.maxEntries)) void this.sendMsg(view, nodeId, msg);
  }

  /** Our link with `nodeId` came Up (state 0) or left it: an LS_UPDATE now, or our links announced with the others changing meanwhile. */
  private linkChanged(view: ClusterView, nodeId: number, state: 0 | 1): void {
    if (this.announcer) this.announcer.changed(view);
    else this.sendLsUpdate(view, nodeId, state);
  }

  /** The nodes a neighbour did not list in its PONG, with their links, in FULL_TOP_UPDATEs after our own entry; nothing when it lacks none. */
  private sendCatchUp(view: ClusterView, nodeId: number, pongNodeList: readonly number[]): void {
    for (const msg of view.buildFullTopUpdates(nodeId, pongNodeList, this.now(), MAX_PACKET, true, this.maxEntries)) void this.sendMsg(view, nodeId, msg);
  }

  /** Our own links, to every Up neighbour (see announcer.ts). */
  private sendAnnouncement(view: ClusterView): void {
    if (this.stopped || !view.local.enabled) return;
    const plan = view.buildAnnouncement(this.now());
    if (!plan) return;
    const frame = encodeMessage(plan.msg, this.wireLimits);
    for (const dst of plan.destinations) void this.sendFrame(view, dst, frame, true);
  }

  private sendLsUpdate(view: ClusterView, nodeId: number, state: 0 | 1): void {
    const plan = view.buildLsUpdate(nodeId, state, this.now());
    if (!plan) return;
    const frame = encodeMessage(plan.msg, this.wireLimits);
    for (const dst of plan.destinations) void this.sendFrame(view, dst, frame, true);
  }

  /**
   * Batched (a cluster of cl nodes, possibly of hundreds): reachability is
   * worked out once for all the packets handled at one instant, not after
   * each. Every check after a change recomputes the routes (a breadth-first
   * search over N² links in a full mesh), and a node of a mesh forming
   * handles N link-ups at once: at N = 1,000 a million searches of a
   * million links for one instant. NODE_UP / NODE_DOWN come a timer turn later.
   */
  private flushSoon(view: ClusterView): void {
    if (!view.reachabilityStale || this.flushWaiting.has(view)) return;
    this.flushWaiting.add(view);
    this.c.clock.setTimeout(() => {
      this.flushWaiting.delete(view);
      if (!this.stopped && this.views.get(view.clusterId) === view) this.flushReachability(view);
    }, 0);
  }

  flushReachability(view: ClusterView): void {
    for (const ch of view.reachabilityChanges()) {
      const word = ch.up ? 'UP' : 'DOWN';
      this.c.status.report(SR_GROUP, 'node_states', `Node [${ch.nodeId}], cluster [${view.clusterId}] is ${word}`);
      this.c.events.emit(NODE_STATE_EVENT, { cluster_id: view.clusterId, node_id: ch.nodeId, new_state: ch.up ? 1 : 0 });
      this.on.emit(ch.up ? 'node:up' : 'node:down', { clusterId: view.clusterId, nodeId: ch.nodeId });
    }
  }

  /** Encodes and sends a message directly to a neighbour. */
  sendMsg(view: ClusterView, nodeId: number, msg: ClusterMsg): Promise<boolean> {
    return this.sendFrame(view, nodeId, encodeMessage(msg, this.wireLimits), true);
  }

  /**
   * Sends a frame on this node's own connection to a neighbour. A failure of
   * anything but a probe ping puts the link into "restart pinging".
   */
  async sendFrame(view: ClusterView, nodeId: number, frame: Buffer, reportFailure: boolean): Promise<boolean> {
    const node = view.getNode(nodeId);
    const ep = node ? endpointOf(node.url) : null;
    const local = endpointOf(view.local.url);
    if (!node || !ep) return false;
    const ok = await this.c.transport.send(ep, local?.host ?? '0.0.0.0', frame);
    if (!ok && reportFailure && !this.stopped) this.apply(view, view.sendFailed(nodeId));
    return ok;
  }

  /**
   * Sends a routable frame (clusterer-extra or module packet whose trailer
   * names `dstId`) towards its destination: directly when the link is Up,
   * else through the next hop; one retry through an alternative hop.
   */
  async route(view: ClusterView, dstId: number, frame: Buffer): Promise<SendResult> {
    if (!view.local.enabled) return SendResult.CURR_DISABLED;
    const node = view.getNode(dstId);
    if (!node) return SendResult.SEND_ERR;
    if (!node.enabled) return SendResult.SENT;
    for (let attempt = 0; attempt < 2; attempt++) {
      const hop = node.link.state === LinkState.UP ? dstId : view.nextHop(dstId);
      if (hop === null) return attempt === 0 ? SendResult.DEST_DOWN : SendResult.SEND_ERR;
      if (await this.sendFrame(view, hop, frame, true)) {
        this.noteDirectSend(view, hop);
        return SendResult.SENT;
      }
    }
    return SendResult.SEND_ERR;
  }

  /** Bytes waiting to leave towards `dstId` (on the connection to its next hop). */
  backlog(view: ClusterView, dstId: number): number {
    const node = view.getNode(dstId);
    const hop = node?.link.state === LinkState.UP ? dstId : view.nextHop(dstId);
    const url = hop === null ? undefined : view.getNode(hop)?.url;
    const ep = url ? endpointOf(url) : null;
    return ep && this.c.transport.backlog ? this.c.transport.backlog(ep) : 0;
  }

  /** Resolves when the connection towards `dstId` (its next hop) can take more bulk data (see Transport.drained). */
  async writable(view: ClusterView, dstId: number): Promise<void> {
    const node = view.getNode(dstId);
    const hop = node?.link.state === LinkState.UP ? dstId : view.nextHop(dstId);
    const url = hop === null ? undefined : view.getNode(hop)?.url;
    const ep = url ? endpointOf(url) : null;
    if (ep && this.c.transport.drained) await this.c.transport.drained(ep);
  }

  /**
   * Synchronous fast path of `route` (messaging hot path: no Promise per
   * frame). When the destination's link is Up and our connection to it is
   * open, the frame is written now and SENT returned; in every other case
   * (local node disabled, unknown/disabled node, relaying, dialling, a
   * refused write) it returns undefined and the caller uses `route`, which
   * applies the usual rules.
   */
  routeNow(view: ClusterView, dstId: number, frame: Buffer): SendResult | undefined {
    const node = view.local.enabled ? view.getNode(dstId) : undefined;
    if (!node || !node.enabled || node.link.state !== LinkState.UP) return undefined;
    const ep = endpointOf(node.url);
    if (!ep || this.c.transport.trySend(ep, frame) !== true) return undefined;
    this.noteDirectSend(view, dstId);
    return SendResult.SENT;
  }

  /** Records a direct send (it postpones keep-alive pings); only effects, if any, go through `apply`. */
  private noteDirectSend(view: ClusterView, nodeId: number): void {
    const now = this.now();
    if (view.getNode(nodeId)?.link.lastSent === now) return;
    const effects = view.directSent(nodeId, now);
    if (effects.length > 0) this.apply(view, effects);
  }

  /** Our connection to a peer was closed or reset: probe it now rather than at the next timer tick. */
  onConnectionLost(peer: Endpoint): void {
    const now = this.now();
    for (const view of this.views.values()) {
      for (const n of view.nodes.values()) {
        const ep = endpointOf(n.url);
        if (ep && sameEndpoint(ep, peer)) this.apply(view, view.connectionLost(n.id, now));
      }
    }
  }

  private async persistPeers(file: string): Promise<void> {
    await savePeers(file, knownPeers(this.views));
  }

  /**
   * Saves the remembered peers PEERS_SAVE_DELAY_MS after a change (a join
   * learns many nodes at once; the file serves the next start, and writing
   * it is no work for the moment the node joins). Also after a removal.
   */
  peersChanged(): void {
    const file = this.init.peersFile;
    if (this.peersTimer || this.stopped || this.dbMode !== 0 || !file) return;
    this.peersTimer = this.c.clock.setTimeout(() => {
      this.peersTimer = undefined;
      if (!this.stopped) void this.persistPeers(file).catch(() => {});
    }, PEERS_SAVE_DELAY_MS);
    this.peersTimer.unref?.();
  }
}

