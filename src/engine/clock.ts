/**
 * Time as the engine sees it: the current time and timers. The node gets one
 * clock and hands it to its parts, so that a whole cluster can run on a
 * simulated clock (scenario tests, the scale benchmark) with the same code
 * that runs on the system clock.
 */
export interface TimerHandle {
  /** Lets the process exit while the timer is pending (no effect on a simulated clock). */
  unref?(): unknown;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Runs `fn` once the current work is done (the next turn of the event loop). */
  defer(fn: () => void): void;
}

/** The system clock: Date.now and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => {
    if (h) clearTimeout(h as NodeJS.Timeout);
  },
  defer: (fn) => void setImmediate(fn),
};
