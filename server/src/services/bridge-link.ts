import type { Ack, JobControl } from "@peerfab/protocol";

/** What services may ask of the connected bridges (implemented by the realtime layer). */
export interface BridgeLink {
  isOnline(printerId: string): boolean;
  control(control: JobControl): Promise<Ack>;
}
