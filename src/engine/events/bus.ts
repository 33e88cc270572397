/**
 * The node's event bus. Events carry OpenSIPS names
 * (`E_CLUSTERER_NODE_STATE_CHANGED`, …) and ordered parameters.
 */
export type EventParams = Record<string, string | number>;

export interface ClusterEvent {
  name: string;
  params: EventParams;
  /** Milliseconds since the epoch. */
  time: number;
}

export type EventHandler = (ev: ClusterEvent) => void;

export class EventBus {
  private readonly handlers = new Set<{ names: Set<string> | undefined; fn: EventHandler }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Subscribes to the named events, or to all when `names` is empty. Returns the unsubscriber. */
  subscribe(names: string[], fn: EventHandler): () => void {
    const entry = { names: names.length ? new Set(names) : undefined, fn };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  /** Delivers synchronously; a throwing subscriber never affects the others or the emitter. */
  emit(name: string, params: EventParams): void {
    const ev: ClusterEvent = { name, params, time: this.now() };
    for (const h of [...this.handlers]) {
      if (h.names && !h.names.has(name)) continue;
      try {
        h.fn(ev);
      } catch {
        /* subscribers own their failures */
      }
    }
  }

  get subscriberCount(): number {
    return this.handlers.size;
  }
}
