import { describe, expect, it } from "vitest";
import { analyzeGcode } from "../src/gcode-analysis/index.ts";

const gcode = (...lines: string[]) => lines.join("\n") + "\n";

describe("extrusion", () => {
  it("reads absolute E (M82) and resets with G92 E", () => {
    const a = analyzeGcode(gcode("M82", "G1 X10 E5", "G1 X20 E8", "G92 E0", "G1 X30 E2"));
    expect(a.filamentMm).toBeCloseTo(10, 9);
  });

  it("reads relative E (M83)", () => {
    const a = analyzeGcode(gcode("M83", "G1 X10 E5", "G1 X20 E3", "G1 X30 E2"));
    expect(a.filamentMm).toBeCloseTo(10, 9);
  });

  it("lets G91/G90 switch E too, unless M82/M83 was given", () => {
    // G91 alone makes E relative…
    expect(analyzeGcode(gcode("G91", "G1 X10 E2", "G1 X10 E2")).filamentMm).toBeCloseTo(4, 9);
    // …but after M82, G91 leaves E absolute while X/Y become relative.
    const a = analyzeGcode(gcode("M82", "G91", "G1 X10 E2", "G1 X10 E3"));
    expect(a.filamentMm).toBeCloseTo(3, 9);
    expect(a.boundingBox?.max.x).toBe(20);
  });

  it("does not count retractions, unretractions or travel as filament used", () => {
    const a = analyzeGcode(gcode("M83", "G1 X10 E5", "G1 E-0.8", "G1 X50 Y50", "G1 E0.8", "G1 Z5 E1", "G1 X60 E1"));
    expect(a.filamentMm).toBeCloseTo(6, 9);
    expect(a.boundingBox).toEqual({ min: { x: 0, y: 0, z: 0 }, max: { x: 60, y: 50, z: 5 } });
  });

  it("books filament per tool and counts only real tool changes", () => {
    const a = analyzeGcode(gcode("M83", "T0", "G1 X10 E4", "T1", "G1 X20 E3", "T1", "T0", "G1 X30 E1"));
    expect(a.extruders.map((e) => [e.tool, e.filamentMm])).toEqual([
      [0, 5],
      [1, 3],
    ]);
    expect(a.toolChanges).toBe(2);
  });

  it("computes mass from diameter and density given as options when the file has none", () => {
    const a = analyzeGcode(gcode("M83", "G1 X100 E1000"), { filamentDiameterMm: 2.85, filamentDensityGPerCm3: 1.04 });
    const grams = ((1000 * Math.PI * 2.85 ** 2) / 4 / 1000) * 1.04;
    expect(a.filamentG).toBeCloseTo(grams, 9);
    expect(a.extruders[0]).toMatchObject({ diameterMm: 2.85, densityGPerCm3: 1.04 });
  });

  it("understands inches (G20) and checksummed lines", () => {
    const a = analyzeGcode(gcode("G20", "M83", "G1 X1 E1", "N12 G1 X2 E1*85"));
    expect(a.filamentMm).toBeCloseTo(50.8, 9);
    expect(a.boundingBox?.max.x).toBeCloseTo(50.8, 9);
  });
});

describe("layers from moves", () => {
  it("starts a layer at each new highest Z with extrusion, ignoring z-hops and travel", () => {
    const a = analyzeGcode(
      gcode(
        "M83",
        "G1 Z0.2", "G1 X10 E1", "G1 Z0.6", "G1 X0", "G1 Z0.2", "G1 X10 E1", // z-hop without extrusion
        "G1 Z0.4", "G1 X0 E1",
        "G1 Z0.6", "G1 X10 E1",
        "G1 Z10", // travel up at the end
      ),
    );
    expect(a.layers).toEqual({ count: 3, z: [0.2, 0.4, 0.6], source: "moves" });
  });
});

describe("temperatures", () => {
  it("keeps the highest hotend and bed targets from S or R", () => {
    const a = analyzeGcode(gcode("M104 S200", "M109 R230", "M104 T1 S240", "M104 S0", "M140 S60", "M190 R70", "M140 S0"));
    expect(a.maxHotendC).toBe(240);
    expect(a.maxBedC).toBe(70);
    expect(analyzeGcode(gcode("G28")).maxHotendC).toBeNull();
  });
});

describe("print time", () => {
  const fast = { motion: { maxAcceleration: { x: 1e9, y: 1e9, z: 1e9, e: 1e9 } } };

  it("is distance over feed rate when acceleration is unlimited", () => {
    const motion = { ...fast.motion, printAcceleration: 1e9, travelAcceleration: 1e9, retractAcceleration: 1e9 };
    const a = analyzeGcode(gcode("G1 X100 F6000"), { motion }); // 100 mm at 100 mm/s
    expect(a.printTime.estimatedS).toBeCloseTo(1, 3);
  });

  it("adds trapezoid ramps: a move from rest to rest at a = 1000 mm/s² and v = 100 mm/s", () => {
    // Jerk 0 makes every move start and end at rest: 2 × 0.1 s ramps over 10 mm + 90 mm cruise at 100 mm/s.
    const motion = { ...fast.motion, printAcceleration: 1000, travelAcceleration: 1000, jerk: { x: 0, y: 0, z: 0, e: 0 } };
    const a = analyzeGcode(gcode("G1 X100 F6000"), { motion });
    expect(a.printTime.estimatedS).toBeCloseTo(0.2 + 0.9, 6);
  });

  it("reads the file's own M201/M203/M204 limits over the profile", () => {
    const text = gcode("M203 X50", "M204 T1000000", "M201 X1000000", "G1 X100 F6000");
    expect(analyzeGcode(text).printTime.estimatedS).toBeCloseTo(2, 3); // 100 mm capped at 50 mm/s
  });

  it("adds G4 dwells (P in ms, S in s) and ignores heat-up waits", () => {
    const a = analyzeGcode(gcode("G4 P500", "G4 S2", "M109 S200", "M190 S60"));
    expect(a.printTime.estimatedS).toBeCloseTo(2.5, 9);
  });

  it("slows down at sharp corners with junction deviation (M205 J) as with jerk", () => {
    const zigzag = ["M204 P1000 T1000"];
    for (let i = 0; i < 200; i++) zigzag.push(`G1 X${i % 2 === 0 ? 10 : 0} Y${i} F6000`);
    const tight = analyzeGcode(gcode("M205 J0.001", ...zigzag)).printTime.estimatedS;
    const loose = analyzeGcode(gcode("M205 J0.5", ...zigzag)).printTime.estimatedS;
    const jerk = analyzeGcode(gcode("M205 X8 Y8", ...zigzag)).printTime.estimatedS;
    expect(tight).toBeGreaterThan(loose);
    expect(jerk).toBeGreaterThan(0);
    expect(Number.isFinite(tight)).toBe(true);
  });

  it("times an arc by its length", () => {
    const motion = { ...fast.motion, printAcceleration: 1e9, travelAcceleration: 1e9 };
    // Half circle of radius 10 from (0,0) to (20,0) around (10,0): 31.4 mm at 10 mm/s.
    const a = analyzeGcode(gcode("G2 X20 Y0 I10 J0 F600"), { motion });
    expect(a.printTime.estimatedS).toBeCloseTo(Math.PI, 2);
    // The same half circle by radius, and a full circle (start = end) counter-clockwise.
    expect(analyzeGcode(gcode("G3 X20 Y0 R10 F600"), { motion }).printTime.estimatedS).toBeCloseTo(Math.PI, 2);
    expect(analyzeGcode(gcode("G3 X0 Y0 I10 J0 F600"), { motion }).printTime.estimatedS).toBeCloseTo(2 * Math.PI, 2);
  });

  it("counts filament extruded along an arc", () => {
    expect(analyzeGcode(gcode("M83", "G2 X20 Y0 I10 J0 E3")).filamentMm).toBe(3);
  });
});
