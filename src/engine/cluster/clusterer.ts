import type { NodeConfig, NodeInfo } from '../config/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log.js';
import type { StatsRegistry } from '../stats/registry.js';
import type { StatusRegistry } from '../status/registry.js';
import { ClusterView, LinkState, normalizeTimers, timerPeriodMs, type Timers, type TopologyEffect } from '../topology/index.js';
import type { BinTransport, Endpoint } from '../transport/transport.js';
import { encodeMessage } from '../wire/index.js';
import type { ClusterMsg } from '../wire/types.js';
import { endpointOf, sameEndpoint } from './endpoints.js';
import { Heartbeat } from './heartbeat.js';
import { registerNodeStats } from './node-stats.js';
import { knownPeers, loadPeers, restorePeers, savePeers } from './peers-file.js';
import { SendResult } from './send-result.js';

export interface ClustererInit {
  config: NodeConfig;
  log: Logger;
  transport: BinTransport;
  events: EventBus;
  status: StatusRegistry;
  stats: StatsRegistry;
  now: () => number;
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
  private readonly heartbeat: Heartbeat;
  private stopped = true;
  private peersTimer: NodeJS.Timeout | undefined;
  private readonly peersFile: string;

  constructor(readonly init: ClustererInit) {
    const c = init.config;
    this.myId = c.myNodeId;
    this.timers = normalizeTimers({ pingIntervalMs: c.pingInterval * 1000, pingTimeoutMs: c.pingTimeout, nodeTimeoutMs: c.nodeTimeout * 1000 });
    this.peersFile = c.stateFile ?? `${c.controlSocket}.peers.json`;
    this.heartbeat = new Heartbeat(timerPeriodMs(this.timers), (skewMs) => this.tickAll(skewMs));
    init.status.identifier(SR_GROUP, 'node_states', 1);
    if (c.enableStats) registerNodeStats(init.stats, this.views);
  }

  get log(): Logger {
    return this.init.log;
  }

  get dbMode(): number {
    return this.init.config.dbMode;
  }

  /**
   * Builds the views from the provisioning (db_mode 0: the configuration;
   * db_mode 1: the rows the node loaded from the clusterer table) and
   * remembered peers, then starts the heartbeat.
   */
  async start(prov: Pick<NodeConfig, 'myNodeInfo' | 'neighborNodeInfo'> = this.init.config): Promise<void> {
    const c = this.init.config;
    for (const me of prov.myNodeInfo) this.addView(me);
    for (const n of prov.neighborNodeInfo) {
      this.views.get(n.clusterId)?.addNode({
        id: n.nodeId,
        url: n.url,
        sipAddr: n.sipAddr ?? '',
        priority: n.priority,
        noPingRetries: n.noPingRetries,
        enabled: n.enabled,
        seed: n.seed,
        dbId: n.dbId,
        description: n.description ?? '',
      });
    }
    if (c.dbMode === 0) restorePeers(this.views, await loadPeers(this.peersFile, this.log), this.myId);
    this.stopped = false;
    this.heartbeat.start();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.heartbeat.stop();
    clearTimeout(this.peersTimer);
    this.peersTimer = undefined;
    if (this.dbMode === 0) await this.persistPeers().catch((err: Error) => this.log.warn(`cannot write state file ${this.peersFile}: ${err.message}`));
  }

  /** A cluster the local node joins (start-up; db_mode 1 reload). Only the table can disable the local node. */
  addView(me: NodeInfo): ClusterView {
    const c = this.init.config;
    const view = new ClusterView({
      clusterId: me.clusterId,
      rerouting: c.enableRerouting,
      local: {
        id: this.myId, url: me.url, sipAddr: me.sipAddr ?? '', priority: me.priority, noPingRetries: me.noPingRetries, seed: me.seed, dbId: me.dbId,
        description: me.description ?? '', enabled: c.dbMode === 1 ? me.enabled : true,
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
    const now = this.init.now() + skewMs;
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
          if (e.announce) this.sendLsUpdate(view, e.nodeId, 1);
          break;
        case 'node_added':
          this.peersChanged();
          this.kick();
          break;
        case 'log':
          this.log[e.level === 'warn' ? 'warn' : e.level === 'error' ? 'error' : e.level === 'debug' ? 'debug' : 'info'](e.msg);
          break;
      }
    }
    this.flushReachability(view);
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
    const waiting = view.linksRestarting();
    if (waiting.length === 0) return false;
    const now = this.init.now();
    return waiting.some((n) => n.enabled && now - n.link.lastPong >= this.timers.pingTimeoutMs);
  }

  private onLinkUp(view: ClusterView, nodeId: number, pongNodeList: number[]): void {
    this.sendLsUpdate(view, nodeId, 0);
    const top = view.buildFullTopUpdate(nodeId, pongNodeList, this.init.now());
    void this.sendMsg(view, nodeId, top);
    for (const hook of this.linkUpHooks) hook(view.clusterId, nodeId);
  }

  /** Called when a direct link comes Up (capabilities and sharing tags announce themselves then). */
  readonly linkUpHooks: ((clusterId: number, nodeId: number) => void)[] = [];
  /** Called on NODE_UP / NODE_DOWN (reachability, direct or through other nodes). */
  readonly reachabilityHooks: ((clusterId: number, nodeId: number, up: boolean) => void)[] = [];

  private sendLsUpdate(view: ClusterView, nodeId: number, state: 0 | 1): void {
    const plan = view.buildLsUpdate(nodeId, state, this.init.now());
    if (!plan) return;
    const frame = encodeMessage(plan.msg);
    for (const dst of plan.destinations) void this.sendFrame(view, dst, frame, true);
  }

  flushReachability(view: ClusterView): void {
    for (const ch of view.reachabilityChanges()) {
      const word = ch.up ? 'UP' : 'DOWN';
      this.init.status.report(SR_GROUP, 'node_states', `Node [${ch.nodeId}], cluster [${view.clusterId}] is ${word}`);
      this.init.events.emit(NODE_STATE_EVENT, { cluster_id: view.clusterId, node_id: ch.nodeId, new_state: ch.up ? 1 : 0 });
      for (const hook of this.reachabilityHooks) hook(view.clusterId, ch.nodeId, ch.up);
    }
  }

  /** Encodes and sends a message directly to a neighbour. */
  sendMsg(view: ClusterView, nodeId: number, msg: ClusterMsg): Promise<boolean> {
    return this.sendFrame(view, nodeId, encodeMessage(msg), true);
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
    const ok = await this.init.transport.send(ep, local?.host ?? '0.0.0.0', frame);
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
    if (!ep || this.init.transport.trySend(ep, frame) !== true) return undefined;
    this.noteDirectSend(view, dstId);
    return SendResult.SENT;
  }

  /** Records a direct send (it postpones keep-alive pings); only effects, if any, go through `apply`. */
  private noteDirectSend(view: ClusterView, nodeId: number): void {
    const now = this.init.now();
    if (view.getNode(nodeId)?.link.lastSent === now) return;
    const effects = view.directSent(nodeId, now);
    if (effects.length > 0) this.apply(view, effects);
  }

  /** Our connection to a peer was closed or reset: probe it now rather than at the next timer tick. */
  onConnectionLost(peer: Endpoint): void {
    const now = this.init.now();
    for (const view of this.views.values()) {
      for (const n of view.nodes.values()) {
        const ep = endpointOf(n.url);
        if (ep && sameEndpoint(ep, peer)) this.apply(view, view.connectionLost(n.id, now));
      }
    }
  }

  private async persistPeers(): Promise<void> {
    await savePeers(this.peersFile, knownPeers(this.views));
  }

  /**
   * Saves the remembered peers PEERS_SAVE_DELAY_MS after a change (a join
   * learns many nodes at once; the file serves the next start, and writing
   * it is no work for the moment the node joins). Also after a removal.
   */
  peersChanged(): void {
    if (this.peersTimer || this.stopped) return;
    this.peersTimer = setTimeout(() => {
      this.peersTimer = undefined;
      if (!this.stopped) void this.persistPeers().catch(() => {});
    }, PEERS_SAVE_DELAY_MS);
    this.peersTimer.unref?.();
  }
}
