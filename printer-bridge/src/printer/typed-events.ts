/** A tiny typed event emitter: one listener list per event of an event map. */
export class TypedEvents<Events extends Record<string, (...args: never[]) => void>> {
  private readonly listeners = new Map<keyof Events, Events[keyof Events][]>();

  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return () => {
      const current = this.listeners.get(event) ?? [];
      this.listeners.set(
        event,
        current.filter((l) => l !== listener),
      );
    };
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }
}
