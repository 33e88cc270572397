import type { Clock, TimerHandle } from '../clock.js';
import type { ClusterView } from '../topology/index.js';

export interface AnnouncerComponents {
  clock: Clock;
  /** Sends our own links to every Up neighbour of the view (Clusterer.sendAnnouncement). */
  announce: (view: ClusterView) => void;
}

/** Per cluster: the quiet period after an announcement, and whether links changed during it. */
interface Quiet {
  timer: TimerHandle;
  changed: boolean;
}

/**
 * `ls_batch_interval` (ours): our direct links are announced in one
 * FULL_TOP_UPDATE of our own entry instead of an LS_UPDATE per change. A
 * change after a quiet time goes out at once (a link lost is known as fast
 * as with LS_UPDATEs); the changes during the next interval wait for its
 * end and go out together. A node whose links to N others come up at once
 * (a mesh forming, a node joining) so tells every neighbour twice instead
 * of N times: forming a mesh costs about N² updates instead of N³.
 */
export class Announcer {
  private readonly quiet = new Map<ClusterView, Quiet>();

  constructor(
    private readonly c: AnnouncerComponents,
    private readonly intervalMs: number,
  ) {}

  /** Our links in `view` changed: announced now, or at the end of the current interval. */
  changed(view: ClusterView): void {
    const q = this.quiet.get(view);
    if (q) {
      q.changed = true;
      return;
    }
    this.c.announce(view);
    this.hold(view);
  }

  /** Drops what waits (the node stops). */
  stop(): void {
    for (const q of this.quiet.values()) this.c.clock.clearTimeout(q.timer);
    this.quiet.clear();
  }

  private hold(view: ClusterView): void {
    const timer = this.c.clock.setTimeout(() => {
      const q = this.quiet.get(view);
      this.quiet.delete(view);
      if (!q?.changed) return;
      this.c.announce(view);
      this.hold(view);
    }, this.intervalMs);
    this.quiet.set(view, { timer, changed: false });
  }
}
