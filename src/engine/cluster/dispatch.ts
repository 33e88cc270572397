import type { ClusterView } from '../topology/index.js';
import type { CapUpdateMsg, ExtraMsg, ModuleMsg } from '../wire/types.js';

type ExtraKind = ExtraMsg['kind'];
type ExtraOf<K extends ExtraKind> = Extract<ExtraMsg, { kind: K }>;

/** A routable clusterer message addressed to this node, with its frame as received. */
export type MessageHandler<K extends ExtraKind> = (view: ClusterView, msg: ExtraOf<K>, frame: Buffer) => void;
/** A module packet of a capability, addressed to this node. */
export type CapabilityHandler = (view: ClusterView, msg: ModuleMsg, frame: Buffer) => void;

/** A CAP_UPDATE (flooded, not routable); returns whether to flood it on. */
export type CapUpdateHandler = (view: ClusterView, msg: CapUpdateMsg) => boolean;
/** How a capability's packets are received (OpenSIPS register_module). */
export interface CapabilityOptions {
  /**
   * `auth_check`: the packet's source address must be the address of a node
   * of the cluster (default true, as every clusterer capability); false
   * skips that check (the source id must still be a known node).
   */
  authCheck?: boolean;
  /** `accept_clusters_ids`: only packets of these clusters are handed over (default: every cluster). */
  clusters?: readonly number[];
}

/**
 * Where routable packets addressed to this node go: by clusterer message
 * type, or by capability name for module packets. The parts register their
 * handlers at construction; one handler per key.
 */
export class Dispatch {
  private readonly byKind = new Map<ExtraKind, MessageHandler<ExtraKind>>();
  private readonly byCapability = new Map<string, CapabilityHandler>();
  private capUpdates: CapUpdateHandler | undefined;

  /** The capabilities layer takes CAP_UPDATEs; without it they are neither recorded nor flooded. */
  onCapUpdate(handler: CapUpdateHandler): void {
    if (this.capUpdates) throw new Error('a handler for cap_update is already registered');
    this.capUpdates = handler;
  }

  /** Hands a CAP_UPDATE to its handler; whether to flood it on. */
  capUpdate(view: ClusterView, msg: CapUpdateMsg): boolean {
    return this.capUpdates ? this.capUpdates(view, msg) : false;
  }
  private readonly options = new Map<string, CapabilityOptions>();

  onMessage<K extends ExtraKind>(kind: K, handler: MessageHandler<K>): void {
    if (this.byKind.has(kind)) throw new Error(`a handler for ${kind} is already registered`);
    this.byKind.set(kind, handler as unknown as MessageHandler<ExtraKind>);
  }

  onCapability(name: string, handler: CapabilityHandler, opts: CapabilityOptions = {}): void {
    if (this.byCapability.has(name)) throw new Error(`a handler for capability ${name} is already registered`);
    this.byCapability.set(name, handler);
    if (opts.authCheck === false || opts.clusters) this.options.set(name, opts);
  }

  /** Removes a capability's handler (its packets are then dropped as from an unknown capability). */
  offCapability(name: string): void {
    this.byCapability.delete(name);
    this.options.delete(name);
  }

  /** Whether packets of the capability must come from a member's address (auth_check). */
  authCheck(capability: string): boolean {
    return this.options.get(capability)?.authCheck !== false;
  }

  /** Whether the capability takes packets of this cluster (accept_clusters_ids). */
  accepts(capability: string, clusterId: number): boolean {
    const only = this.options.get(capability)?.clusters;
    return !only || only.includes(clusterId);
  }

  /** Hands the message to its handler; false when nobody handles it. */
  deliver(view: ClusterView, msg: ExtraMsg | ModuleMsg, frame: Buffer): boolean {
    if (msg.kind === 'module') {
      const h = this.byCapability.get(msg.capability);
      if (!h) return false;
      h(view, msg, frame);
      return true;
    }
    const h = this.byKind.get(msg.kind);
    if (!h) return false;
    h(view, msg as ExtraOf<typeof msg.kind>, frame);
    return true;
  }
}
