import type { StatsRegistry } from '../stats/registry.js';
import { LS_WIRE_DOWN, type ClusterView, type FloodOrigin, type RemoteNode } from '../topology/index.js';
import type { FrameSource } from '../transport/connection.js';
import type { TransportHooks } from '../transport/types.js';
import { appendPathHop, decodeMessage, encodeMessage, isWireError, type WireError } from '../wire/index.js';
import type { ClusterMsg, ExtraMsg, InternalMsg, LsUpdateMsg, ModuleMsg } from '../wire/types.js';
import type { Clusterer } from './clusterer.js';
import { endpointOf } from './endpoints.js';

/**
 * The inbound path of a node: frames from the transport are decoded, pass
 * the acceptance checks of reference §2.5 in OpenSIPS's order, and go to
 * the topology (clusterer-internal messages) or, when addressed to this
 * node, to the handler a part registered in the cluster's Dispatch (by
 * message type or capability name); others are relayed. Nothing a peer
 * sends can throw out of here.
 */
export class Inbound {
  private readonly countDropped: (by?: number) => void;
  private readonly countReceived: (by?: number) => void;

  constructor(
    private readonly cl: Clusterer,
    stats: StatsRegistry,
  ) {
    this.countReceived = stats.counter('bin', 'bin_packets_received');
    this.countDropped = stats.counter('bin', 'bin_packets_dropped');
  }

  /** The transport hooks of the node: every frame from the network passes here. */
  readonly hooks: TransportHooks = {
    onFrame: (frame, from) => this.onFrame(frame, from),
    onStreamError: (err, from) => this.onStreamError(err, from),
    onConnectionLost: (peer) => this.cl.onConnectionLost(peer),
  };

  private onFrame(frame: Buffer, from: FrameSource): void {
    let msg: ClusterMsg;
    try {
      msg = decodeMessage(frame);
    } catch (err) {
      this.countDropped();
      if (isWireError(err)) this.cl.log.warn(`dropping packet from ${from.remoteAddress}:${from.remotePort}: ${err.message}`);
      else this.cl.log.error(`dropping packet from ${from.remoteAddress}: unexpected ${String(err)}`);
      return;
    }
    this.countReceived();
    try {
      this.receive(msg, frame, from);
    } catch (err) {
      this.cl.log.error(`error handling ${msg.kind} from ${from.remoteAddress}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private onStreamError(err: WireError, from: FrameSource): void {
    this.countDropped();
    this.cl.log.warn(`closing BIN connection with ${from.remoteAddress}:${from.remotePort}: ${err.message}`);
  }

  receive(msg: ClusterMsg, frame: Buffer, from: FrameSource): void {
    if ('dstId' in msg) this.receiveRouted(msg, frame, from);
    else this.receiveInternal(msg, frame, from);
  }

  private knownSourceIp(view: ClusterView, srcId: number, ip: string): boolean {
    const own = view.getNode(srcId);
    if (own && endpointOf(own.url)?.host === ip) return true;
    for (const n of view.nodes.values()) if (endpointOf(n.url)?.host === ip) return true;
    return false;
  }

  private receiveInternal(msg: InternalMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    const log = cl.log;
    if (msg.srcId === cl.myId) return log.error('Received message with bad source - same node id as this instance');
    const view = cl.view(msg.clusterId);
    if (!view) return log.warn(`Received message from unknown cluster id [${msg.clusterId}]`);
    if (!view.local.enabled) return log.debug('Current node disabled, ignoring received clusterer bin packet');
    const node = view.getNode(msg.srcId);
    if (!node) return this.fromUnknown(view, msg, frame, from);
    if (!this.knownSourceIp(view, msg.srcId, from.remoteAddress)) return log.warn(`Received message from unknown source, addr: ${from.remoteAddress}`);
    const now = cl.now();
    if (msg.kind === 'pong') return cl.apply(view, view.pongReceived(msg, now, cl.timers));
    this.received(view, node, now, false);
    if (!node.enabled) return;
    switch (msg.kind) {
      case 'ping': {
        const nodeIds = msg.reqNodeList ? view.nodeListForPong(msg.srcId) : [];
        void cl
          .sendMsg(view, msg.srcId, { kind: 'pong', clusterId: view.clusterId, srcId: cl.myId, nodeIds })
          .then((ok) => cl.apply(view, view.pingReceived(msg.srcId, ok, cl.now(), cl.timers)));
        return;
      }
      case 'unknown_id':
        void cl.sendMsg(view, msg.srcId, this.description(view));
        return cl.apply(view, view.restartPinging(msg.srcId));
      case 'ls_update': {
        const r = view.applyLsUpdate(msg, cl.dbMode);
        this.applied(view, r, frame, msg.path, lsFloodOrigin(msg));
        if (r.accepted && msg.state === LS_WIRE_DOWN && msg.neighbourId !== cl.myId) {
          cl.apply(view, view.peerReportedDown(msg.neighbourId, cl.now(), cl.timers));
        }
        return;
      }
      case 'full_top_update':
        return this.applied(view, view.applyFullTopUpdate(msg, cl.dbMode), frame, msg.path, { toAll: false });
      case 'node_description':
        return this.applied(view, view.applyNodeDescription(msg, cl.dbMode), frame, msg.path, { toAll: false });
      case 'cap_update': {
        const flood = cl.dispatch.capUpdate(view, msg);
        return this.applied(view, { accepted: flood, flood, effects: [] }, frame, msg.path, { toAll: false });
      }
    }
  }

  /** Records the packet on the node's link; the usual bookkeeping only when that changed its state (not per packet of a busy Up link). */
  private received(view: ClusterView, node: RemoteNode, now: number, routed: boolean): void {
    const before = node.link.state;
    const effects = view.packetReceived(node.id, now, routed);
    if (effects.length > 0 || node.link.state !== before) this.cl.apply(view, effects);
  }

  /** Only PING and NODE_DESCRIPTION from unknown nodes matter, and only in db_mode 0 (§4.11). */
  private fromUnknown(view: ClusterView, msg: InternalMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    cl.log.info(`Received message with unknown source id [${msg.srcId}]`);
    if (cl.dbMode !== 0) return;
    if (msg.kind === 'ping') {
      from.reply(encodeMessage({ kind: 'unknown_id', clusterId: view.clusterId, srcId: cl.myId }));
    } else if (msg.kind === 'node_description') {
      const r = view.applyNodeDescription(msg, cl.dbMode);
      if (r.accepted && msg.path.length === 1) this.introduce(view, msg.srcId);
      this.applied(view, r, frame, msg.path, { toAll: false });
    }
  }

  /**
   * A newcomer that sent us its own description (it pinged us, we answered
   * UNKNOWN_ID) gets the whole topology at once, not only once our link
   * with it is Up: it then knows the other nodes by the time they, told of
   * it by our flood, ping it, and answers them instead of sending UNKNOWN_ID
   * (one round trip less per node). A FULL_TOP_UPDATE is accepted whatever
   * the link state (reference §4.7), so OpenSIPS newcomers take it too.
   */
  private introduce(view: ClusterView, newcomerId: number): void {
    if (view.nodes.size < 2) return; // nobody else to tell it about
    void this.cl.sendMsg(view, newcomerId, view.buildFullTopUpdate(newcomerId, [], this.cl.now()));
  }

  private applied(view: ClusterView, r: ReturnType<ClusterView['applyLsUpdate']>, frame: Buffer, path: number[], origin: FloodOrigin): void {
    const { cl } = this;
    cl.apply(view, r.effects);
    if (!r.flood) return;
    const plan = view.planFlood(path, origin);
    if (plan.tooManyHops) return cl.log.info(`Too many hops for message with source [${path[0]}]`);
    if (plan.targets.length === 0) return;
    const copy = appendPathHop(frame, cl.myId);
    for (const t of plan.targets) void cl.sendFrame(view, t, copy, true);
  }

  description(view: ClusterView): ClusterMsg {
    const l = view.local;
    return { kind: 'node_description', clusterId: view.clusterId, srcId: this.cl.myId, url: l.url, sipAddr: l.sipAddr, priority: l.priority, noPingRetries: l.noPingRetries, path: [this.cl.myId] };
  }

  private receiveRouted(msg: ExtraMsg | ModuleMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    const log = cl.log;
    const what = msg.kind === 'module' ? `capability ${msg.capability}` : msg.kind;
    if (msg.srcId === cl.myId) return log.error('Received message with bad source - same node id as this instance');
    const view = cl.view(msg.clusterId);
    if (!view) return log.warn(`Received message, type: ${what}, from unknown cluster id [${msg.clusterId}]`);
    if (!view.local.enabled) return log.debug('Current node disabled, ignoring received bin packet');
    const node = view.getNode(msg.srcId);
    if (!node) return log.warn(`Received message with unknown source id [${msg.srcId}]`);
    if (!this.knownSourceIp(view, msg.srcId, from.remoteAddress)) return log.warn(`Received message from unknown source, addr: ${from.remoteAddress}`);
    this.received(view, node, cl.now(), true);
    if (!node.enabled) return;
    if (msg.dstId !== cl.myId) return this.relay(view, msg, frame);
    if (!cl.dispatch.deliver(view, msg, frame) && msg.kind !== 'module') log.debug(`no handler for ${what} from node ${msg.srcId}`);
  }

  /** Forwards a packet for another node byte for byte (§2.2). */
  private relay(view: ClusterView, msg: ExtraMsg | ModuleMsg, frame: Buffer): void {
    const { cl } = this;
    if (msg.kind !== 'module' && !cl.enableRerouting) {
      return cl.log.warn(`Received message for destination id [${msg.dstId}] but rerouting disabled`);
    }
    void cl.route(view, msg.dstId, frame).then((r) => {
      if (r !== 0) cl.log.error(`Failed to route message with source id [${msg.srcId}] and destination id [${msg.dstId}]`);
    });
  }
}

/** How the originator of an LS_UPDATE sent it (see FloodOrigin). */
function lsFloodOrigin(msg: LsUpdateMsg): FloodOrigin {
  return { toAll: true, about: msg.neighbourId };
}
