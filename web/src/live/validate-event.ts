import type { z } from "zod";

/** Parses a socket payload; a malformed one is logged and dropped (returns null), never shown. */
export function validateEvent<T>(schema: z.ZodType<T>, payload: unknown, event: string): T | null {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  console.warn(`Ignored a malformed "${event}" event from the hub:`, parsed.error.issues);
  return null;
}
