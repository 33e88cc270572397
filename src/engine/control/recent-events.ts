import type { ClusterEvent, EventBus } from '../events/bus.js';

/** How many events `cl_status` shows. */
export const RECENT_EVENTS = 20;

/** The last events raised on a node's bus, oldest first, for `cl_status` (a bounded ring). */
export class RecentEvents {
  private readonly ring: ClusterEvent[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly max: number = RECENT_EVENTS,
  ) {
    this.unsubscribe = bus.subscribe([], (ev) => {
      this.ring.push(ev);
      if (this.ring.length > this.max) this.ring.shift();
    });
  }

  list(): readonly ClusterEvent[] {
    return [...this.ring];
  }

  close(): void {
    this.unsubscribe();
  }
}
