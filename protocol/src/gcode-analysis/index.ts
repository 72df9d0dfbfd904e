export { GcodeAnalyzer, analyzeGcode } from "./analyzer.ts";
export { parseDuration } from "./slicer-comments.ts";
export * from "./types.ts";
