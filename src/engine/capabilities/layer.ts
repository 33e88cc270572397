import { lazyBuiltin } from '../builtin.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { Clusterer } from '../cluster/clusterer.js';
import { SR_GROUP } from '../cluster/clusterer.js';
import { SendResult } from '../cluster/send-result.js';
import { ClError } from '../errors.js';
import type { Logger } from '../log.js';
import type { StatsRegistry } from '../stats/registry.js';
import type { StatusRegistry } from '../status/registry.js';
import type { ClusterView, RemoteNode } from '../topology/index.js';
import { LinkState, acceptSeq, acceptedSeq } from '../topology/index.js';
import { encodeMessage } from '../wire/index.js';
import type { CapUpdateMsg, ModuleMsg, SyncEndMsg, SyncMsg, SyncReqMsg } from '../wire/types.js';
import { applyCapBlocks, fullCapUpdate, singleCapUpdate } from './cap-update.js';
import { CAP_SYNC_EXT, decodeSyncExt, type SyncExt } from './cl-sync.js';
import { serveSync, syncRegion } from './donor.js';
import { LocalCap, type SyncSession } from './local-cap.js';
import { rendezvousOwner } from './owner.js';
import { RemoteCaps } from './remote-caps.js';
import { CapStatus, type CapabilityDef, type CapabilityInfo, type CapStatusValue } from './types.js';
import { REPORT, STATUS_DETAILS, capIdentifier } from './wording.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

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

/** The supervision timer's period (reference §5.8). */
export const SUPERVISION_MS = 500;
/** Regular packets held back during one sync, at most; beyond, the sync fails rather than the node's memory. */
export const MAX_HELD_PACKETS = 1_000_000;
/** The first pause before asking again after a failed sync (doubles with each failure in a row). */
const RETRY_MS = 1000;
/** How long after a partition healed the node looks for a node of the other side to merge from. */
const HEAL_DELAY_MS = 1000;

export class CapabilityError extends ClError {}

const capKey = (clusterId: number, name: string): string => `${clusterId}/${name}`;

/**
 * The capabilities layer (seed "middle layer", reference §5): local
 * capabilities and their sync states, what other nodes advertise, the
 * full data sync as requester and as donor, and partition heal merges.
 */
export class CapabilityLayer {
  readonly remote = new RemoteCaps();
  private readonly caps = new Map<string, LocalCap>();
  private timer: TimerHandle | undefined;
  private running = false;
  /** Per cluster: nodes that were reachable and are not any more, and those of them back since the last heal check. */
  private readonly lost = new Map<number, Set<number>>();
  private readonly healed = new Map<number, Set<number>>();
  private healAt = 0;
  private readonly count: Record<'requests' | 'completed' | 'failed' | 'chunksIn' | 'chunksOut' | 'served', (by?: number) => void>;

  constructor(
    private readonly c: CapabilitiesComponents,
    private readonly init: CapabilitiesInit,
  ) {
    const cl = c.cluster;
    const s = c.stats;
    this.count = {
      requests: s.counter('sync', 'sync_requests_sent'),
      completed: s.counter('sync', 'syncs_completed'),
      failed: s.counter('sync', 'syncs_failed'),
      chunksIn: s.counter('sync', 'sync_chunks_received'),
      chunksOut: s.counter('sync', 'sync_chunks_sent'),
      served: s.counter('sync', 'syncs_served'),
    };
    cl.dispatch.onCapUpdate((view, msg) => this.onCapUpdate(view, msg));
    cl.dispatch.onMessage('sync_req', (view, msg) => this.onSyncReq(view, msg));
    cl.dispatch.onMessage('sync', (view, msg, frame) => this.onSync(view, msg, frame));
    cl.dispatch.onMessage('sync_end', (view, msg) => this.onSyncEnd(view, msg));
    cl.dispatch.onCapability(CAP_SYNC_EXT, (view, msg) => this.onSyncExt(view, msg));
    cl.on.on('link:up', (e) => this.onLinkUp(e.view, e.nodeId));
    cl.on.on('node:up', (e) => this.onReachable(e.clusterId, e.nodeId));
    cl.on.on('node:down', (e) => this.onUnreachable(e.clusterId, e.nodeId));
  }

  private get cl(): Clusterer {
    return this.c.cluster;
  }

  private now(): number {
    return this.c.clock.now();
  }

  /** Registers a capability (reference §5.1); before or after start. */
  register(def: CapabilityDef): LocalCap {
    const key = capKey(def.clusterId, def.name);
    if (this.caps.has(key)) throw new CapabilityError('CL_ERR_CAP_EXISTS', `capability ${def.name} is already registered in cluster ${def.clusterId}`);
    if (def.name === CAP_SYNC_EXT) throw new CapabilityError('CL_ERR_CAP_RESERVED', `capability name ${def.name} is reserved`);
    const cap = new LocalCap(def);
    this.caps.set(key, cap);
    this.c.status.identifier(SR_GROUP, capIdentifier(cap.name), cap.status, STATUS_DETAILS[cap.status]);
    if (![...this.caps.values()].some((o) => o !== cap && o.name === cap.name)) {
      this.cl.dispatch.onCapability(cap.name, (view, msg) => this.onPacket(view, msg));
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
    const view = this.cl.view(cap.clusterId);
    if (!view) {
      throw new CapabilityError('CL_ERR_UNKNOWN_CLUSTER', `capability ${cap.name}: cluster id ${cap.clusterId} is not defined on this node`);
    }
    if (cap.startupSync) {
      this.noticeNoSeed(view);
      this.requestSync(cap);
    }
  }

  private readonly seedNoticed = new Set<number>();

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

  // ---- status -------------------------------------------------------------

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
    const view = this.cl.view(cap.clusterId);
    if (!view) return [];
    const out = cap.advertised ? [view.local.id] : [];
    for (const n of view.nodes.values()) if (this.remote.get(cap.clusterId, n.id, cap.name)?.ok && view.isReachable(n.id)) out.push(n.id);
    return out.sort((a, b) => a - b);
  }

  /** The node that owns `key` among the synced, reachable nodes of the capability (rendezvous hashing); null when none. */
  owner(cap: LocalCap, key: string): number | null {
    return rendezvousOwner(this.syncedNodes(cap), key);
  }

  // ---- CAP_UPDATE -----------------------------------------------------------

  private localStates(clusterId: number): Array<{ name: string; ok: boolean }> {
    return [...this.caps.values()].filter((c) => c.clusterId === clusterId).map((c) => ({ name: c.name, ok: c.advertised }));
  }

  private sendFull(view: ClusterView, dst: number, requireReply: boolean): void {
    const local = this.localStates(view.clusterId);
    if (local.length === 0 && this.remote.nodes(view.clusterId).size === 0) return;
    void this.cl.sendMsg(view, dst, fullCapUpdate(view, local, this.remote, dst, requireReply, this.now()));
  }

  /** A single CAP_UPDATE with the capability's advertised state, to every Up neighbour. */
  private sendSingle(cap: LocalCap): void {
    const view = this.cl.view(cap.clusterId);
    if (!view) return;
    const frame = encodeMessage(singleCapUpdate(view, { name: cap.name, ok: cap.advertised }, this.now()));
    for (const n of view.nodes.values()) if (n.link.state === LinkState.UP) void this.cl.sendFrame(view, n.id, frame, true);
  }

  private onLinkUp(view: ClusterView, nodeId: number): void {
    this.sendFull(view, nodeId, true);
  }

  private onCapUpdate(view: ClusterView, msg: CapUpdateMsg): boolean {
    const origin = view.getNode(msg.srcId);
    if (!origin || !acceptSeq(origin.cap, msg.seq, msg.timestamp)) return false;
    origin.cap = acceptedSeq(origin.cap, msg.seq, msg.timestamp);
    const r = applyCapBlocks(view, msg, this.remote);
    if (!r.accepted) {
      this.c.log.error(r.error ?? 'bad capability update');
      return false;
    }
    for (const { nodeId, name } of r.nowOk) {
      const cap = this.find(view.clusterId, name);
      if (cap?.pending && cap.enabled && !cap.session && this.now() >= cap.retryAt && this.eligible(view, cap, nodeId)) this.sendRequest(cap, view, nodeId, true);
    }
    if (msg.requireReply && msg.path.length === 1) this.sendFull(view, msg.srcId, false);
    // Forwarded only when it taught us a state (as FULL_TOP_UPDATE, docs/topology.md): the full update of
    // every link-up, flooded on by every node, is N³ frames of N blocks when a mesh of N forms.
    return r.changed;
  }

  // ---- requester ------------------------------------------------------------

  private eligible(view: ClusterView, cap: LocalCap, nodeId: number): boolean {
    const node = view.getNode(nodeId);
    return node !== undefined && view.isReachable(nodeId) && this.matches(view, cap, node) && (this.remote.get(view.clusterId, nodeId, cap.name)?.ok ?? false);
  }

  private matches(view: ClusterView, cap: LocalCap, node: RemoteNode): boolean {
    const mine = view.local.sipAddr;
    switch (cap.condition) {
      case 'any':
        return true;
      case 'eq_sip_addr':
        return mine !== '' && node.sipAddr !== '' && mine === node.sipAddr;
      case 'neq_sip_addr':
        return mine !== '' && node.sipAddr !== '' && mine !== node.sipAddr;
    }
  }

  /**
   * Donor selection (reference §5.4): the first eligible node, most
   * recently added first; a node that failed us lately only when no other
   * is eligible. `among` restricts the choice (heal merges).
   */
  pickDonor(cap: LocalCap, among?: ReadonlySet<number>): number | null {
    const view = this.cl.view(cap.clusterId);
    if (!view) return null;
    const now = this.now();
    let avoided: number | null = null;
    for (const n of [...view.nodes.values()].reverse()) {
      if (among && !among.has(n.id)) continue;
      if (!this.eligible(view, cap, n.id)) continue;
      if ((cap.avoid.get(n.id) ?? 0) > now) {
        avoided ??= n.id;
        continue;
      }
      return n.id;
    }
    return avoided;
  }

  /**
   * Asks for the full data set (reference §5.4). Returns what happened, in
   * the words of `cl_cap_sync`.
   */
  requestSync(cap: LocalCap, opts: { merge?: boolean; among?: ReadonlySet<number> } = {}): 'disabled' | 'in progress' | 'pending' | 'requested' | 'queued' {
    if (!cap.enabled) return 'disabled';
    if (cap.session) return 'in progress';
    const view = this.cl.view(cap.clusterId);
    if (!view) return 'queued';
    if (cap.pending) {
      // Asked again: no waiting for the pause after a failure.
      cap.retryAt = 0;
      const donor = this.pickDonor(cap, opts.among);
      if (donor === null) return 'pending';
      this.sendRequest(cap, view, donor, false);
      return 'requested';
    }
    cap.merge = opts.merge ?? false;
    if (cap.ok) {
      cap.ok = false;
      this.sendSingle(cap);
    }
    const donor = this.pickDonor(cap, opts.among);
    if (donor === null) {
      this.queue(cap, view);
      return 'queued';
    }
    this.sendRequest(cap, view, donor, false);
    return 'requested';
  }

  private queue(cap: LocalCap, view: ClusterView): void {
    if (!cap.pending) cap.queuedAt = this.now();
    cap.pending = true;
    this.setStatus(cap, CapStatus.SYNC_PENDING, REPORT.postponed);
    this.c.log.info(`Queue'ing sync request for capability '${cap.name}' in cluster ${view.clusterId} (no donor available)`);
  }

  private sendRequest(cap: LocalCap, view: ClusterView, donor: number, automatic: boolean): void {
    const session: SyncSession = { donor, merge: cap.merge, requestedAt: this.now(), lastPacketAt: 0, received: 0, total: -1, failed: 0 };
    cap.session = session;
    const wasPending = cap.pending;
    cap.pending = false;
    const frame = encodeMessage({ kind: 'sync_req', capability: cap.name, clusterId: view.clusterId, srcId: this.cl.myId, dstId: donor });
    this.count.requests();
    void this.cl.route(view, donor, frame).then((r) => {
      if (cap.session !== session) return;
      if (r === SendResult.SENT) {
        if (!automatic) this.setStatus(cap, CapStatus.SYNC_PENDING, REPORT.requested(donor));
        this.c.log.info(`Sent sync request for capability '${cap.name}' to node ${donor}, cluster ${view.clusterId}`);
        return;
      }
      cap.session = undefined;
      this.deliverHeld(cap);
      if (wasPending) cap.pending = true;
      else this.queue(cap, view);
    });
  }

  /** A regular packet of a registered capability. */
  private onPacket(view: ClusterView, msg: ModuleMsg): void {
    const cap = this.find(view.clusterId, msg.capability);
    if (!cap || !cap.enabled) return;
    if (!cap.session) return cap.handlers.onPacket(msg);
    // Held from the request on (OpenSIPS holds from the first SYNC packet): an update sent
    // after the donor read a record, but before the packet with that record left, would otherwise be overwritten by it.
    if (cap.held.length >= MAX_HELD_PACKETS) {
      cap.held.push(msg);
      return this.failSync(cap, REPORT.mismatch(cap.session.received, Math.max(cap.session.total, 0), `more than ${MAX_HELD_PACKETS} updates held back`));
    }
    cap.held.push(msg);
  }

  private deliverHeld(cap: LocalCap): void {
    const held = cap.held.splice(0);
    for (const m of held) {
      try {
        cap.handlers.onPacket(m);
      } catch (err) {
        this.c.log.error(`capability ${cap.name}: applying a held packet: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The sync session a packet of `donor` belongs to; one is opened for an unsolicited donor as OpenSIPS does. */
  private sessionFor(cap: LocalCap, donor: number): SyncSession | undefined {
    const s = cap.session;
    if (s && s.donor === donor) return s;
    if (s && s.lastPacketAt > 0) return undefined; // another donor is sending: not mixed in
    cap.pending = false;
    cap.session = { donor, merge: cap.merge, requestedAt: this.now(), lastPacketAt: 0, received: 0, total: -1, failed: 0 };
    return cap.session;
  }

  private onSync(view: ClusterView, msg: SyncMsg, frame: Buffer): void {
    const cap = this.find(view.clusterId, msg.capability);
    if (!cap) return this.c.log.error(`Capability: ${msg.capability} from sync packet, not found`);
    if (!cap.enabled) return;
    const s = this.sessionFor(cap, msg.srcId);
    if (!s) return this.c.log.warn(`sync packet for capability '${cap.name}' from node ${msg.srcId} dropped: a sync from node ${cap.session?.donor} is under way`);
    if (s.lastPacketAt === 0) {
      this.setStatus(cap, CapStatus.SYNC_IN_PROGRESS, REPORT.started(s.donor));
      cap.handlers.onSyncStart?.(s.donor, s.merge);
    }
    s.lastPacketAt = this.now();
    s.ext?.hash.update(syncRegion(frame, msg.capability));
    const from = { donorId: s.donor, dataVersion: msg.dataVersion, merge: s.merge };
    for (const chunk of msg.chunks) {
      try {
        cap.handlers.onSyncChunk(chunk, from);
      } catch (err) {
        if (s.failed++ === 0) this.c.log.error(`capability ${cap.name}: sync chunk from node ${s.donor} not applied: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    s.received += msg.chunks.length;
    this.count.chunksIn(msg.chunks.length);
    this.checkComplete(cap);
  }

  private onSyncEnd(view: ClusterView, msg: SyncEndMsg): void {
    const cap = this.find(view.clusterId, msg.capability);
    if (!cap || !cap.enabled) return;
    const s = cap.session;
    if (!s || s.donor !== msg.srcId) return this.c.log.info(`sync end for capability '${cap.name}' from node ${msg.srcId} ignored: no sync from it under way`);
    this.c.log.info(`Received all sync packets for capability '${cap.name}' in cluster ${view.clusterId}`);
    s.total = msg.totalChunks;
    this.checkComplete(cap);
  }

  private onSyncExt(view: ClusterView, msg: ModuleMsg): void {
    let ext: SyncExt;
    try {
      ext = decodeSyncExt(msg);
    } catch (err) {
      return this.c.log.warn(`bad ${CAP_SYNC_EXT} packet from node ${msg.srcId}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const cap = this.find(view.clusterId, ext.capability);
    const s = cap?.session;
    if (!cap || !cap.enabled || !s || s.donor !== msg.srcId) return;
    if (ext.type === 'begin') {
      if (s.received === 0) s.ext = { expected: ext.expected, hash: crypto().createHash('sha1') };
      return;
    }
    if (!s.ext) return;
    s.ext.end = { chunks: ext.chunks, digest: ext.digest };
    this.checkComplete(cap);
  }

  /** Sync end (reference §5.6), once every record the donor sent was received, and checked when the donor is a `cl` node. */
  private checkComplete(cap: LocalCap): void {
    const s = cap.session;
    if (!s || s.total < 0 || s.received < s.total) return;
    if (s.ext && !s.ext.end) return; // its END precedes SYNC_END on the same path; wait for it (bounded by sync_timeout)
    const problems: string[] = [];
    if (s.received > s.total) problems.push(`the donor sent ${s.total}`);
    if (s.failed > 0) problems.push(`${s.failed} could not be applied`);
    if (s.ext?.end) {
      if (s.ext.end.chunks !== s.total) problems.push(`the donor counted ${s.ext.end.chunks}`);
      else if (s.ext.hash.digest('hex') !== s.ext.end.digest) problems.push('the data differs from what the donor sent');
    }
    if (problems.length > 0) return this.failSync(cap, REPORT.mismatch(s.received, s.total, problems.join('; ')));
    cap.session = undefined;
    cap.lastReceived = s.received;
    cap.lastExpected = s.total;
    cap.lastVerified = s.ext?.end !== undefined;
    this.deliverHeld(cap);
    cap.ok = true;
    cap.merge = false;
    cap.failures = 0;
    this.setStatus(cap, CapStatus.SYNCED, REPORT.completed(s.received));
    this.count.completed();
    cap.handlers.onSyncDone?.(true);
    this.sendSingle(cap);
  }

  /**
   * The sync failed: held packets delivered, not synced, and a new donor
   * asked (another one first) after a pause that doubles with each failure
   * in a row, up to `sync_timeout`.
   */
  private failSync(cap: LocalCap, report: string): void {
    const s = cap.session;
    if (!s) return;
    const now = this.now();
    cap.session = undefined;
    cap.lastReceived = s.received;
    cap.lastExpected = Math.max(s.total, 0);
    cap.avoid.set(s.donor, now + 4 * this.init.syncTimeoutMs);
    this.deliverHeld(cap);
    this.setStatus(cap, CapStatus.NOT_SYNCED, report);
    this.count.failed();
    cap.handlers.onSyncDone?.(false);
    cap.failures++;
    cap.retryAt = now + Math.min(RETRY_MS * 2 ** (cap.failures - 1), this.init.syncTimeoutMs);
    cap.merge = s.merge;
    cap.pending = true;
    cap.queuedAt = now;
  }

  /** The supervision timer (reference §5.8), plus our retries. */
  private supervise(): void {
    const now = this.now();
    for (const cap of this.caps.values()) {
      const view = this.cl.view(cap.clusterId);
      if (!view || !view.local.enabled || !cap.enabled) continue;
      const s = cap.session;
      if (s && s.lastPacketAt > 0 && now - s.lastPacketAt >= this.init.syncTimeoutMs) {
        this.c.log.info(`Sync timeout for capability [${cap.name}], reverting to not synced state`);
        this.failSync(cap, REPORT.timedOut(s.received));
      } else if (s && s.lastPacketAt === 0 && now - s.requestedAt >= this.init.syncTimeoutMs) {
        this.failSync(cap, REPORT.noAnswer(s.donor));
      } else if (cap.pending && !cap.ok && now >= cap.retryAt) {
        const donor = this.pickDonor(cap);
        if (donor !== null) this.sendRequest(cap, view, donor, cap.status !== CapStatus.NOT_SYNCED);
        else if (view.local.seed && now - cap.queuedAt >= this.init.seedFallbackMs) this.seedFallback(cap);
      }
    }
    if (this.healAt > 0 && now >= this.healAt) this.heal();
  }

  private seedFallback(cap: LocalCap): void {
    cap.pending = false;
    cap.ok = true;
    this.setStatus(cap, CapStatus.SYNCED, REPORT.fallback);
    // OpenSIPS logs it as an error; a lone seed at the start of a cluster is the normal case.
    this.c.log.notice('Sync request aborted! (no donor found in due time), falling back to synced state');
    this.sendSingle(cap);
  }

  // ---- reachability: queued requests, owed replies, heals ------------------

  private onReachable(clusterId: number, nodeId: number): void {
    const view = this.cl.view(clusterId);
    if (!view) return;
    for (const cap of this.caps.values()) {
      if (cap.clusterId !== clusterId || !cap.enabled) continue;
      if (cap.pending && !cap.session && this.now() >= cap.retryAt && this.eligible(view, cap, nodeId)) this.sendRequest(cap, view, nodeId, true);
    }
    for (const [name, rec] of this.remote.ofNode(clusterId, nodeId) ?? []) {
      if (!rec.replyOwed) continue;
      rec.replyOwed = false;
      const cap = this.find(clusterId, name);
      if (cap?.enabled) this.serve(cap, view, nodeId);
    }
    const lost = this.lost.get(clusterId);
    if (lost?.delete(nodeId)) {
      let back = this.healed.get(clusterId);
      if (!back) this.healed.set(clusterId, (back = new Set()));
      back.add(nodeId);
      this.healAt = this.now() + HEAL_DELAY_MS;
    }
  }

  private onUnreachable(clusterId: number, nodeId: number): void {
    let lost = this.lost.get(clusterId);
    if (!lost) this.lost.set(clusterId, (lost = new Set()));
    lost.add(nodeId);
    this.healed.get(clusterId)?.delete(nodeId);
  }

  /**
   * Nodes that were unreachable are back: each capability that asks for it
   * merges the data of one of them (one that holds the capability synced),
   * so writes made on the other side are not missing here; the nodes of
   * the other side do the same towards this side.
   */
  private heal(): void {
    this.healAt = 0;
    for (const [clusterId, back] of this.healed) {
      const view = this.cl.view(clusterId);
      for (const cap of this.caps.values()) {
        if (!view || cap.clusterId !== clusterId || !cap.resyncOnHeal || !cap.enabled || !cap.ok || cap.session || cap.pending) continue;
        const donor = this.pickDonor(cap, back);
        if (donor === null) continue;
        this.c.status.report(SR_GROUP, capIdentifier(cap.name), REPORT.heal(donor));
        this.requestSync(cap, { merge: true, among: new Set([donor]) });
      }
      back.clear();
    }
  }

  // ---- donor -----------------------------------------------------------------

  private onSyncReq(view: ClusterView, msg: SyncReqMsg): void {
    const cap = this.find(view.clusterId, msg.capability);
    this.c.log.info(`Received sync request for capability '${msg.capability}' from node ${msg.srcId}, cluster ${view.clusterId}`);
    if (!cap) return;
    if (!cap.enabled) return this.c.log.info('capability disabled, drop sync request');
    if (view.isReachable(msg.srcId)) return this.serve(cap, view, msg.srcId);
    const rec = this.remote.get(view.clusterId, msg.srcId, cap.name);
    if (!rec) return this.c.log.error(`sync request from node ${msg.srcId} for capability '${cap.name}' it never advertised: dropped`);
    rec.replyOwed = true;
  }

  /** Whether a node of a cluster is a `cl` node (it understands our extensions). */
  isClPeer(clusterId: number, nodeId: number): boolean {
    return this.init.isClPeer?.(clusterId, nodeId) ?? false;
  }

  private serve(cap: LocalCap, view: ClusterView, to: number): void {
    const extended = this.isClPeer(view.clusterId, to);
    this.count.served();
    void serveSync({
      cluster: this.cl,
      view,
      cap,
      to,
      extended,
      packetSize: this.init.syncPacketSize,
      running: () => this.running && cap.enabled,
      counted: (n) => this.count.chunksOut(n),
      sentSoFar: 0,
      log: this.c.log,
    });
  }

  // ---- enabling ---------------------------------------------------------------

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
      cap.pending = false;
      if (cap.session) {
        cap.session = undefined;
        cap.held.length = 0;
      }
      this.setStatus(cap, CapStatus.NOT_SYNCED, REPORT.disabled);
      this.sendSingle(cap);
      return;
    }
    cap.enabled = true;
    if (cap.startupSync) this.requestSync(cap);
    else {
      cap.ok = true;
      this.setStatus(cap, CapStatus.SYNCED);
      this.sendSingle(cap);
    }
  }
}
