import type { Ack, JobControl, QuoteEstimate, QuoteRequest } from "@peerfab/protocol";

/** What services may ask of the connected bridges (implemented by the realtime layer). */
export interface BridgeLink {
  isOnline(printerId: string): boolean;
  control(control: JobControl): Promise<Ack>;
  /** Marketplace: the printer's bridge slices a job's model and says what one piece takes. */
  requestQuote(request: QuoteRequest): Promise<Ack<QuoteEstimate>>;
}
