/**
 * Typed events between the parts of a node (`noun:verb` names, one payload
 * type each). Listeners run synchronously in the order they subscribed; a
 * listener that throws does not stop the others.
 */
export class TypedEvents<M extends object> {
  private readonly listeners = new Map<keyof M, ((payload: never) => void)[]>();

  constructor(private readonly onError: (name: string, err: unknown) => void = () => {}) {}

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof M>(name: K, fn: (payload: M[K]) => void): () => void {
    // Copy on write: a listener added or removed while the event runs takes effect from the next one.
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn as (payload: never) => void]);
    return () => this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== fn));
  }

  emit<K extends keyof M>(name: K, payload: M[K]): void {
    const ls = this.listeners.get(name);
    if (!ls) return;
    for (const l of ls) {
      try {
        (l as (p: M[K]) => void)(payload);
      } catch (err) {
        this.onError(String(name), err);
      }
    }
  }
}
