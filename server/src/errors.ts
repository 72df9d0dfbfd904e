/** Failures answered to clients: the HTTP status, a stable code, and a sentence saying what to do. */
import type { ApiError } from "@peerfab/protocol";

/** An error with the HTTP status and the protocol `ApiError` body it is answered with. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }

  toBody(): ApiError {
    return { error: this.code, detail: this.detail };
  }
}

export const notFound = (what: string, detail: string) => new HttpError(404, `${what}-not-found`, detail);
