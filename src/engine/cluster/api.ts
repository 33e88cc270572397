import { ClError } from '../errors.js';
import type { ClusterView, RemoteNode } from '../topology/index.js';
import { LinkState, linkStateLabel } from '../topology/index.js';
import { encodeMessage, type ModuleMsg } from '../wire/index.js';
import type { CapabilityOptions } from './dispatch.js';
import type { Clusterer } from './clusterer.js';
import { endpointOf } from './endpoints.js';
import { SendResult } from './send-result.js';

/** What a library user (or an MI command) sees of a node of a cluster. */
export interface NodeSummary {
  clusterId: number;
  nodeId: number;
  dbId: number;
  url: string;
  sipAddr: string;
  description: string;
  priority: number;
  enabled: boolean;
  linkState: 'Up' | 'Down' | 'Probe';
  /** Next hop id, or null when unreachable. */
  nextHop: number | null;
  reachable: boolean;
  learned: boolean;
  /** Milliseconds since the epoch of the last PONG (0 = never). */
  lastPong: number;
}

export class ClusterApiError extends ClError {}

/** The clusterer's library API: the developer guide of the seed, in TypeScript idiom. */
export class ClusterApi {
  constructor(private readonly cl: Clusterer) {}

  getMyId(): number {
    return this.cl.myId;
  }

  clusterIds(): number[] {
    return [...this.cl.views.keys()];
  }

  private view(clusterId: number): ClusterView {
    const v = this.cl.view(clusterId);
    if (!v) throw new ClusterApiError('CL_ERR_UNKNOWN_CLUSTER', `cluster ${clusterId} is not defined on this node`);
    return v;
  }

  summary(view: ClusterView, n: RemoteNode): NodeSummary {
    return {
      clusterId: view.clusterId,
      nodeId: n.id,
      dbId: n.dbId,
      url: n.url,
      sipAddr: n.sipAddr,
      description: n.description,
      priority: n.priority,
      enabled: n.enabled,
      linkState: linkStateLabel(n.link.state),
      nextHop: view.isReachable(n.id) ? (n.link.state === LinkState.UP ? n.id : view.nextHop(n.id)) : null,
      reachable: view.isReachable(n.id),
      learned: n.learned,
      lastPong: n.link.lastPong,
    };
  }

  /** Remote nodes of a cluster, most recently added first (OpenSIPS list order). */
  getNodes(clusterId: number): NodeSummary[] {
    const view = this.view(clusterId);
    return [...view.nodes.values()].reverse().map((n) => this.summary(view, n));
  }

  getNextHop(clusterId: number, nodeId: number): number | null {
    const view = this.view(clusterId);
    const n = view.getNode(nodeId);
    if (!n) throw new ClusterApiError('CL_ERR_UNKNOWN_NODE', `node ${nodeId} is not known in cluster ${clusterId}`);
    return this.summary(view, n).nextHop;
  }

  /** Is `ip` the SIP address (`sip`, default) or BIN listener (`bin`) of a node of the cluster? */
  checkAddr(clusterId: number, ip: string, addrType: 'sip' | 'bin' = 'sip'): boolean {
    const view = this.view(clusterId);
    const nodes = [view.local, ...view.nodes.values()];
    if (addrType === 'bin') return nodes.some((n) => endpointOf(n.url)?.host === ip);
    return nodes.some((n) => n.sipAddr !== '' && n.sipAddr.replace(/^sips?:/, '').split(':')[0] === ip);
  }

  /**
   * Enables or disables a node in a cluster: the local node (no `nodeId`, or
   * our own id) stops sending and drops what it receives; a remote node is
   * ignored locally.
   */
  setState(clusterId: number, nodeId: number | undefined, enabled: boolean): void {
    const view = this.view(clusterId);
    const cl = this.cl;
    if (nodeId === undefined || nodeId === cl.myId) {
      cl.apply(view, view.setLocalEnabled(enabled));
      cl.log.info(`Set state: ${enabled ? 'enabled' : 'disabled'} for local node in cluster: ${clusterId}`);
      return;
    }
    if (!view.getNode(nodeId)) throw new ClusterApiError('CL_ERR_UNKNOWN_NODE', `node ${nodeId} is not known in cluster ${clusterId}`);
    cl.apply(view, view.setNodeEnabled(nodeId, enabled));
    cl.log.info(`Set state: ${enabled ? 'enabled' : 'disabled'} for node: ${nodeId} in cluster: ${clusterId}`);
  }

  /** db_mode 0: tells every node to forget `nodeId` (the node itself disables itself), then forgets it here. */
  async removeNode(clusterId: number, nodeId: number): Promise<void> {
    const view = this.view(clusterId);
    const cl = this.cl;
    const target = view.getNode(nodeId);
    if (!target) throw new ClusterApiError('CL_ERR_UNKNOWN_NODE', `node ${nodeId} is not known in cluster ${clusterId}`);
    const sends = [...view.nodes.values()]
      .filter((n) => n.enabled)
      .map((n) => cl.route(view, n.id, encodeMessage({ kind: 'remove_node', targetId: nodeId, clusterId, srcId: cl.myId, dstId: n.id })));
    await Promise.all(sends);
    cl.apply(view, view.removeNode(nodeId));
    const ep = endpointOf(target.url);
    if (ep) cl.transport.disconnect(ep);
    cl.peersChanged();
  }

  /** Sends an already encoded routable frame (trailer dst = `nodeId`). */
  sendTo(clusterId: number, nodeId: number, frame: Buffer): Promise<SendResult> {
    const view = this.cl.view(clusterId);
    if (!view) return Promise.resolve(SendResult.SEND_ERR);
    return this.cl.route(view, nodeId, frame);
  }

  /**
   * Sends to every enabled remote node, building each copy with its own
   * destination id. SENT if at least one send succeeded (or no node exists),
   * DEST_DOWN if every node was unreachable, else SEND_ERR.
   */
  async sendAll(clusterId: number, build: (dstId: number) => Buffer): Promise<SendResult> {
    const view = this.cl.view(clusterId);
    if (!view) return SendResult.SEND_ERR;
    if (!view.local.enabled) return SendResult.CURR_DISABLED;
    const targets = [...view.nodes.values()].filter((n) => n.enabled);
    if (targets.length === 0) return SendResult.SENT;
    const results = await Promise.all(targets.map((n) => this.cl.route(view, n.id, build(n.id))));
    if (results.some((r) => r === SendResult.SENT)) return SendResult.SENT;
    if (results.every((r) => r === SendResult.DEST_DOWN)) return SendResult.DEST_DOWN;
    return SendResult.SEND_ERR;
  }

  /**
   * OpenSIPS register_module: `handler` gets the packets of capability `name`
   * addressed to this node. `authCheck` (default true) makes their source
   * address prove them a member's; `clusters` restricts the clusters they
   * may come from.
   */
  registerModule(name: string, handler: (msg: ModuleMsg, frame: Buffer) => void, opts: CapabilityOptions = {}): void {
    this.cl.dispatch.onCapability(name, (_view, msg, frame) => handler(msg, frame), opts);
  }

  /** Subscribes to node reachability changes; returns the unsubscriber. */
  onNodeState(fn: (ev: { clusterId: number; nodeId: number; up: boolean }) => void): () => void {
    const offUp = this.cl.on.on('node:up', (e) => fn({ ...e, up: true }));
    const offDown = this.cl.on.on('node:down', (e) => fn({ ...e, up: false }));
    return () => {
      offUp();
      offDown();
    };
  }
}
