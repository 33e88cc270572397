import type { Clock, TimerHandle } from '../clock.js';
import type { ClusterView, FloodOrigin } from '../topology/index.js';
import { appendPathHop, type PacketLimits } from '../wire/index.js';
import type { FullTopUpdateMsg, LsUpdateMsg } from '../wire/types.js';

/** What is relayed later: LS_UPDATEs, and FULL_TOP_UPDATEs that announce their originator's links (ls_batch_interval). */
type Relayed = LsUpdateMsg | FullTopUpdateMsg;

/**
 * How long a node holds an LS_UPDATE it got straight from its originator
 * before passing it on. Its targets are the neighbours the originator does
 * not link to, as this node knows the originator's links; while a mesh
 * forms those links come up faster than their own updates travel, so a
 * copy sent at once went almost always to a node the originator had sent
 * it to already (in a simulated mesh of 50 nodes forming, 750,000 relayed
 * copies, every one a duplicate). Chosen again after a few link latencies,
 * with the links learned meanwhile, they go where they are needed: the
 * mesh forms with 0.5 N³ LS_UPDATEs instead of 4–12 N³. The cost is this
 * delay for the nodes the originator has no link with.
 */
export const RELAY_DELAY_MS = 5;

export interface FloodRelayComponents {
  clock: Clock;
  /** Sends a frame to a neighbour on this node's own connection (Clusterer.sendFrame). */
  send: (view: ClusterView, nodeId: number, frame: Buffer) => void;
  myId: number;
  limits: PacketLimits;
}

/** The LS_UPDATEs waiting to be passed on (see RELAY_DELAY_MS), in the order they came. */
export class FloodRelay {
  private waiting: { view: ClusterView; frame: Buffer; msg: Relayed; origin: FloodOrigin }[] = [];
  private timer: TimerHandle | undefined;

  constructor(private readonly c: FloodRelayComponents) {}

  /** Passes `msg` (received as `frame` from its originator) on after RELAY_DELAY_MS, to the targets chosen then. */
  later(view: ClusterView, frame: Buffer, msg: Relayed, origin: FloodOrigin): void {
    this.waiting.push({ view, frame, msg, origin });
    this.timer ??= this.c.clock.setTimeout(() => this.flush(), RELAY_DELAY_MS);
  }

  /** Drops what waits (the node stops). */
  stop(): void {
    this.c.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = [];
  }

  private flush(): void {
    this.timer = undefined;
    const list = this.waiting;
    this.waiting = [];
    for (const w of list) {
      const plan = w.view.planFlood(w.msg.path, w.origin);
      if (plan.tooManyHops || plan.targets.length === 0) continue;
      const copy = appendPathHop(w.frame, this.c.myId, this.c.limits, w.msg);
      for (const t of plan.targets) this.c.send(w.view, t, copy);
    }
  }
}
