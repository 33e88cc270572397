import { systemClock, type Clock, type TimerHandle } from '../clock.js';

/** One reply (GENERIC_MSG with req_like = 0) that carried a tag somebody waits for. */
export interface Reply {
  srcId: number;
  msg: string;
  /** Milliseconds since the epoch. */
  time: number;
}

/** Replies to one tag, collected until a window closes or every expected node answered. */
export interface Collection {
  readonly tag: string;
  /** Sets the nodes whose replies end the wait early (known once the request went out). */
  expect(nodeIds: Iterable<number>): void;
  /** Resolves with the replies in arrival order (first reply of each node only). */
  readonly done: Promise<Reply[]>;
  /** Ends the wait now. */
  finish(): void;
}

interface Waiter {
  replies: Map<number, Reply>;
  expected: Set<number> | undefined;
  finish(): void;
}

/**
 * Waiters for replies, by tag. A reply nobody waits for is simply not
 * delivered here (it is still an event on the bus); every wait is bounded
 * by its window.
 */
export class ReplyWaiters {
  private readonly byTag = new Map<string, Waiter>();

  constructor(private readonly clock: Clock = systemClock) {}

  get size(): number {
    return this.byTag.size;
  }

  /** Starts collecting replies with `tag` for at most `windowMs`; register before sending. */
  collect(tag: string, windowMs: number): Collection {
    const replies = new Map<number, Reply>();
    let resolveDone: (r: Reply[]) => void = () => {};
    const done = new Promise<Reply[]>((r) => (resolveDone = r));
    let timer: TimerHandle | undefined;
    const waiter: Waiter = {
      replies,
      expected: undefined,
      finish: () => {
        if (this.byTag.get(tag) !== waiter) return;
        this.byTag.delete(tag);
        this.clock.clearTimeout(timer);
        resolveDone([...replies.values()]);
      },
    };
    this.byTag.get(tag)?.finish();
    this.byTag.set(tag, waiter);
    timer = this.clock.setTimeout(waiter.finish, Math.max(0, windowMs));
    return {
      tag,
      done,
      finish: waiter.finish,
      expect: (ids) => {
        waiter.expected = new Set(ids);
        this.checkComplete(waiter);
      },
    };
  }

  /** Hands a received reply to whoever waits for its tag; false if nobody does. */
  deliver(tag: string, srcId: number, msg: string): boolean {
    const w = this.byTag.get(tag);
    if (!w) return false;
    if (!w.replies.has(srcId)) w.replies.set(srcId, { srcId, msg, time: this.clock.now() });
    this.checkComplete(w);
    return true;
  }

  /** Ends every wait (node stopping): callers get what arrived so far. */
  finishAll(): void {
    for (const w of [...this.byTag.values()]) w.finish();
  }

  private checkComplete(w: Waiter): void {
    if (!w.expected) return;
    for (const id of w.expected) if (!w.replies.has(id)) return;
    w.finish();
  }
}
