import type { Clusterer } from '../cluster/clusterer.js';
import { SendResult } from '../cluster/send-result.js';
import { encodeMessage, withDst } from '../wire/index.js';
import type { CapabilityLayer } from './layer.js';
import type { LocalCap } from './local-cap.js';
import type { CapabilityInfo } from './types.js';

/**
 * What a capability's owner holds after registering it: sending its
 * packets (nothing leaves while it is disabled, and senders see success,
 * as in OpenSIPS), its state, a resync, key ownership.
 */
export class CapabilityHandle {
  constructor(
    private readonly layer: CapabilityLayer,
    private readonly cl: Clusterer,
    readonly cap: LocalCap,
  ) {}

  get name(): string {
    return this.cap.name;
  }

  get clusterId(): number {
    return this.cap.clusterId;
  }

  /**
   * A packet of the capability to every enabled node of the cluster, one
   * copy each (addressed to it); returns how many copies left now or are
   * on their way (nodes unreachable now are skipped).
   */
  broadcast(type: number, payload: Buffer, version = 1): number {
    const view = this.cl.view(this.cap.clusterId);
    if (!view || !this.cap.enabled || !view.local.enabled) return 0;
    let frame: Buffer | undefined;
    let sent = 0;
    for (const n of view.nodes.values()) {
      if (!n.enabled || !view.isReachable(n.id)) continue;
      frame = frame ? withDst(frame, n.id) : encodeMessage({ kind: 'module', capability: this.cap.name, version, type, payload, clusterId: view.clusterId, srcId: this.cl.myId, dstId: n.id });
      const now = this.cl.routeNow(view, n.id, frame);
      if (now === undefined) void this.cl.route(view, n.id, frame);
      sent++;
    }
    return sent;
  }

  /**
   * The nodes a packet of the capability goes to now (enabled, reachable),
   * and whether each is a `cl` node; empty while the capability or the
   * local node is disabled. For senders that encode per kind of peer.
   */
  targets(): Array<{ nodeId: number; cl: boolean }> {
    const view = this.cl.view(this.cap.clusterId);
    if (!view || !this.cap.enabled || !view.local.enabled) return [];
    const out: Array<{ nodeId: number; cl: boolean }> = [];
    for (const n of view.nodes.values()) if (n.enabled && view.isReachable(n.id)) out.push({ nodeId: n.id, cl: this.layer.isClPeer(view.clusterId, n.id) });
    return out;
  }

  /** A packet of the capability to one node, now when its connection is open (no Promise), else on its way. */
  post(nodeId: number, type: number, payload: Buffer, version = 1): void {
    const view = this.cl.view(this.cap.clusterId);
    if (!view || !this.cap.enabled) return;
    const frame = encodeMessage({ kind: 'module', capability: this.cap.name, version, type, payload, clusterId: view.clusterId, srcId: this.cl.myId, dstId: nodeId });
    if (this.cl.routeNow(view, nodeId, frame) === undefined) void this.cl.route(view, nodeId, frame);
  }

  /** A packet of the capability to one node. */
  send(nodeId: number, type: number, payload: Buffer, version = 1): Promise<SendResult> {
    const view = this.cl.view(this.cap.clusterId);
    if (!view) return Promise.resolve(SendResult.SEND_ERR);
    if (!this.cap.enabled) return Promise.resolve(SendResult.SENT);
    return this.cl.route(view, nodeId, encodeMessage({ kind: 'module', capability: this.cap.name, version, type, payload, clusterId: view.clusterId, srcId: this.cl.myId, dstId: nodeId }));
  }

  /**
   * The reachable node towards which the most bytes wait to leave, with
   * that amount (null: none reachable, or the capability is disabled): a
   * sender that must not lose an update refuses it rather than queue it
   * behind a stalled peer.
   */
  heaviest(): { nodeId: number; bytes: number } | null {
    const view = this.cl.view(this.cap.clusterId);
    if (!view || !this.cap.enabled) return null;
    let worst: { nodeId: number; bytes: number } | null = null;
    for (const n of view.nodes.values()) {
      if (!n.enabled || !view.isReachable(n.id)) continue;
      const bytes = this.cl.backlog(view, n.id);
      if (worst === null || bytes > worst.bytes) worst = { nodeId: n.id, bytes };
    }
    return worst;
  }

  info(): CapabilityInfo {
    return this.layer.info(this.cap);
  }

  requestSync(): ReturnType<CapabilityLayer['requestSync']> {
    return this.layer.requestSync(this.cap);
  }

  owner(key: string): number | null {
    return this.layer.owner(this.cap, key);
  }
}
