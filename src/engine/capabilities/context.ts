import type { Clock } from '../clock.js';
import type { Clusterer } from '../cluster/clusterer.js';
import type { Logger } from '../log.js';
import type { StatsRegistry } from '../stats/registry.js';
import type { StatusRegistry } from '../status/registry.js';
import type { LocalCap } from './local-cap.js';
import type { RemoteCaps } from './remote-caps.js';
import type { CapStatusValue } from './types.js';

/** What the capabilities layer uses of the node. */
export interface CapabilitiesComponents {
  cluster: Clusterer;
  status: StatusRegistry;
  stats: StatsRegistry;
  clock: Clock;
  log: Logger;
}

export interface CapabilitiesInit {
  /** `seed_fallback_interval`, ms. */
  seedFallbackMs: number;
  /** `sync_timeout`, ms. */
  syncTimeoutMs: number;
  /** `sync_packet_size`, bytes. */
  syncPacketSize: number;
  /** Whether a node of a cluster is a `cl` node (it understands `cl-sync`). */
  isClPeer?: (clusterId: number, nodeId: number) => boolean;
}

/** The `sync` statistics. */
export type SyncCounters = Record<'requests' | 'completed' | 'failed' | 'chunksIn' | 'chunksOut' | 'served', (by?: number) => void>;

/**
 * What the layer's roles (advertiser, requester, donor, heal watch)
 * share: the node's parts, the local capabilities and what other nodes
 * advertise, the clock and the status/report values.
 */
export interface CapContext {
  readonly c: CapabilitiesComponents;
  readonly init: CapabilitiesInit;
  readonly remote: RemoteCaps;
  readonly count: SyncCounters;
  find(clusterId: number, name: string): LocalCap | undefined;
  /** Every local capability, in registration order. */
  all(): Iterable<LocalCap>;
  now(): number;
  /** The layer runs (started, not stopped). */
  running(): boolean;
  setStatus(cap: LocalCap, status: CapStatusValue, report?: string): void;
}
