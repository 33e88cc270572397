import type { TimerHandle } from '../clock.js';
import { SR_GROUP } from '../cluster/clusterer.js';
import { ClError } from '../errors.js';
import type { ClusterView } from '../topology/index.js';
import { Advertiser } from './advertiser.js';
import { CAP_SYNC_EXT } from './cl-sync.js';
import type { CapabilitiesComponents, CapabilitiesInit, CapContext } from './context.js';
import { pickDonor } from './donor-choice.js';
import { CAP_HEAL_ASK } from './heal-ask.js';
import { HealWatch } from './heal.js';
import { LocalCap } from './local-cap.js';
import { rendezvousOwner } from './owner.js';
import { SyncReceiver, type SyncRequestOutcome } from './receiver.js';
import { RemoteCaps } from './remote-caps.js';
import { SyncServer } from './serving.js';
import { CapStatus, type CapabilityDef, type CapabilityInfo, type CapStatusValue } from './types.js';
import { REPORT, STATUS_DETAILS, capIdentifier } from './wording.js';

export type { CapabilitiesComponents, CapabilitiesInit } from './context.js';
export { MAX_HELD_PACKETS } from './receiver.js';

/** The supervision timer's period (reference §5.8). */
export const SUPERVISION_MS = 500;

export class CapabilityError extends ClError {}

const capKey = (clusterId: number, name: string): string => `${clusterId}/${name}`;

/**
 * The capabilities layer (seed "middle layer", reference §5): the local
 * capabilities and their sync states, wired to its roles — the
 * advertiser (CAP_UPDATE), the requester and the donor of full data
 * syncs, and the heal watch — and the supervision timer that drives them.
 */
export class CapabilityLayer {
  readonly remote = new RemoteCaps();
  private readonly caps = new Map<string, LocalCap>();
  private timer: TimerHandle | undefined;
  private running = false;
  private readonly ctx: CapContext;
  private readonly adv: Advertiser;
  private readonly receiver: SyncReceiver;
  private readonly server: SyncServer;
  private readonly heal: HealWatch;
  private readonly seedNoticed = new Set<number>();

  constructor(
    private readonly c: CapabilitiesComponents,
    init: CapabilitiesInit,
  ) {
    const s = c.stats;
    this.ctx = {
      c,
      init,
      remote: this.remote,
      count: {
        requests: s.counter('sync', 'sync_requests_sent'),
        completed: s.counter('sync', 'syncs_completed'),
        failed: s.counter('sync', 'syncs_failed'),
        chunksIn: s.counter('sync', 'sync_chunks_received'),
        chunksOut: s.counter('sync', 'sync_chunks_sent'),
        served: s.counter('sync', 'syncs_served'),
      },
      find: (clusterId, name) => this.find(clusterId, name),
      all: () => this.caps.values(),
      now: () => c.clock.now(),
      running: () => this.running,
      setStatus: (cap, status, report) => this.setStatus(cap, status, report),
    };
    this.adv = new Advertiser(this.ctx);
    this.receiver = new SyncReceiver(this.ctx, this.adv);
    this.server = new SyncServer(this.ctx);
    this.heal = new HealWatch(this.ctx, this.receiver);
    const d = c.cluster.dispatch;
    d.onCapUpdate((view, msg) => this.adv.onCapUpdate(view, msg, (cap, nodeId) => this.receiver.donorAppeared(cap, view, nodeId)));
    d.onMessage('sync_req', (view, msg) => this.server.onSyncReq(view, msg));
    d.onMessage('sync', (view, msg, frame) => this.receiver.onSync(view, msg, frame));
    d.onMessage('sync_end', (view, msg) => this.receiver.onSyncEnd(view, msg));
    d.onCapability(CAP_SYNC_EXT, (view, msg) => this.receiver.onSyncExt(view, msg));
    d.onCapability(CAP_HEAL_ASK, (view, msg) => this.heal.onAsk(view, msg));
    c.cluster.on.on('link:up', (e) => {
      // A neighbour caught up had the other nodes' states from their floods (ls_batch_interval): ours only.
      if (e.caughtUp) this.adv.sendOwn(e.view, e.nodeId);
      else this.adv.sendFull(e.view, e.nodeId, true);
      this.heal.linkUp(e.view.clusterId, e.nodeId);
    });
    c.cluster.on.on('node:up', (e) => this.onReachable(e.clusterId, e.nodeId));
    c.cluster.on.on('node:down', (e) => this.heal.unreachable(e.clusterId, e.nodeId));
  }

  /** Registers a capability (reference §5.1); before or after start. */
  register(def: CapabilityDef): LocalCap {
    const key = capKey(def.clusterId, def.name);
    if (this.caps.has(key)) throw new CapabilityError('CL_ERR_CAP_EXISTS', `capability ${def.name} is already registered in cluster ${def.clusterId}`);
    if (def.name === CAP_SYNC_EXT || def.name === CAP_HEAL_ASK) throw new CapabilityError('CL_ERR_CAP_RESERVED', `capability name ${def.name} is reserved`);
    const cap = new LocalCap(def);
    this.caps.set(key, cap);
    this.c.status.identifier(SR_GROUP, capIdentifier(cap.name), cap.status, STATUS_DETAILS[cap.status]);
    if (![...this.caps.values()].some((o) => o !== cap && o.name === cap.name)) {
      this.c.cluster.dispatch.onCapability(cap.name, (view, msg) => this.receiver.onPacket(view, msg));
    }
    if (this.running) this.activate(cap);
    return cap;
  }

  find(clusterId: number, name: string): LocalCap | undefined {
    return this.caps.get(capKey(clusterId, name));
  }

  list(): LocalCap[] {
    return [...this.caps.values()].sort((a, b) => a.clusterId - b.clusterId || a.name.localeCompare(b.name));
  }

  start(): void {
    this.running = true;
    for (const cap of this.caps.values()) this.activate(cap);
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.c.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private activate(cap: LocalCap): void {
    const view = this.c.cluster.view(cap.clusterId);
    if (!view) {
      throw new CapabilityError('CL_ERR_UNKNOWN_CLUSTER', `capability ${cap.name}: cluster id ${cap.clusterId} is not defined on this node`);
    }
    if (cap.startupSync) {
      this.noticeNoSeed(view);
      this.receiver.requestSync(cap);
    }
  }

  /** OpenSIPS's notice when no node of the cluster is known as a seed: then no node ever becomes synced. */
  private noticeNoSeed(view: ClusterView): void {
    if (this.seedNoticed.has(view.clusterId) || view.local.seed || [...view.nodes.values()].some((n) => n.seed)) return;
    this.seedNoticed.add(view.clusterId);
    this.c.log.notice(`No seed node defined in cluster: ${view.clusterId}! Some clustering capabilities might not be able to sync data (unless a node that is a seed, flags=seed, joins)`);
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.c.clock.setTimeout(() => {
      this.supervise();
      this.schedule();
    }, SUPERVISION_MS);
  }

  /** The supervision timer (reference §5.8): sync timeouts, retries, seed fallback, heal merges. */
  private supervise(): void {
    const now = this.c.clock.now();
    for (const cap of this.caps.values()) {
      const view = this.c.cluster.view(cap.clusterId);
      if (view && view.local.enabled && cap.enabled) this.receiver.supervise(cap, view, now);
    }
    this.heal.tick(now);
  }

  /** A node became reachable: queued requests go to it, owed syncs are served, a heal may be due. */
  private onReachable(clusterId: number, nodeId: number): void {
    const view = this.c.cluster.view(clusterId);
    if (!view) return;
    for (const cap of this.caps.values()) if (cap.clusterId === clusterId) this.receiver.donorAppeared(cap, view, nodeId);
    this.server.serveOwed(view, nodeId);
    this.heal.reachable(clusterId, nodeId);
  }

  private setStatus(cap: LocalCap, status: CapStatusValue, report?: string): void {
    cap.status = status;
    const id = capIdentifier(cap.name);
    this.c.status.setStatus(SR_GROUP, id, status, STATUS_DETAILS[status]);
    if (report) this.c.status.report(SR_GROUP, id, report);
  }

  info(cap: LocalCap): CapabilityInfo {
    const s = cap.session;
    return {
      clusterId: cap.clusterId,
      name: cap.name,
      enabled: cap.enabled,
      synced: cap.ok,
      status: cap.status,
      donor: s ? s.donor : null,
      received: s ? s.received : cap.lastReceived,
      expected: s ? (s.total >= 0 ? s.total : (s.ext?.expected ?? 0)) : cap.lastExpected,
      syncedNodes: this.syncedNodes(cap),
      verified: s ? false : cap.lastVerified,
    };
  }

  /** Nodes holding the capability in the synced state, as far as we know (the local node included). */
  syncedNodes(cap: LocalCap): number[] {
    const view = this.c.cluster.view(cap.clusterId);
    if (!view) return [];
    const out = cap.advertised ? [view.local.id] : [];
    for (const n of view.nodes.values()) if (this.remote.get(cap.clusterId, n.id, cap.name)?.ok && view.isReachable(n.id)) out.push(n.id);
    return out.sort((a, b) => a - b);
  }

  /** The node that owns `key` among the synced, reachable nodes of the capability (rendezvous hashing); null when none. */
  owner(cap: LocalCap, key: string): number | null {
    return rendezvousOwner(this.syncedNodes(cap), key);
  }

  /** The donor a sync of the capability would ask now (reference §5.4); `among` restricts the choice. */
  pickDonor(cap: LocalCap, among?: ReadonlySet<number>): number | null {
    return pickDonor(this.ctx, cap, among);
  }

  /** Asks for the full data set (reference §5.4); the outcome in the words of `cl_cap_sync`. */
  requestSync(cap: LocalCap, opts: { merge?: boolean; among?: ReadonlySet<number> } = {}): SyncRequestOutcome {
    return this.receiver.requestSync(cap, opts);
  }

  /** Whether a node of a cluster is a `cl` node (it understands our extensions). */
  isClPeer(clusterId: number, nodeId: number): boolean {
    return this.server.isClPeer(clusterId, nodeId);
  }

  /**
   * `clusterer_set_cap_status` (reference §5.10). Disabling drops the data
   * set's synced state; enabling again asks for a sync when the capability
   * syncs at start (OpenSIPS advertises it synced without one).
   */
  setEnabled(cap: LocalCap, enabled: boolean): void {
    if (cap.enabled === enabled) return;
    if (!enabled) {
      cap.enabled = false;
      cap.ok = false;
      this.receiver.abandon(cap);
      this.setStatus(cap, CapStatus.NOT_SYNCED, REPORT.disabled);
      this.adv.sendSingle(cap);
      return;
    }
    cap.enabled = true;
    if (cap.startupSync) this.receiver.requestSync(cap);
    else {
      cap.ok = true;
      this.setStatus(cap, CapStatus.SYNCED);
      this.adv.sendSingle(cap);
    }
  }
}
