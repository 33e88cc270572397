import type { Clock, TimerHandle } from '../clock.js';
import { BinReader, BinWriter } from '../wire/index.js';
import { KvCode, KvError } from './errors.js';

/**
 * `cl-kv-ack` (ours, between `cl` nodes; OpenSIPS never gets it): a node
 * that applied a timed batch asking for confirmation (a non-zero ack id)
 * answers with one packet of type 1 whose payload is that u32 ack id.
 */
export const CAP_KV_ACK = 'cl-kv-ack';
export const KV_ACK_TYPE = 1;

export function encodeAck(ackId: number): Buffer {
  return new BinWriter(4).u32(ackId).finish();
}

export function decodeAck(payload: Buffer): number {
  const r = new BinReader(payload);
  const id = r.u32('kv ack id');
  r.expectEnd('kv ack id');
  return id;
}

/** Longest wait a confirmed write may ask for. */
export const MAX_CONFIRM_MS = 60_000;

interface Round {
  /** Batches each node must confirm (a round's changes may fill several). */
  batches: number;
  /** Per node: batches it confirmed. */
  acked: Map<number, number>;
  waiters: Waiter[];
}

interface Waiter {
  replicas: number;
  /** Nodes whose confirmation counts (synced `cl` nodes the batches went to), decided at send time. */
  eligible: Set<number>;
  resolve: (nodes: number[]) => void;
  reject: (err: Error) => void;
  timer: TimerHandle | undefined;
  done: boolean;
}

/**
 * Confirmed writes waiting for their acks. A write joins the round of the
 * changes being gathered (`join`); when they leave, the round gets its ack
 * id and the nodes they went to (`sent`); each ack counts once a node
 * confirmed every batch of the round. A waiter resolves with the nodes
 * that confirmed once `replicas` of them did, and fails with
 * CL_ERR_KV_NOT_CONFIRMED at its deadline or at once when too few nodes
 * could confirm. Every wait is bounded by its timer.
 */
export class AckTracker {
  private nextId = 1;
  private gathering: Waiter[] = [];
  private readonly rounds = new Map<number, Round>();

  constructor(private readonly clock: Clock) {}

  /** A confirmation wait for the change just made (it leaves with the current round). */
  join(replicas: number, timeoutMs: number, what: string): Promise<number[]> {
    return new Promise<number[]>((resolve, reject) => {
      const w: Waiter = { replicas, eligible: new Set(), resolve, reject, timer: undefined, done: false };
      w.timer = this.clock.setTimeout(() => this.fail(w, `${what}: stored on this node, but confirmed by ${this.confirmedBy(w).length} of ${replicas} nodes within ${timeoutMs} ms: not acknowledged`), timeoutMs);
      this.gathering.push(w);
    });
  }

  /** Whether the current round has waiters (its batches then ask for acks). */
  get wanted(): boolean {
    return this.gathering.length > 0;
  }

  /** The current round leaves now: its ack id (0: nobody waits). */
  open(): number {
    if (this.gathering.length === 0) return 0;
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffff_fff0 ? 1 : this.nextId + 1;
    this.rounds.set(id, { batches: 0, acked: new Map(), waiters: this.gathering });
    this.gathering = [];
    return id;
  }

  /** The round's batches left towards `nodes` (those that may confirm), `batches` of them each. */
  sent(id: number, batches: number, nodes: number[]): void {
    const r = this.rounds.get(id);
    if (!r) return;
    r.batches = batches;
    for (const w of r.waiters) {
      for (const n of nodes) w.eligible.add(n);
      if (w.eligible.size < w.replicas) this.fail(w, `only ${w.eligible.size} synced cl node${w.eligible.size === 1 ? '' : 's'} reachable to confirm ${w.replicas}: stored on this node, not acknowledged`);
    }
    this.prune(id, r);
  }

  /** Node `from` confirmed one batch of round `id`. */
  ack(id: number, from: number): void {
    const r = this.rounds.get(id);
    if (!r) return;
    r.acked.set(from, (r.acked.get(from) ?? 0) + 1);
    for (const w of r.waiters) {
      if (w.done) continue;
      const nodes = this.confirmedBy(w, r);
      if (nodes.length >= w.replicas) {
        this.finish(w);
        w.resolve(nodes);
      }
    }
    this.prune(id, r);
  }

  /** Fails every wait (the node stops). */
  close(why: string): void {
    for (const w of this.gathering) this.fail(w, why);
    for (const r of this.rounds.values()) for (const w of r.waiters) this.fail(w, why);
    this.gathering = [];
    this.rounds.clear();
  }

  private confirmedBy(w: Waiter, r?: Round): number[] {
    const round = r ?? [...this.rounds.values()].find((x) => x.waiters.includes(w));
    if (!round || round.batches === 0) return [];
    return [...round.acked].filter(([n, c]) => c >= round.batches && w.eligible.has(n)).map(([n]) => n).sort((a, b) => a - b);
  }

  private fail(w: Waiter, message: string): void {
    if (w.done) return;
    this.finish(w);
    w.reject(new KvError(KvCode.NOT_CONFIRMED, message));
  }

  private finish(w: Waiter): void {
    w.done = true;
    this.clock.clearTimeout(w.timer);
  }

  private prune(id: number, r: Round): void {
    if (r.waiters.every((w) => w.done)) this.rounds.delete(id);
  }
}
