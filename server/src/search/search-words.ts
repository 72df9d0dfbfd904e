/**
 * What a user typed into a search box, as words, and as an SQLite FTS5 MATCH expression. User text
 * is never passed raw to MATCH: every word is quoted, so `"`, `*`, `-`, `:`, `^`, `NEAR(`, `AND`,
 * `OR`, `NOT` are just text. All words must match; the last is a prefix (the user may still be
 * typing it). Pure.
 */

/** At most this many words are searched for; more make a slower query and no better answer. */
export const MAX_SEARCH_WORDS = 16;

/** The words of `text`: runs of letters, digits and combining marks, like FTS5's unicode61 tokenizer. */
export function searchWords(text: string): string[] {
  return (text.normalize("NFKC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, MAX_SEARCH_WORDS);
}

/** The FTS5 query for `text`, or null when it has no word to search for (e.g. only punctuation). */
export function fts5MatchExpression(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((word, i) => `"${word.replaceAll('"', '""')}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}
