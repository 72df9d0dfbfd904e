/**
 * The one fit rule (build-volume-fit.ts) at a bed edge: a part exactly the bed's size, or within
 * the float slack over it, fits — as placed or turned — for the hub's `printerCanMake` too; a
 * part 0.1 mm over does not, in any orientation.
 */
import { describe, expect, it } from "vitest";
import { BUILD_VOLUME_TOLERANCE_MM, fitsBuildVolume, fittingOrientation, printerCanMake, type PrinterCapabilities } from "../src/index.ts";

const bed = { x: 250, y: 210, z: 220 };
const printer: PrinterCapabilities = {
  buildVolume: bed,
  nozzleDiameter: 0.4,
  firmware: "Marlin",
  firmwareCaps: {},
  materials: ["PLA"],
  acceptsRemoteJobs: true,
  virtual: true,
  slicer: { name: "PrusaSlicer", version: "2.7.0" },
};
const canMake = (size: { x: number; y: number; z: number }) => printerCanMake(printer, { size, material: "PLA", hasGcode: false }).ok;

describe("fitsBuildVolume at the bed edge", () => {
  it("fits a part exactly the bed's size, as placed and turned on the plate", () => {
    expect(fitsBuildVolume(bed, bed)).toBe(true);
    expect(fittingOrientation(bed, bed)).toEqual(bed);
    const turned = { x: bed.y, y: bed.x, z: bed.z };
    expect(fitsBuildVolume(turned, bed)).toBe(true);
    expect(fittingOrientation(turned, bed)).toEqual(bed);
    expect(canMake(bed)).toBe(true);
    expect(canMake(turned)).toBe(true);
  });

  it("fits a part 0.005 mm over on every axis (float noise from a 3MF transform)", () => {
    const over = { x: bed.x + 0.005, y: bed.y + 0.005, z: bed.z + 0.005 };
    expect(0.005).toBeLessThan(BUILD_VOLUME_TOLERANCE_MM);
    expect(fitsBuildVolume(over, bed)).toBe(true);
    expect(fitsBuildVolume({ x: over.z, y: over.x, z: over.y }, bed)).toBe(true);
    expect(canMake(over)).toBe(true);
  });

  it("refuses a part 0.1 mm over on one axis, in every orientation and for the hub", () => {
    for (const axis of ["x", "y", "z"] as const) {
      const over = { ...bed, [axis]: bed[axis] + 0.1 };
      expect(fitsBuildVolume(over, bed)).toBe(false);
      expect(fittingOrientation(over, bed)).toBeNull();
      expect(canMake(over)).toBe(false);
    }
  });

  it("turns on the plate before laying the part on a side", () => {
    // 240 mm deep: too deep for Y (210), fits X (250) turned 90° on the bed; laid on a side would also fit.
    expect(fittingOrientation({ x: 100, y: 240, z: 20 }, bed)).toEqual({ x: 240, y: 100, z: 20 });
    expect(fittingOrientation({ x: 30, y: 30, z: 240 }, bed)).toEqual({ x: 240, y: 30, z: 30 });
  });
});
