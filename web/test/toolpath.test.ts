import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeGcode, gcodeCommands } from "@peerfab/protocol";
import { describe, expect, it } from "vitest";
import { layerAtCommand, parseToolpath, segmentsDone } from "../src/toolpath/toolpath.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cube = readFileSync(root + "fixtures/print/cube-10mm.gcode", "utf8");
const lines = (...l: string[]) => l.join("\n");

describe("parseToolpath on a PrusaSlicer cube", () => {
  const toolpath = parseToolpath(cube);

  it("counts commands by the rule the bridge sends and the hub counts by", () => {
    expect(toolpath.commandCount).toBe(gcodeCommands(cube).length);
  });

  it("finds the same layers as the protocol's analyzer, bottom first", () => {
    const analysis = analyzeGcode(cube);
    expect(toolpath.layers).toHaveLength(analysis.layers.count);
    expect(toolpath.layers.map((l) => Math.round(l.z * 100) / 100)).toEqual(analysis.layers.z.map((z) => Math.round(z * 100) / 100));
    const starts = toolpath.layers.map((l) => l.firstCommand);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it("draws every layer of the cube inside its 10 mm footprint, matching the analyzer's box", () => {
    const analysis = analyzeGcode(cube);
    const box = analysis.boundingBox;
    expect(box).not.toBeNull();
    expect(toolpath.bounds?.minX).toBeCloseTo(box?.min.x ?? 0, 3);
    expect(toolpath.bounds?.maxX).toBeCloseTo(box?.max.x ?? 0, 3);
    expect(toolpath.bounds?.minY).toBeCloseTo(box?.min.y ?? 0, 3);
    expect(toolpath.bounds?.maxY).toBeCloseTo(box?.max.y ?? 0, 3);
    // The part itself, without the prime line along the front of the bed (y = 5), is the 10 mm cube and its skirt.
    const print = toolpath.printBounds;
    expect(print).not.toBeNull();
    expect((print?.maxX ?? 0) - (print?.minX ?? 0)).toBeLessThan(20);
    expect(print?.minY).toBeGreaterThan(100);
    for (const layer of toolpath.layers) {
      expect(layer.segments.length).toBeGreaterThan(0);
      expect(layer.segments.length).toBe(layer.commands.length * 4);
    }
  });

  it("maps commands done to the layer being printed", () => {
    const layers = toolpath.layers;
    const third = layers[2];
    expect(third).toBeDefined();
    if (!third) return;
    expect(layerAtCommand(toolpath, 0)).toBe(0);
    expect(layerAtCommand(toolpath, third.firstCommand)).toBe(1);
    expect(layerAtCommand(toolpath, third.firstCommand + 1)).toBe(2);
    expect(layerAtCommand(toolpath, toolpath.commandCount)).toBe(layers.length - 1);
  });

  it("says how much of a layer is done from the commands acknowledged", () => {
    const layer = toolpath.layers[2];
    if (!layer) throw new Error("the cube has layers");
    const middle = layer.commands[5] ?? 0;
    expect(segmentsDone(layer, layer.firstCommand)).toBe(0);
    // Command `middle` itself is not acknowledged yet; the five before it are.
    expect(segmentsDone(layer, middle)).toBe(5);
    expect(segmentsDone(layer, toolpath.commandCount)).toBe(layer.commands.length);
  });
});

describe("parseToolpath rules", () => {
  it("keeps extruding moves only, in absolute and relative extrusion", () => {
    const t = parseToolpath(lines("G90", "M82", "G1 Z0.2", "G1 X10 Y0 E1", "G0 X20 Y20", "G1 X20 Y30 E1", "M83", "G1 X30 Y30 E0.5", "G1 X40 Y30 E-0.5"));
    expect(t.layers).toHaveLength(1);
    expect(Array.from(t.layers[0]?.segments ?? [])).toEqual([0, 0, 10, 0, 20, 30, 30, 30]);
  });

  it("follows G92 E resets and G91 relative positioning", () => {
    const t = parseToolpath(lines("G1 Z0.3", "G1 X5 Y5 E2", "G92 E0", "G1 X6 E1", "G91", "G1 X1 Y1 E0.1"));
    expect(Array.from(t.layers[0]?.segments ?? [])).toEqual([0, 0, 5, 5, 5, 5, 6, 5, 6, 5, 7, 6]);
  });

  it("does not start a layer for a z-hop or a lower prime line", () => {
    const t = parseToolpath(lines("M83", "G1 Z0.2", "G1 X10 E1", "G1 Z0.6", "G1 X20", "G1 Z0.2", "G1 X30 E1", "G1 Z0.4", "G1 X40 E1"));
    expect(t.layers.map((l) => l.z)).toEqual([0.2, 0.4]);
    expect(t.layers.map((l) => l.firstCommand)).toEqual([2, 8]);
  });

  it("follows slicer layer markers, drawing a prime line before the first one with the first layer", () => {
    const t = parseToolpath(lines("M83", "G1 Z0.3", "G1 X5 E1", ";LAYER_CHANGE", "G1 Z0.2", "G1 X10 E1", ";LAYER_CHANGE", "G1 Z0.4", "G1 X20 E1"));
    expect(t.layers.map((l) => l.z)).toEqual([0.2, 0.4]);
    expect(t.layers.map((l) => l.firstCommand)).toEqual([4, 6]);
    expect(Array.from(t.layers[0]?.segments ?? [])).toEqual([0, 0, 5, 0, 5, 0, 10, 0]);
    expect(Array.from(t.layers[0]?.commands ?? [])).toEqual([2, 4]);
  });

  it.each(["bambustudio", "cura", "orcaslicer", "prusaslicer-thumbnails", "simplify3d"])("counts the layers of a %s file as the analyzer does", (name) => {
    const text = readFileSync(`${root}fixtures/gcode/${name}.gcode`, "utf8");
    const t = parseToolpath(text);
    expect(t.commandCount).toBe(gcodeCommands(text).length);
    expect(t.layers.length).toBe(analyzeGcode(text).layers.count);
  });

  it("splits arcs into chords that end on the arc's end point", () => {
    // Counter-clockwise half circle of radius 5 around (5, 0).
    const t = parseToolpath(lines("M83", "G1 Z0.2", "G3 X10 Y0 I5 J0 E1"));
    const s = t.layers[0]?.segments ?? new Float32Array();
    expect(s.length / 4).toBeGreaterThan(10);
    expect(s[s.length - 2]).toBeCloseTo(10, 5);
    expect(s[s.length - 1]).toBeCloseTo(0, 5);
    // Every chord end lies on the circle, below the X axis (counter-clockwise from (0,0) to (10,0)).
    for (let i = 2; i < s.length; i += 4) {
      expect(Math.hypot((s[i] ?? 0) - 5, s[i + 1] ?? 0)).toBeCloseTo(5, 3);
      expect(s[i + 1] ?? 0).toBeLessThanOrEqual(1e-6);
    }
  });

  it("places an R-form clockwise arc's centre on the correct side", () => {
    const t = parseToolpath(lines("M83", "G1 Z0.2", "G2 X10 Y0 R5 E1"));
    const s = t.layers[0]?.segments ?? new Float32Array();
    // Clockwise from (0,0) to (10,0) the short way goes over the top (y > 0).
    const mid = Math.floor(s.length / 8) * 4;
    expect(s[mid + 1] ?? 0).toBeGreaterThan(4);
  });

  it("reads inches", () => {
    const t = parseToolpath(lines("G20", "M83", "G1 Z0.01", "G1 X1 E0.1"));
    expect(t.layers[0]?.segments[2]).toBeCloseTo(25.4, 4);
  });

  it("returns no layers and no bounds for a file without extrusion", () => {
    const t = parseToolpath(lines("G28", "M104 S200", "G1 X10 Y10"));
    expect(t.layers).toEqual([]);
    expect(t.bounds).toBeNull();
    expect(t.printBounds).toBeNull();
    expect(t.commandCount).toBe(3);
    expect(layerAtCommand(t, 2)).toBe(0);
  });
});
