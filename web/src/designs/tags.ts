/**
 * Tags as people type them ("Kitchen, hooks , wall-mount") → the protocol's tags, with the
 * first problem in words. Pure; the hub checks the same TagSchema.
 */
import { TagSchema } from "@peerfab/protocol";

export const MAX_TAGS = 20;

export type ParsedTags = { readonly ok: true; readonly tags: string[] } | { readonly ok: false; readonly problem: string };

/** Comma-separated; blanks and repeats are dropped; case is folded. */
export function parseTags(text: string): ParsedTags {
  const tags: string[] = [];
  for (const raw of text.split(",")) {
    const trimmed = raw.trim();
    if (trimmed === "") continue;
    const tag = TagSchema.safeParse(trimmed);
    if (!tag.success) {
      return { ok: false, problem: `'${trimmed.slice(0, 40)}' is not a tag: use 1–32 letters, digits or '-', starting with a letter or digit (separate tags with commas).` };
    }
    if (!tags.includes(tag.data)) tags.push(tag.data);
  }
  if (tags.length > MAX_TAGS) return { ok: false, problem: `That is ${tags.length} tags; a design has at most ${MAX_TAGS}. Keep the ones people would search for.` };
  return { ok: true, tags };
}
