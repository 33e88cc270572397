import { SR_GROUP } from '../cluster/clusterer.js';
import type { CapContext } from './context.js';
import { pickDonor } from './donor-choice.js';
import type { SyncReceiver } from './receiver.js';
import { capIdentifier, REPORT } from './wording.js';

/** How long after a partition healed the node looks for a node of the other side to merge from. */
export const HEAL_DELAY_MS = 1000;

/**
 * Partition heal merges: nodes that were unreachable and are back make
 * each capability that asks for it merge the data of one of them, so
 * writes made on the other side are not missing here; the nodes of the
 * other side do the same towards this side.
 */
export class HealWatch {
  /** Per cluster: nodes that were reachable and are not any more, and those of them back since the last heal check. */
  private readonly lost = new Map<number, Set<number>>();
  private readonly healed = new Map<number, Set<number>>();
  private healAt = 0;

  constructor(
    private readonly ctx: CapContext,
    private readonly receiver: SyncReceiver,
  ) {}

  reachable(clusterId: number, nodeId: number): void {
    if (!this.lost.get(clusterId)?.delete(nodeId)) return;
    let back = this.healed.get(clusterId);
    if (!back) this.healed.set(clusterId, (back = new Set()));
    back.add(nodeId);
    this.healAt = this.ctx.now() + HEAL_DELAY_MS;
  }

  unreachable(clusterId: number, nodeId: number): void {
    let lost = this.lost.get(clusterId);
    if (!lost) this.lost.set(clusterId, (lost = new Set()));
    lost.add(nodeId);
    this.healed.get(clusterId)?.delete(nodeId);
  }

  /** From the supervision timer: merges once the heal delay passed. */
  tick(now: number): void {
    if (this.healAt === 0 || now < this.healAt) return;
    this.healAt = 0;
    for (const [clusterId, back] of this.healed) {
      const view = this.ctx.c.cluster.view(clusterId);
      for (const cap of this.ctx.all()) {
        if (!view || cap.clusterId !== clusterId || !cap.resyncOnHeal || !cap.enabled || !cap.ok || cap.session || cap.pending) continue;
        const donor = pickDonor(this.ctx, cap, back);
        if (donor === null) continue;
        this.ctx.c.status.report(SR_GROUP, capIdentifier(cap.name), REPORT.heal(donor));
        this.receiver.requestSync(cap, { merge: true, among: new Set([donor]) });
      }
      back.clear();
    }
  }
}
