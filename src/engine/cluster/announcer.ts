import type { Clock, TimerHandle } from '../clock.js';
import type { ClusterView } from '../topology/index.js';

export interface AnnouncerComponents {
  clock: Clock;
  /** Sends our own links to every Up neighbour of the view (Clusterer.sendAnnouncement). */
  announce: (view: ClusterView) => void;
}

/**
 * `ls_batch_interval` (ours): the changes of our direct links within that
 * many ms go out together, as one FULL_TOP_UPDATE of our own entry, instead
 * of an LS_UPDATE each. A node whose links to N others come up at once (a
 * mesh forming, a node joining) so tells every neighbour once instead of N
 * times: forming a mesh costs about N² updates instead of N³.
 */
export class Announcer {
  private readonly waiting = new Set<ClusterView>();
  private timer: TimerHandle | undefined;

  constructor(
    private readonly c: AnnouncerComponents,
    private readonly intervalMs: number,
  ) {}

  /** Our links in `view` changed: announce them by the end of the interval. */
  changed(view: ClusterView): void {
    this.waiting.add(view);
    this.timer ??= this.c.clock.setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Drops what waits (the node stops). */
  stop(): void {
    this.c.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const views = [...this.waiting];
    this.waiting.clear();
    for (const view of views) this.c.announce(view);
  }
}
