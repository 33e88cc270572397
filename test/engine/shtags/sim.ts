/**
 * An in-memory cluster of sharing-tag managers: a manual clock, per-pair
 * FIFO links (like TCP) delivered in a seeded random order across pairs,
 * and partitions that make sends fail and raise NODE DOWN/UP.
 */
import type { SharingTagConfig, SharingTagPolicyConfig } from '../../../src/engine/config/index.js';
import type { EventParams } from '../../../src/engine/events/bus.js';
import { silentLogger } from '../../../src/engine/log.js';
import { ShtagManager } from '../../../src/engine/shtags/index.js';
import { decodeMessage } from '../../../src/engine/wire/index.js';

export const CID = 1;

export interface SimNode {
  id: number;
  mgr: ShtagManager;
  reports: string[];
  events: EventParams[];
  /** Kinds of frames this node sent (`shtag_active`, `module:cl-shtag`). */
  sent: string[];
}

import { prng as rng } from '../../helpers/prng.js';
export { rng };

export class SimCluster {
  readonly nodes = new Map<number, SimNode>();
  now = 1_000_000;
  private readonly cut = new Set<string>();
  private readonly down = new Set<number>();
  private readonly links = new Map<string, Buffer[]>();
  private readonly random: () => number;

  constructor(ids: number[], opts: { tags?: (id: number) => SharingTagConfig[]; policies?: SharingTagPolicyConfig[]; seed?: number } = {}) {
    this.random = rng(opts.seed ?? 1);
    for (const id of ids) {
      const node: SimNode = { id, reports: [], events: [], sent: [], mgr: undefined as unknown as ShtagManager };
      node.mgr = new ShtagManager(
        {
          myId: id,
          now: () => this.now,
          log: silentLogger,
          hasCluster: (cid) => cid === CID,
          remoteNodes: () => ids.filter((x) => x !== id),
          reachable: (_c, other) => this.reachable(id, other),
          localEnabled: () => true,
          send: async (_c, dst, frame) => {
            if (!this.reachable(id, dst)) return false;
            const m = decodeMessage(frame);
            node.sent.push(m.kind === 'module' ? `module:${m.capability}` : m.kind);
            const k = `${id}>${dst}`;
            this.links.set(k, [...(this.links.get(k) ?? []), frame]);
            return true;
          },
          report: (t) => node.reports.push(t),
          emit: (p) => node.events.push(p),
        },
        { tags: opts.tags?.(id) ?? [], policies: opts.policies ?? [] },
      );
      node.mgr.start();
      this.nodes.set(id, node);
    }
  }

  node(id: number): SimNode {
    return this.nodes.get(id)!;
  }

  private pair = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);

  reachable(a: number, b: number): boolean {
    return !this.down.has(a) && !this.down.has(b) && !this.cut.has(this.pair(a, b));
  }

  /** Cuts every link between the two groups; each side sees the other DOWN. */
  partition(a: number[], b: number[]): void {
    for (const x of a) for (const y of b) this.setLink(x, y, false);
  }

  heal(): void {
    for (const p of [...this.cut]) {
      const [x, y] = p.split('-').map(Number) as [number, number];
      this.setLink(x, y, true);
    }
  }

  private setLink(x: number, y: number, up: boolean): void {
    if (up) this.cut.delete(this.pair(x, y));
    else this.cut.add(this.pair(x, y));
    // Both sides notice, in a random order.
    const order = this.random() < 0.5 ? [x, y] : [y, x];
    for (const me of order) if (!this.down.has(me)) this.node(me).mgr.onReachability(CID, me === x ? y : x, up);
  }

  /** The node dies: the others see it DOWN; its queued frames are lost. */
  kill(id: number): void {
    this.down.add(id);
    for (const k of [...this.links.keys()]) if (k.startsWith(`${id}>`) || k.endsWith(`>${id}`)) this.links.delete(k);
    for (const n of this.nodes.values()) if (n.id !== id && !this.down.has(n.id)) n.mgr.onReachability(CID, id, false);
  }

  /** Delivers frames until nothing is left (bounded), picking a random non-empty link each time. */
  async settle(maxSteps = 10_000): Promise<number> {
    for (let step = 0; step < maxSteps; step++) {
      await Promise.all([...this.nodes.values()].map((n) => n.mgr.idle()));
      const ready = [...this.links.entries()].filter(([, q]) => q.length > 0);
      if (ready.length === 0) return step;
      const [k, q] = ready[Math.floor(this.random() * ready.length)]!;
      const frame = q.shift()!;
      const [, dst] = k.split('>').map(Number) as [number, number];
      if (!this.reachable(Number(k.split('>')[0]), dst)) continue;
      this.now += 1;
      const m = decodeMessage(frame);
      const to = this.node(dst).mgr;
      if (m.kind === 'shtag_active') to.onShtagActive(m.clusterId, m.tagName, m.srcId);
      else if (m.kind === 'module') to.onPeerMessage(m.clusterId, m);
    }
    throw new Error(`no quiescence after ${maxSteps} deliveries`);
  }

  /** Ids of the live nodes whose own state for the tag is active. */
  actives(name = 'vip'): number[] {
    return [...this.nodes.values()].filter((n) => !this.down.has(n.id) && n.mgr.find(name, CID)?.state === 'active').map((n) => n.id);
  }
}
