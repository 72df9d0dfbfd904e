import { z } from "zod";

/**
 * Every 4xx/5xx JSON body the hub sends: `error` is a short stable code a program can switch on,
 * `detail` is a sentence for the person: what is wrong and what to do about it.
 */
export const ApiErrorSchema = z.object({
  error: z.string(),
  detail: z.string(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/**
 * Acknowledgement of a socket.io event that changes state. `T` adds fields to the success case;
 * the default adds none (`unknown`: `{ ok: true } & unknown` is `{ ok: true }`).
 */
export type Ack<T = unknown> = ({ ok: true } & T) | { ok: false; error: string; detail: string };

export type AckCallback<T = unknown> = (ack: Ack<T>) => void;

/** Formats a zod error as one human sentence listing each offending field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : "body";
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}
