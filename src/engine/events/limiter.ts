/**
 * Runs at most `max` jobs at once; further jobs wait in a queue of at most
 * `maxQueue` (beyond that they are refused, so a flood of events can never
 * grow memory without bound).
 */
export class Limiter {
  private active = 0;
  private readonly queue: (() => Promise<void>)[] = [];

  constructor(
    private readonly max: number,
    private readonly maxQueue: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Starts or queues `job`; false when the queue is full and the job was refused. */
  run(job: () => Promise<void>): boolean {
    if (this.active < this.max) {
      this.start(job);
      return true;
    }
    if (this.queue.length >= this.maxQueue) return false;
    this.queue.push(job);
    return true;
  }

  /** Drops every queued job (running ones finish on their own); returns how many were dropped. */
  clear(): number {
    const n = this.queue.length;
    this.queue.length = 0;
    return n;
  }

  private start(job: () => Promise<void>): void {
    this.active++;
    void job()
      .catch(() => {})
      .finally(() => {
        this.active--;
        const next = this.queue.shift();
        if (next) this.start(next);
      });
  }
}
