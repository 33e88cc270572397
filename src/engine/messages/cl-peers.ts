import type { ClusterApi } from '../cluster/api.js';
import type { Logger } from '../log.js';
import type { ModuleMsg } from '../wire/index.js';
import { decodeHello, encodeHello } from './ext-wire.js';

export interface ClPeersInit {
  api: ClusterApi;
  log: Logger;
  /** Sent in our HELLO, e.g. `cl 0.1.0`. */
  software: string;
}

/**
 * Which peers are `cl` nodes. When a node becomes reachable we send it a
 * `cl-hello` asking for an answer; a `cl` node answers, OpenSIPS drops it.
 * Only peers known this way are expected to send `cl-mi` replies; the rest
 * are "sent-only" (reference §3.10: MI_CMD has no reply).
 */
export class ClPeers {
  private readonly known = new Map<number, Map<number, string>>();

  constructor(private readonly init: ClPeersInit) {}

  isCl(clusterId: number, nodeId: number): boolean {
    return this.known.get(clusterId)?.has(nodeId) ?? false;
  }

  /** Software string a `cl` peer announced, e.g. `cl 0.1.0`. */
  software(clusterId: number, nodeId: number): string | undefined {
    return this.known.get(clusterId)?.get(nodeId);
  }

  /** Clusters in which some `cl` peer is known. */
  clusters(): number[] {
    return [...this.known.keys()].filter((c) => (this.known.get(c)?.size ?? 0) > 0).sort((a, b) => a - b);
  }

  /** The known `cl` peers of a cluster. */
  list(clusterId: number): number[] {
    return [...(this.known.get(clusterId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Reachability hook: greet a node that came up, forget one that went down (it may come back as something else). */
  onReachability(clusterId: number, nodeId: number, up: boolean): void {
    if (!up) {
      this.known.get(clusterId)?.delete(nodeId);
      return;
    }
    this.send(clusterId, nodeId, true);
  }

  onHello(msg: ModuleMsg): void {
    let hello;
    try {
      hello = decodeHello(msg);
    } catch (err) {
      this.init.log.info(`discarding cl-hello from node ${msg.srcId}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    let peers = this.known.get(msg.clusterId);
    if (!peers) this.known.set(msg.clusterId, (peers = new Map()));
    const isNew = !peers.has(msg.srcId);
    peers.set(msg.srcId, hello.software);
    if (isNew) this.init.log.debug(`node ${msg.srcId} of cluster ${msg.clusterId} is a cl node (${hello.software})`);
    if (hello.wantAnswer) this.send(msg.clusterId, msg.srcId, false);
  }

  private send(clusterId: number, nodeId: number, wantAnswer: boolean): void {
    const frame = encodeHello({ software: this.init.software, wantAnswer }, { clusterId, srcId: this.init.api.getMyId(), dstId: nodeId });
    void this.init.api.sendTo(clusterId, nodeId, frame).then((r) => {
      if (r !== 0) this.init.log.debug(`cl-hello to node ${nodeId} of cluster ${clusterId} not sent (${r})`);
    });
  }
}
