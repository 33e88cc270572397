import type { ClusterView } from '../topology/index.js';
import { LinkState, acceptSeq, acceptedSeq } from '../topology/index.js';
import { encodeMessage } from '../wire/index.js';
import type { CapUpdateMsg } from '../wire/types.js';
import { applyCapBlocks, fullCapUpdate, ownCapUpdate, singleCapUpdate } from './cap-update.js';
import type { CapContext } from './context.js';
import type { LocalCap } from './local-cap.js';

/**
 * CAP_UPDATE (reference §5.3): the local capabilities' states told to
 * neighbours, in full when a link comes up and one by one when a state
 * changes, and what other nodes advertise taken in.
 */
export class Advertiser {
  constructor(private readonly ctx: CapContext) {}

  private localStates(clusterId: number): Array<{ name: string; ok: boolean }> {
    return [...this.ctx.all()].filter((c) => c.clusterId === clusterId).map((c) => ({ name: c.name, ok: c.advertised }));
  }

  /** A full CAP_UPDATE (every capability of every node we know) to a neighbour. */
  sendFull(view: ClusterView, dst: number, requireReply: boolean): void {
    const local = this.localStates(view.clusterId);
    if (local.length === 0 && this.ctx.remote.nodes(view.clusterId).size === 0) return;
    void this.ctx.c.cluster.sendMsg(view, dst, fullCapUpdate(view, local, this.ctx.remote, dst, requireReply, this.ctx.now()));
  }

  /** A CAP_UPDATE of our own capabilities' states only, to a neighbour (no reply asked). */
  sendOwn(view: ClusterView, dst: number): void {
    const local = this.localStates(view.clusterId);
    if (local.length === 0) return;
    void this.ctx.c.cluster.sendMsg(view, dst, ownCapUpdate(view, local, this.ctx.now()));
  }

  /** A single CAP_UPDATE with the capability's advertised state, to every Up neighbour. */
  sendSingle(cap: LocalCap): void {
    const cl = this.ctx.c.cluster;
    const view = cl.view(cap.clusterId);
    if (!view) return;
    const frame = encodeMessage(singleCapUpdate(view, { name: cap.name, ok: cap.advertised }, this.ctx.now()));
    for (const n of view.nodes.values()) if (n.link.state === LinkState.UP) void cl.sendFrame(view, n.id, frame, true);
  }

  /**
   * A CAP_UPDATE received: taken in when its sequence is new; `nowOk` is
   * told of each node whose capability became synced. Returns whether it
   * is to be flooded on: only when it taught a state.
   */
  onCapUpdate(view: ClusterView, msg: CapUpdateMsg, nowOk: (cap: LocalCap, nodeId: number) => void): boolean {
    const origin = view.getNode(msg.srcId);
    if (!origin || !acceptSeq(origin.cap, msg.seq, msg.timestamp)) return false;
    origin.cap = acceptedSeq(origin.cap, msg.seq, msg.timestamp);
    const r = applyCapBlocks(view, msg, this.ctx.remote);
    if (!r.accepted) {
      this.ctx.c.log.error(r.error ?? 'bad capability update');
      return false;
    }
    for (const { nodeId, name } of r.nowOk) {
      const cap = this.ctx.find(view.clusterId, name);
      if (cap) nowOk(cap, nodeId);
    }
    if (msg.requireReply && msg.path.length === 1) this.sendFull(view, msg.srcId, false);
    // Forwarded only when it taught us a state (as FULL_TOP_UPDATE, docs/topology.md): the full update of
    // every link-up, flooded on by every node, is N³ frames of N blocks when a mesh of N forms.
    return r.changed;
  }
}
