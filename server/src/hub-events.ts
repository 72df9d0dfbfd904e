/**
 * Domain events inside the hub: services announce what changed, the realtime layer relays it to
 * browsers and the job dispatcher reacts to it. Typed from one map, like socket.io's event maps.
 */
import type { Design, Job, Printer, PrinterStatus } from "@peerfab/protocol";

export interface HubEventMap {
  "design:created": Design;
  "job:updated": Job;
  "printer:updated": Printer;
  "printer:status": PrinterStatus;
  /** An API token stopped working: sockets authenticated with it are disconnected. */
  "api-token:revoked": { tokenId: string; userId: string };
  /** A printer's operator confirmed its bed is clear: its next job may start. */
  "printer:bed-cleared": { printerId: string };
  /** An open job (or one sent to a shop) that these shops' printers can make. */
  "job:offered": { job: Job; shops: { shopId: string; printerIds: string[] }[] };
  /** An open or quoted job left the market (cancelled, or accepted from another shop): these shops were offered it. */
  "job:withdrawn": { job: Job; shopIds: string[] };
  /** A browser session ended (sign-out): its sockets are disconnected. */
  "session:ended": { sessionIdHash: string };
}

type Listener<K extends keyof HubEventMap> = (payload: HubEventMap[K]) => void;

export class HubEvents {
  private readonly listeners = new Map<keyof HubEventMap, Set<Listener<never>>>();

  on<K extends keyof HubEventMap>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof HubEventMap>(event: K, payload: HubEventMap[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as Listener<K>)(payload);
    }
  }
}
