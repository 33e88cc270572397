import type { ClusterView } from '../topology/index.js';
import type { SyncReqMsg } from '../wire/types.js';
import type { CapContext } from './context.js';
import { serveSync } from './donor.js';
import type { LocalCap } from './local-cap.js';

/**
 * The donor's side (reference §5.5): sync requests answered with the data
 * set, or owed until the requester becomes reachable.
 */
export class SyncServer {
  constructor(private readonly ctx: CapContext) {}

  onSyncReq(view: ClusterView, msg: SyncReqMsg): void {
    const log = this.ctx.c.log;
    const cap = this.ctx.find(view.clusterId, msg.capability);
    log.info(`Received sync request for capability '${msg.capability}' from node ${msg.srcId}, cluster ${view.clusterId}`);
    if (!cap) return;
    if (!cap.enabled) return log.info('capability disabled, drop sync request');
    if (view.isReachable(msg.srcId)) return this.serve(cap, view, msg.srcId);
    const rec = this.ctx.remote.get(view.clusterId, msg.srcId, cap.name);
    if (!rec) return log.error(`sync request from node ${msg.srcId} for capability '${cap.name}' it never advertised: dropped`);
    rec.replyOwed = true;
  }

  /** A node became reachable: the syncs it asked for while it was not are served now. */
  serveOwed(view: ClusterView, nodeId: number): void {
    for (const [name, rec] of this.ctx.remote.ofNode(view.clusterId, nodeId) ?? []) {
      if (!rec.replyOwed) continue;
      rec.replyOwed = false;
      const cap = this.ctx.find(view.clusterId, name);
      if (cap?.enabled) this.serve(cap, view, nodeId);
    }
  }

  /** Whether a node of a cluster is a `cl` node (it understands our extensions). */
  isClPeer(clusterId: number, nodeId: number): boolean {
    return this.ctx.init.isClPeer?.(clusterId, nodeId) ?? false;
  }

  private serve(cap: LocalCap, view: ClusterView, to: number): void {
    const ctx = this.ctx;
    ctx.count.served();
    void serveSync({
      cluster: ctx.c.cluster,
      view,
      cap,
      to,
      extended: this.isClPeer(view.clusterId, to),
      packetSize: ctx.init.syncPacketSize,
      running: () => ctx.running() && cap.enabled,
      counted: (n) => ctx.count.chunksOut(n),
      sentSoFar: 0,
      log: ctx.c.log,
    });
  }
}
