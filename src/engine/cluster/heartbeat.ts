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
  private timer: NodeJS.Timeout | undefined;
  private kickPending = false;
  private running = false;

  constructor(
    private readonly periodMs: number,
    private readonly onTick: () => void,
  ) {}

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Runs a tick on the next turn of the event loop; several kicks in one turn make one tick. */
  kick(): void {
    if (this.kickPending || !this.running) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      if (this.running) this.onTick();
    });
  }

  private schedule(): void {
    const wait = this.periodMs - (Date.now() % this.periodMs);
    this.timer = setTimeout(() => {
      if (!this.running) return;
      this.onTick();
      if (this.running) this.schedule();
    }, wait);
    this.timer.unref?.();
  }
}
