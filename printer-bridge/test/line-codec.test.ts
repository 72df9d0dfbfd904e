import { describe, expect, it } from "vitest";
import { checksum, decodeLine, LINE_NUMBER_RESET, numberedLine } from "../src/marlin/line-codec.ts";

describe("line codec", () => {
  it("numbers a line with Marlin's XOR checksum", () => {
    // Reference values computed the way Marlin does (XOR of every byte before '*').
    expect(numberedLine(0, LINE_NUMBER_RESET)).toBe("N0 M110 N0*125");
    expect(numberedLine(1, "G28")).toBe("N1 G28*18");
    expect(checksum("N1 G28")).toBe(18);
  });

  it("decodes what it encodes and spots a corrupted byte", () => {
    const line = numberedLine(42, "G1 X10.5 Y20 E0.4");
    expect(decodeLine(line)).toEqual({ lineNumber: 42, command: "G1 X10.5 Y20 E0.4", checksum: checksum("N42 G1 X10.5 Y20 E0.4"), checksumValid: true });
    expect(decodeLine(line.replace("X10", "X11")).checksumValid).toBe(false);
    expect(decodeLine("M105")).toEqual({ lineNumber: null, command: "M105", checksum: null, checksumValid: false });
  });
});
