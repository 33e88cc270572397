import { lazyBuiltin } from '../builtin.js';
import { SendResult } from '../cluster/send-result.js';
import type { ClusterView } from '../topology/index.js';
import { encodeMessage } from '../wire/index.js';
import type { ModuleMsg, SyncEndMsg, SyncMsg } from '../wire/types.js';
import type { Advertiser } from './advertiser.js';
import { CAP_SYNC_EXT, decodeSyncExt, type SyncExt } from './cl-sync.js';
import type { CapContext } from './context.js';
import { syncRegion } from './donor.js';
import { eligible, pickDonor } from './donor-choice.js';
import type { LocalCap, SyncSession } from './local-cap.js';
import { CapStatus } from './types.js';
import { REPORT } from './wording.js';

const crypto = lazyBuiltin<typeof import('node:crypto')>('node:crypto');

/** Regular packets held back during one sync, at most; beyond, the sync fails rather than the node's memory. */
export const MAX_HELD_PACKETS = 1_000_000;
/** The first pause before asking again after a failed sync (doubles with each failure in a row). */
const RETRY_MS = 1000;

/** What `cl_cap_sync` answers, in its words. */
export type SyncRequestOutcome = 'disabled' | 'in progress' | 'pending' | 'requested' | 'queued';

/**
 * The requester's side of a full data sync (reference §5.4–5.8): asking a
 * donor, holding regular packets back meanwhile, taking in SYNC and
 * SYNC_END (and `cl-sync` from a `cl` donor), completion, failure,
 * timeouts, retries and the seed fallback.
 */
export class SyncReceiver {
  constructor(
    private readonly ctx: CapContext,
    private readonly adv: Advertiser,
  ) {}

  /** Asks for the full data set (reference §5.4). */
  requestSync(cap: LocalCap, opts: { merge?: boolean; among?: ReadonlySet<number> } = {}): SyncRequestOutcome {
    if (!cap.enabled) return 'disabled';
    if (cap.session) return 'in progress';
    const view = this.ctx.c.cluster.view(cap.clusterId);
    if (!view) return 'queued';
    if (cap.pending) {
      // Asked again: no waiting for the pause after a failure.
      cap.retryAt = 0;
      const donor = pickDonor(this.ctx, cap, opts.among);
      if (donor === null) return 'pending';
      this.sendRequest(cap, view, donor, false);
      return 'requested';
    }
    cap.merge = opts.merge ?? false;
    if (cap.ok) {
      cap.ok = false;
      this.adv.sendSingle(cap);
    }
    const donor = pickDonor(this.ctx, cap, opts.among);
    if (donor === null) {
      this.queue(cap, view);
      return 'queued';
    }
    this.sendRequest(cap, view, donor, false);
    return 'requested';
  }

  /** A node became a possible donor (it advertised the capability synced, or became reachable): a waiting request goes to it. */
  donorAppeared(cap: LocalCap, view: ClusterView, nodeId: number): void {
    if (cap.pending && cap.enabled && !cap.session && this.ctx.now() >= cap.retryAt && eligible(this.ctx, view, cap, nodeId)) this.sendRequest(cap, view, nodeId, true);
  }

  private queue(cap: LocalCap, view: ClusterView): void {
    if (!cap.pending) cap.queuedAt = this.ctx.now();
    cap.pending = true;
    this.ctx.setStatus(cap, CapStatus.SYNC_PENDING, REPORT.postponed);
    this.ctx.c.log.info(`Queue'ing sync request for capability '${cap.name}' in cluster ${view.clusterId} (no donor available)`);
  }

  private sendRequest(cap: LocalCap, view: ClusterView, donor: number, automatic: boolean): void {
    const cl = this.ctx.c.cluster;
    const session: SyncSession = { donor, merge: cap.merge, requestedAt: this.ctx.now(), lastPacketAt: 0, received: 0, total: -1, failed: 0 };
    cap.session = session;
    const wasPending = cap.pending;
    cap.pending = false;
    const frame = encodeMessage({ kind: 'sync_req', capability: cap.name, clusterId: view.clusterId, srcId: cl.myId, dstId: donor });
    this.ctx.count.requests();
    void cl.route(view, donor, frame).then((r) => {
      if (cap.session !== session) return;
      if (r === SendResult.SENT) {
        if (!automatic) this.ctx.setStatus(cap, CapStatus.SYNC_PENDING, REPORT.requested(donor));
        this.ctx.c.log.info(`Sent sync request for capability '${cap.name}' to node ${donor}, cluster ${view.clusterId}`);
        return;
      }
      cap.session = undefined;
      this.deliverHeld(cap);
      if (wasPending) cap.pending = true;
      else this.queue(cap, view);
    });
  }

  /** A regular packet of a registered capability. */
  onPacket(view: ClusterView, msg: ModuleMsg): void {
    const cap = this.ctx.find(view.clusterId, msg.capability);
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
        this.ctx.c.log.error(`capability ${cap.name}: applying a held packet: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** The sync session a packet of `donor` belongs to; one is opened for an unsolicited donor as OpenSIPS does. */
  private sessionFor(cap: LocalCap, donor: number): SyncSession | undefined {
    const s = cap.session;
    if (s && s.donor === donor) return s;
    if (s && s.lastPacketAt > 0) return undefined; // another donor is sending: not mixed in
    cap.pending = false;
    cap.session = { donor, merge: cap.merge, requestedAt: this.ctx.now(), lastPacketAt: 0, received: 0, total: -1, failed: 0 };
    return cap.session;
  }

  onSync(view: ClusterView, msg: SyncMsg, frame: Buffer): void {
    const log = this.ctx.c.log;
    const cap = this.ctx.find(view.clusterId, msg.capability);
    if (!cap) return log.error(`Capability: ${msg.capability} from sync packet, not found`);
    if (!cap.enabled) return;
    const s = this.sessionFor(cap, msg.srcId);
    if (!s) return log.warn(`sync packet for capability '${cap.name}' from node ${msg.srcId} dropped: a sync from node ${cap.session?.donor} is under way`);
    if (s.lastPacketAt === 0) {
      this.ctx.setStatus(cap, CapStatus.SYNC_IN_PROGRESS, REPORT.started(s.donor));
      cap.handlers.onSyncStart?.(s.donor, s.merge);
    }
    s.lastPacketAt = this.ctx.now();
    s.ext?.hash.update(syncRegion(frame, msg.capability));
    const from = { donorId: s.donor, dataVersion: msg.dataVersion, merge: s.merge };
    for (const chunk of msg.chunks) {
      try {
        cap.handlers.onSyncChunk(chunk, from);
      } catch (err) {
        if (s.failed++ === 0) log.error(`capability ${cap.name}: sync chunk from node ${s.donor} not applied: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    s.received += msg.chunks.length;
    this.ctx.count.chunksIn(msg.chunks.length);
    this.checkComplete(cap);
  }

  onSyncEnd(view: ClusterView, msg: SyncEndMsg): void {
    const cap = this.ctx.find(view.clusterId, msg.capability);
    if (!cap || !cap.enabled) return;
    const s = cap.session;
    if (!s || s.donor !== msg.srcId) return this.ctx.c.log.info(`sync end for capability '${cap.name}' from node ${msg.srcId} ignored: no sync from it under way`);
    this.ctx.c.log.info(`Received all sync packets for capability '${cap.name}' in cluster ${view.clusterId}`);
    s.total = msg.totalChunks;
    this.checkComplete(cap);
  }

  onSyncExt(view: ClusterView, msg: ModuleMsg): void {
    let ext: SyncExt;
    try {
      ext = decodeSyncExt(msg);
    } catch (err) {
      return this.ctx.c.log.warn(`bad ${CAP_SYNC_EXT} packet from node ${msg.srcId}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const cap = this.ctx.find(view.clusterId, ext.capability);
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
    this.ctx.setStatus(cap, CapStatus.SYNCED, REPORT.completed(s.received));
    this.ctx.count.completed();
    cap.handlers.onSyncDone?.(true);
    this.adv.sendSingle(cap);
  }

  /**
   * The sync failed: held packets delivered, not synced, and a new donor
   * asked (another one first) after a pause that doubles with each failure
   * in a row, up to `sync_timeout`.
   */
  private failSync(cap: LocalCap, report: string): void {
    const s = cap.session;
    if (!s) return;
    const now = this.ctx.now();
    const timeout = this.ctx.init.syncTimeoutMs;
    cap.session = undefined;
    cap.lastReceived = s.received;
    cap.lastExpected = Math.max(s.total, 0);
    cap.avoid.set(s.donor, now + 4 * timeout);
    this.deliverHeld(cap);
    this.ctx.setStatus(cap, CapStatus.NOT_SYNCED, report);
    this.ctx.count.failed();
    cap.handlers.onSyncDone?.(false);
    cap.failures++;
    cap.retryAt = now + Math.min(RETRY_MS * 2 ** (cap.failures - 1), timeout);
    cap.merge = s.merge;
    cap.pending = true;
    cap.queuedAt = now;
  }

  /** One capability's turn of the supervision timer (reference §5.8), plus our retries. */
  supervise(cap: LocalCap, view: ClusterView, now: number): void {
    const timeout = this.ctx.init.syncTimeoutMs;
    const s = cap.session;
    if (s && s.lastPacketAt > 0 && now - s.lastPacketAt >= timeout) {
      this.ctx.c.log.info(`Sync timeout for capability [${cap.name}], reverting to not synced state`);
      this.failSync(cap, REPORT.timedOut(s.received));
    } else if (s && s.lastPacketAt === 0 && now - s.requestedAt >= timeout) {
      this.failSync(cap, REPORT.noAnswer(s.donor));
    } else if (cap.pending && !cap.ok && now >= cap.retryAt) {
      const donor = pickDonor(this.ctx, cap);
      if (donor !== null) this.sendRequest(cap, view, donor, cap.status !== CapStatus.NOT_SYNCED);
      else if (view.local.seed && now - cap.queuedAt >= this.ctx.init.seedFallbackMs) this.seedFallback(cap);
    }
  }

  private seedFallback(cap: LocalCap): void {
    cap.pending = false;
    cap.ok = true;
    this.ctx.setStatus(cap, CapStatus.SYNCED, REPORT.fallback);
    // OpenSIPS logs it as an error; a lone seed at the start of a cluster is the normal case.
    this.ctx.c.log.notice('Sync request aborted! (no donor found in due time), falling back to synced state');
    this.adv.sendSingle(cap);
  }

  /** The capability was disabled: a sync under way is dropped with what it held back. */
  abandon(cap: LocalCap): void {
    cap.pending = false;
    if (cap.session) {
      cap.session = undefined;
      cap.held.length = 0;
    }
  }
}
