/**
 * What the node knows of other nodes' capabilities, learned only from
 * CAP_UPDATE (reference §5.3): per cluster, node and capability, whether
 * that node holds the data set (OK), and whether we owe it a sync reply.
 */
export interface RemoteCap {
  ok: boolean;
  /** A sync request came while the node was unreachable: serve it once it is back. */
  replyOwed: boolean;
}

export class RemoteCaps {
  private readonly byCluster = new Map<number, Map<number, Map<string, RemoteCap>>>();

  get(clusterId: number, nodeId: number, name: string): RemoteCap | undefined {
    return this.byCluster.get(clusterId)?.get(nodeId)?.get(name);
  }

  /** Records a state; true if it changed (or is new). */
  set(clusterId: number, nodeId: number, name: string, ok: boolean): boolean {
    let nodes = this.byCluster.get(clusterId);
    if (!nodes) this.byCluster.set(clusterId, (nodes = new Map()));
    let caps = nodes.get(nodeId);
    if (!caps) nodes.set(nodeId, (caps = new Map()));
    const rec = caps.get(name);
    if (!rec) {
      caps.set(name, { ok, replyOwed: false });
      return true;
    }
    if (rec.ok === ok) return false;
    rec.ok = ok;
    return true;
  }

  /** Capabilities known of a node (CAP_UPDATE blocks for other nodes). */
  ofNode(clusterId: number, nodeId: number): ReadonlyMap<string, RemoteCap> | undefined {
    return this.byCluster.get(clusterId)?.get(nodeId);
  }

  nodes(clusterId: number): ReadonlyMap<number, ReadonlyMap<string, RemoteCap>> {
    return this.byCluster.get(clusterId) ?? new Map();
  }

  /** Forgets a node (removed from the cluster). */
  forget(clusterId: number, nodeId: number): void {
    this.byCluster.get(clusterId)?.delete(nodeId);
  }
}
