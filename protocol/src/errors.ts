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

/** Acknowledgement of a socket.io event that changes state. */
export type Ack<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: string; detail: string };

export type AckCallback<T = Record<string, never>> = (ack: Ack<T>) => void;

/** Formats a zod error as one human sentence listing each offending field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : "body";
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}
