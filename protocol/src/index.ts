export * from "./designs.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./jobs.ts";
export * from "./printers.ts";
export * from "./gcode.ts";
export * from "./gcode-analysis/index.ts";
