import type { StatsRegistry } from '../stats/registry.js';
import { LS_WIRE_DOWN, type ClusterView, type FloodOrigin, type RemoteNode } from '../topology/index.js';
import type { FrameSource } from '../transport/connection.js';
import type { TransportHooks } from '../transport/types.js';
import { appendPathHop, decodeMessage, encodeMessage, isWireError, type WireError } from '../wire/index.js';
import type { CapUpdateMsg, ClusterMsg, ExtraMsg, FullTopUpdateMsg, InternalMsg, LsUpdateMsg, ModuleMsg, NodeDescriptionMsg } from '../wire/types.js';

type FloodedMsg = LsUpdateMsg | FullTopUpdateMsg | NodeDescriptionMsg | CapUpdateMsg;
import { admits } from '../config/join-policy.js';
import { wireText } from '../common/printable.js';
import type { Clusterer } from './clusterer.js';
import { endpointOf } from './endpoints.js';
import { encodeInUse, hostOf, isLive } from './id-conflict.js';
import { isRefusal } from '../topology/index.js';

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
  /** The addresses of each cluster's nodes, rebuilt when its membership changes (memberIp runs for every flooded packet). */
  private readonly hosts = new WeakMap<ClusterView, { membership: number; set: Set<string> }>();
  private readonly countReceived: (by?: number) => void;
  private readonly countBytes: (by?: number) => void;

  constructor(
    private readonly cl: Clusterer,
    stats: StatsRegistry,
  ) {
    this.countReceived = stats.counter('bin', 'bin_packets_received');
    this.countDropped = stats.counter('bin', 'bin_packets_dropped');
    this.countBytes = stats.counter('bin', 'bin_bytes_received');
  }

  /** The transport hooks of the node: every frame from the network passes here. */
  readonly hooks: TransportHooks = {
    onFrame: (frame, from) => this.onFrame(frame, from),
    onStreamError: (err, from) => this.onStreamError(err, from),
    onConnectionLost: (peer) => this.cl.onConnectionLost(peer),
  };

  private onFrame(frame: Buffer, from: FrameSource): void {
    this.countBytes(frame.length);
    let msg: ClusterMsg;
    try {
      msg = decodeMessage(frame, this.cl.wireLimits);
    } catch (err) {
      this.countDropped();
      const ip = from.remoteAddress;
      if (isWireError(err)) this.cl.refusals.say(`decode|${ip}|${err.code}`, `dropping packet from ${ip}:${from.remotePort}: ${wireText(err.message, 200)}`);
      else this.cl.refusals.say(`decode|${ip}`, `dropping packet from ${ip}: unexpected ${wireText(String(err), 200)}`, 'error');
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
    const ip = from.remoteAddress;
    this.cl.refusals.say(`stream|${ip}|${err.code}`, `closing BIN connection with ${ip}:${from.remotePort}: ${wireText(err.message, 200)}`);
  }

  receive(msg: ClusterMsg, frame: Buffer, from: FrameSource): void {
    if ('dstId' in msg) this.receiveRouted(msg, frame, from);
    else this.receiveInternal(msg, frame, from);
  }

  private knownSourceIp(view: ClusterView, srcId: number, ip: string): boolean {
    const own = view.getNode(srcId);
    if (own && endpointOf(own.url)?.host === ip) return true;
    return this.memberIp(view, ip);
  }

  /** Some node of the cluster has this address (any scheme). */
  private memberIp(view: ClusterView, ip: string): boolean {
    let c = this.hosts.get(view);
    if (c?.membership !== view.membership) {
      const set = new Set<string>();
      for (const n of view.nodes.values()) set.add(hostOf(n.url));
      this.hosts.set(view, (c = { membership: view.membership, set }));
    }
    return c.set.has(ip);
  }

  private receiveInternal(msg: InternalMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    const log = cl.log;
    const ip = from.remoteAddress;
    if (msg.srcId === cl.myId) return void cl.refusals.say(`self|${ip}`, `Received message with bad source - same node id as this instance (from ${ip})`, 'error');
    const view = cl.view(msg.clusterId);
    if (!view) return void cl.refusals.note('non_member', ip, `Received message from unknown cluster id [${msg.clusterId}] (from ${ip})`);
    if (!view.local.enabled) return log.debug('Current node disabled, ignoring received clusterer bin packet');
    const node = view.getNode(msg.srcId);
    if (!node) return this.fromUnknown(view, msg, frame, from);
    if (!this.knownSourceIp(view, msg.srcId, ip)) return this.foreignSource(view, node, msg, frame, from);
    from.accepted?.();
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
        this.applied(view, r, frame, msg, lsFloodOrigin(msg));
        if (r.accepted && msg.state === LS_WIRE_DOWN && msg.neighbourId !== cl.myId) {
          cl.apply(view, view.peerReportedDown(msg.neighbourId, cl.now(), cl.timers));
        }
        return;
      }
      case 'full_top_update': {
        const r = view.applyFullTopUpdate(msg, cl.dbMode);
        this.applied(view, r, frame, msg, { toAll: r.announced === true });
        // An announcement that no longer lists a link is that link's LS_UPDATE Down.
        for (const id of r.linksLost ?? []) cl.apply(view, view.peerReportedDown(id, cl.now(), cl.timers));
        return;
      }
      case 'node_description':
        // A node we know under another URL: it may have come back from another address (relayed here).
        if (cl.dbMode === 0 && this.moved(view, node, msg, frame)) return;
        return this.applied(view, view.applyNodeDescription(msg, cl.dbMode), frame, msg, { toAll: false });
      case 'cap_update': {
        const flood = cl.dispatch.capUpdate(view, msg);
        return this.applied(view, { accepted: flood, flood, effects: [] }, frame, msg, { toAll: false });
      }
    }
  }

  /**
   * A packet claims a known node's id but comes from an address no node of
   * the cluster has. Sent directly by that node (not relayed), it is either
   * a second node with the same id (the known one is alive: refused, both
   * told), or the node back from another address (the old one gone: db_mode
   * 0 asks for its description and takes its new URL). Anything else is a
   * stranger's packet: dropped and counted.
   */
  private foreignSource(view: ClusterView, node: RemoteNode, msg: InternalMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    const ip = from.remoteAddress;
    const direct = msg.kind === 'ping' || msg.kind === 'pong' || msg.kind === 'unknown_id' || msg.path.length === 1;
    if (!direct) return void cl.refusals.note('non_member', ip, `Received message from unknown source, addr: ${ip}`);
    const now = cl.now();
    const holder = hostOf(node.url);
    if (isLive(node, now, cl.timers.pingIntervalMs, cl.timers.pingTimeoutMs)) {
      const told = cl.refusals.note('id_conflict', `${view.clusterId}/${node.id}/${ip}`, `node id ${node.id} already in use at ${holder}: refusing node id ${node.id} from ${ip} in cluster ${view.clusterId}`, 'error');
      if (told) from.reply(encodeInUse(view, cl.myId, node.id, holder, ip));
      return;
    }
    if (cl.dbMode !== 0) return void cl.refusals.note('non_member', ip, `Received message from unknown source, addr: ${ip} (node id [${node.id}] is at ${holder} in the clusterer table)`);
    if (!admits(view.admission.policy, ip)) return void cl.refusals.note('join_policy', ip, `refusing node id [${node.id}] back from ${ip} in cluster [${view.clusterId}]: join_policy does not admit ${ip}`);
    if (msg.kind === 'ping') {
      cl.refusals.say(`back|${view.clusterId}/${node.id}|${ip}`, `node id [${node.id}] in cluster [${view.clusterId}] pings from ${ip}; its old address ${holder} is gone: asking for its description`, 'info');
      from.reply(encodeMessage({ kind: 'unknown_id', clusterId: view.clusterId, srcId: cl.myId }));
      return;
    }
    if (msg.kind === 'node_description') {
      const ok = view.admit(node.id, msg.url, true);
      if (isRefusal(ok)) return void cl.refusals.note(ok.reason, ip, ok.msg);
      if (ok.host !== ip) return void cl.refusals.note('non_member', ip, `refusing node id [${node.id}] from ${ip}: it describes itself at ${wireText(msg.url)}`);
      if (this.moved(view, node, msg, frame)) from.accepted?.();
    }
  }

  /** db_mode 0: a description of a known node with another URL, while the old address is gone, moves the node. */
  private moved(view: ClusterView, node: RemoteNode, msg: NodeDescriptionMsg, frame: Buffer): boolean {
    const { cl } = this;
    const ok = view.admit(node.id, msg.url, true);
    if (isRefusal(ok) || ok.url === node.url) return false;
    if (isLive(node, cl.now(), cl.timers.pingIntervalMs, cl.timers.pingTimeoutMs)) return false;
    cl.apply(view, view.moveNode(node.id, ok.url));
    this.applied(view, { accepted: true, flood: true, effects: [] }, frame, msg, { toAll: false });
    return true;
  }

  /** Records the packet on the node's link; the usual bookkeeping only when that changed its state (not per packet of a busy Up link). */
  private received(view: ClusterView, node: RemoteNode, now: number, routed: boolean): void {
    const before = node.link.state;
    const effects = view.packetReceived(node.id, now, routed);
    if (effects.length > 0 || node.link.state !== before) this.cl.apply(view, effects);
  }

  /**
   * Only PING and NODE_DESCRIPTION from unknown nodes matter, and only in
   * db_mode 0 (§4.11), from an address the cluster's join_policy admits; a
   * relayed description only from a member. In db_mode 1 a stranger's
   * packets are dropped and counted.
   */
  private fromUnknown(view: ClusterView, msg: InternalMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    const ip = from.remoteAddress;
    if (cl.dbMode !== 0) {
      return void cl.refusals.note('non_member', ip, `Received message with unknown source id [${msg.srcId}] from ${ip} in cluster [${view.clusterId}]: not in the clusterer table, dropped`);
    }
    if (msg.kind !== 'ping' && msg.kind !== 'node_description') {
      return void cl.refusals.say(`unknown_src|${ip}`, `Received message with unknown source id [${msg.srcId}] from ${ip}`, 'info');
    }
    const relayed = msg.kind === 'node_description' && msg.path.length > 1;
    if (relayed ? !this.memberIp(view, ip) : !admits(view.admission.policy, ip)) {
      const why = relayed ? `a relayed description from ${ip}, which is no member` : `join_policy does not admit ${ip}`;
      return void cl.refusals.note(relayed ? 'non_member' : 'join_policy', ip, `refusing node id [${msg.srcId}] in cluster [${view.clusterId}]: ${why}`);
    }
    cl.refusals.say(`unknown_src|${ip}|${msg.srcId}`, `Received message with unknown source id [${msg.srcId}]`, 'info');
    if (msg.kind === 'ping') {
      from.reply(encodeMessage({ kind: 'unknown_id', clusterId: view.clusterId, srcId: cl.myId }));
    } else {
      const r = view.applyNodeDescription(msg, cl.dbMode);
      if (r.accepted) from.accepted?.();
      if (r.accepted && msg.path.length === 1) this.introduce(view, msg.srcId);
      this.applied(view, r, frame, msg, { toAll: false });
    }
  }

  /**
   * A newcomer that sent us its own description (it pinged us, we answered
   * UNKNOWN_ID) gets the whole topology at once, not only once our link
   * with it is Up: it then knows the other nodes by the time they, told of
   * it by our flood, ping it, and answers them instead of sending UNKNOWN_ID
   * (one round trip less per node). A FULL_TOP_UPDATE is accepted whatever
   * the link state (reference §4.7), so OpenSIPS newcomers take it too.
   *
   * Not with ls_batch_interval: a node that pings us unknown may know the
   * whole cluster already (a mesh forming: every node pings every other it
   * just learned, and N² whole views would go out); it gets the nodes it
   * lacks, as its PONG lists them, once our link with it is Up.
   */
  private introduce(view: ClusterView, newcomerId: number): void {
    if (view.nodes.size < 2 || view.batched) return; // nobody else to tell it about, or batched (above)
    this.cl.sendFullTop(view, newcomerId, []);
  }

  /** `msg` is `frame` decoded: the forwarded copy is made from the bytes without decoding them again. */
  private applied(view: ClusterView, r: ReturnType<ClusterView['applyLsUpdate']>, frame: Buffer, msg: FloodedMsg, origin: FloodOrigin): void {
    const { cl } = this;
    cl.apply(view, r.effects);
    if (!r.flood) return;
    const path = msg.path;
    const plan = view.planFlood(path, origin);
    if (plan.tooManyHops) return cl.log.info(`Too many hops for message with source [${path[0]}]`);
    if (plan.targets.length === 0) return;
    // Straight from the originator of an LS_UPDATE (or an announcement): passed on once the links that come up meanwhile are known (flood-relay.ts).
    if (origin.toAll && path.length === 1 && (msg.kind === 'ls_update' || msg.kind === 'full_top_update')) return cl.relay.later(view, frame, msg, origin);
    const copy = appendPathHop(frame, cl.myId, cl.wireLimits, msg);
    for (const t of plan.targets) void cl.sendFrame(view, t, copy, true);
  }

  description(view: ClusterView): ClusterMsg {
    const l = view.local;
    return { kind: 'node_description', clusterId: view.clusterId, srcId: this.cl.myId, url: l.url, sipAddr: l.sipAddr, priority: l.priority, noPingRetries: l.noPingRetries, path: [this.cl.myId] };
  }

  private receiveRouted(msg: ExtraMsg | ModuleMsg, frame: Buffer, from: FrameSource): void {
    const { cl } = this;
    const log = cl.log;
    const ip = from.remoteAddress;
    // Only built for a log line: escaping the capability of every packet would cost the hot path.
    const what = (): string => (msg.kind === 'module' ? `capability ${wireText(msg.capability)}` : msg.kind);
    if (msg.srcId === cl.myId) return void cl.refusals.say(`self|${ip}`, `Received message with bad source - same node id as this instance (from ${ip})`, 'error');
    const view = cl.view(msg.clusterId);
    if (!view) return void cl.refusals.note('non_member', ip, `Received message, type: ${what()}, from unknown cluster id [${msg.clusterId}] (from ${ip})`);
    if (!view.local.enabled) return log.debug('Current node disabled, ignoring received bin packet');
    const node = view.getNode(msg.srcId);
    if (!node) return void cl.refusals.note('non_member', ip, `Received message with unknown source id [${msg.srcId}] (${what()}, from ${ip})`);
    const module = msg.kind === 'module' ? msg.capability : undefined;
    if ((module === undefined || cl.dispatch.authCheck(module)) && !this.knownSourceIp(view, msg.srcId, ip)) {
      return void cl.refusals.note('non_member', ip, `Received message from unknown source, addr: ${ip}`);
    }
    from.accepted?.();
    this.received(view, node, cl.now(), true);
    if (!node.enabled) return;
    if (msg.dstId !== cl.myId) return this.relay(view, msg, frame);
    if (module !== undefined && !cl.dispatch.accepts(module, view.clusterId)) return log.debug(`${what()} does not take packets of cluster ${view.clusterId}`);
    if (!cl.dispatch.deliver(view, msg, frame) && msg.kind !== 'module') log.debug(`no handler for ${what()} from node ${msg.srcId}`);
  }

  /** Forwards a packet for another node byte for byte (§2.2). */
  private relay(view: ClusterView, msg: ExtraMsg | ModuleMsg, frame: Buffer): void {
    const { cl } = this;
    if (msg.kind !== 'module' && !cl.enableRerouting) {
      return void cl.refusals.say(`norelay|${msg.srcId}`, `Received message for destination id [${msg.dstId}] but rerouting disabled`);
    }
    void cl.route(view, msg.dstId, frame).then((r) => {
      if (r !== 0) cl.refusals.say(`route|${msg.srcId}|${msg.dstId}`, `Failed to route message with source id [${msg.srcId}] and destination id [${msg.dstId}]`, 'error');
    });
  }
}

/** How the originator of an LS_UPDATE sent it (see FloodOrigin). */
function lsFloodOrigin(msg: LsUpdateMsg): FloodOrigin {
  return { toAll: true, about: msg.neighbourId };
}
