import { systemClock, type Clock, type TimerHandle } from '../clock.js';

/**
 * The heartbeat timer of a node: a tick on wall-clock multiples of the
 * period, plus "kicks" that run a tick on the next turn of the event loop
 * (coalesced) when a link must be probed at once.
 *
 * Ticking on wall-clock multiples means the nodes of a cluster (clocks in
 * sync) ping each other at about the same moment: a node is woken once for a
 * burst of PINGs and PONGs rather than once for each, which is most of the
 * CPU an idle node uses.
 */
export class Heartbeat {
  private timer: TimerHandle | undefined;
  private kickPending = false;
  private running = false;
  private lastDue = 0;

  /**
   * `onTick(skewMs)`: how far the wall-clock multiple the tick was set for
   * lies from now (negative when the timer fired late, as it does by a few
   * milliseconds on a busy machine; 0 for kicks). The owner adds it to its
   * clock for the tick, so that the ticks are exactly one period apart: a
   * ping sent on a late tick is then checked for its ping_timeout on the
   * tick ping_timeout later, not a whole period after that for want of a
   * millisecond (each retry of a probe lost a period that way).
   */
  constructor(
    private readonly periodMs: number,
    private readonly onTick: (skewMs: number) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs a tick on the next turn of the event loop; several kicks in one turn make one tick. */
  kick(): void {
    if (this.kickPending || !this.running) return;
    this.kickPending = true;
    this.clock.defer(() => {
      this.kickPending = false;
      if (this.running) this.onTick(0);
    });
  }

  private schedule(): void {
    // From the multiple just ticked when the timer fired early: never the same one twice.
    const start = Math.max(this.clock.now(), this.lastDue);
    const wait = this.periodMs - (start % this.periodMs);
    const due = start + wait;
    this.lastDue = due;
    this.timer = this.clock.setTimeout(() => {
      if (!this.running) return;
      const half = this.periodMs / 2;
      this.onTick(Math.max(-half, Math.min(due - this.clock.now(), half)));
      if (this.running) this.schedule();
    }, wait);
    this.timer.unref?.();
  }
}
