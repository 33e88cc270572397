import type { Clock, TimerHandle } from '../clock.js';

/**
 * One node's view of the simulated clock, which can stall as a process
 * stopped with SIGSTOP does: the time goes on, but no timer of the node
 * runs until it resumes; then the timers that came due run at once, in
 * order, late.
 */
export class StallClock implements Clock {
  private stalled = false;
  private readonly due: (() => void)[] = [];

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.base.setTimeout(() => this.run(fn), ms);
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.base.clearTimeout(handle);
  }

  defer(fn: () => void): void {
    this.base.defer(() => this.run(fn));
  }

  get isStalled(): boolean {
    return this.stalled;
  }

  stall(): void {
    this.stalled = true;
  }

  /** Resumes; the timers that came due meanwhile run now (bounded: a timer they set runs on the base clock). */
  resume(): void {
    this.stalled = false;
    const late = this.due.splice(0);
    for (const fn of late) fn();
  }

  private run(fn: () => void): void {
    if (this.stalled) this.due.push(fn);
    else fn();
  }
}
