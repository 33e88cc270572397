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

interface Subscription {
  names: Set<string> | undefined;
  fn: EventHandler;
}

export class EventBus {
  /** Replaced, never changed in place: an emit in progress keeps the list it started with. */
  private handlers: readonly Subscription[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Subscribes to the named events, or to all when `names` is empty. Returns the unsubscriber. */
  subscribe(names: string[], fn: EventHandler): () => void {
    const entry: Subscription = { names: names.length ? new Set(names) : undefined, fn };
    this.handlers = [...this.handlers, entry];
    return () => {
      const before = this.handlers.length;
      this.handlers = this.handlers.filter((h) => h !== entry);
      return this.handlers.length !== before;
    };
  }

  /** Delivers synchronously; a throwing subscriber never affects the others or the emitter. */
  emit(name: string, params: EventParams): void {
    const ev: ClusterEvent = { name, params, time: this.now() };
    for (const h of this.handlers) {
      if (h.names && !h.names.has(name)) continue;
      try {
        h.fn(ev);
      } catch {
        /* subscribers own their failures */
      }
    }
  }

  get subscriberCount(): number {
    return this.handlers.length;
  }
}
