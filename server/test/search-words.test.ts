/** What a search box's text becomes before it reaches FTS5 MATCH. */
import { describe, expect, it } from "vitest";
import { fts5MatchExpression, MAX_SEARCH_WORDS, searchWords } from "../src/search/search-words.ts";

describe("search words", () => {
  it("quotes every word, requires all of them and makes the last a prefix", () => {
    expect(fts5MatchExpression("wall hoo")).toBe('"wall" "hoo"*');
    expect(fts5MatchExpression("  Bracket  ")).toBe('"Bracket"*');
  });

  it("turns FTS5 syntax a user might type into plain words", () => {
    expect(fts5MatchExpression('"unbalanced')).toBe('"unbalanced"*');
    expect(fts5MatchExpression("NEAR(hook")).toBe('"NEAR" "hook"*');
    expect(fts5MatchExpression("hook AND NOT -wall OR title:x ^y *")).toBe('"hook" "AND" "NOT" "wall" "OR" "title" "x" "y"*');
    expect(fts5MatchExpression("wall-mount")).toBe('"wall" "mount"*');
  });

  it("keeps letters beyond ASCII and has no expression for punctuation only", () => {
    expect(searchWords("Zahnrad für Kühlschrank")).toEqual(["Zahnrad", "für", "Kühlschrank"]);
    expect(searchWords("ネジ 3D")).toEqual(["ネジ", "3D"]);
    expect(fts5MatchExpression(`" * ( ) : ^ -`)).toBeNull();
    expect(fts5MatchExpression("")).toBeNull();
  });

  it("searches at most a fixed number of words", () => {
    expect(searchWords(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(MAX_SEARCH_WORDS);
  });
});
