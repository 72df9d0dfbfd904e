import type { Job, Printer, PrinterStatus } from "@peerfab/protocol";

export function status(overrides: Partial<PrinterStatus> = {}): PrinterStatus {
  return {
    printerId: "p1",
    state: "idle",
    temperatures: { tools: [{ actual: 24, target: 0 }], bed: { actual: 23, target: 0 } },
    progress: null,
    message: null,
    at: "2025-01-01T12:00:00.000Z",
    ...overrides,
  };
}

export function printer(overrides: Partial<Printer> = {}, statusOverrides: Partial<PrinterStatus> = {}): Printer {
  const id = overrides.id ?? "p1";
  return {
    id,
    name: "Virtual MK1",
    ownerId: "u1",
    capabilities: {
      buildVolume: { x: 220, y: 220, z: 250 },
      nozzleDiameter: 0.4,
      firmware: "Marlin",
      firmwareCaps: {},
      materials: ["PLA"],
      acceptsRemoteJobs: false,
      virtual: true,
    },
    ...overrides,
    status: status({ printerId: id, ...statusOverrides }),
  };
}

export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "j1",
    designId: "d1",
    designTitle: "Calibration cube",
    gcodeFileId: "f2",
    printerId: "p1",
    makerId: "u1",
    state: "printing",
    material: "PLA",
    quantity: 1,
    linesDone: 0,
    linesTotal: 1000,
    message: null,
    createdAt: "2025-01-01T11:59:00.000Z",
    updatedAt: "2025-01-01T12:00:00.000Z",
    history: [],
    ...overrides,
  };
}

/** `2025-01-01T12:00:00Z` plus `seconds`. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2025, 0, 1, 12, 0, 0) + seconds * 1000).toISOString();
}
