/** A fake printer-bridge on a real socket.io client: records dispatches and controls, acknowledges them. */
import type { Ack, BridgeHello, BridgeHelloResult, BridgeToHubEvents, HubToBridgeEvents, JobControl, JobDispatch, JobEvent, PrinterCapabilities, PrinterStatus } from "@peerfab/protocol";
import { BRIDGE_NAMESPACE } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";

export type BridgeClient = Socket<HubToBridgeEvents, BridgeToHubEvents>;

export const capabilities = {
  buildVolume: { x: 220, y: 220, z: 250 },
  nozzleDiameter: 0.4,
  firmware: "Marlin 2.1 (virtual)",
  firmwareCaps: { AUTOREPORT_TEMP: true },
  materials: ["PLA"],
  acceptsRemoteJobs: false,
  virtual: true,
};

/** A shop's printer: takes remote jobs (PLA) and slices models with PrusaSlicer. */
export const shopPrinterCapabilities: PrinterCapabilities = {
  buildVolume: { x: 220, y: 220, z: 250 },
  nozzleDiameter: 0.4,
  firmware: "Marlin 2.1 (virtual)",
  firmwareCaps: {},
  materials: ["PLA"],
  acceptsRemoteJobs: true,
  virtual: true,
  slicer: { name: "PrusaSlicer", version: "2.5.0" },
};

export class FakeBridge {
  readonly dispatches: JobDispatch[] = [];
  readonly controls: JobControl[] = [];
  readonly socket: BridgeClient;
  /** How the bridge answers a dispatch (default: takes it); a test sets a refusal such as `printer-busy`. */
  answerDispatch: (dispatch: JobDispatch) => Ack = () => ({ ok: true });
  private eventCounter = 0;

  constructor(
    url: string,
    token: string,
    private readonly bridgeId = "test-bridge-1",
  ) {
    this.socket = io(`${url}${BRIDGE_NAMESPACE}`, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
    this.socket.on("job:dispatch", (dispatch, ack) => {
      this.dispatches.push(dispatch);
      ack(this.answerDispatch(dispatch));
    });
    this.socket.on("job:control", (control, ack) => {
      this.controls.push(control);
      ack({ ok: true });
    });
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("connect_error", reject);
    });
  }

  hello(jobs: BridgeHello["jobs"] = []): Promise<Ack<BridgeHelloResult>> {
    return this.socket.emitWithAck("bridge:hello", {
      bridgeId: this.bridgeId,
      version: "0.1.0",
      printers: [{ localId: "vp1", name: "Virtual MK1", capabilities }],
      jobs,
    });
  }

  status(printerId: string, state: PrinterStatus["state"], message: string | null = null): void {
    this.socket.emit("printer:status", { printerId, state, temperatures: { tools: [{ actual: 21, target: 0 }], bed: null }, progress: null, message, at: new Date().toISOString() });
  }

  event(jobId: string, printerId: string, type: JobEvent["type"], linesDone = 0, eventId = `evt-${++this.eventCounter}-${jobId}`): Promise<Ack> {
    return this.socket.emitWithAck("job:event", { eventId, jobId, printerId, type, linesDone, message: null, at: new Date().toISOString() });
  }

  close(): void {
    this.socket.close();
  }
}

/** Connects to the bridge namespace expecting a refusal; resolves with the hub's error. */
export function connectError(url: string, auth: Record<string, string>): Promise<Error> {
  const socket: BridgeClient = io(`${url}${BRIDGE_NAMESPACE}`, { auth, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.close();
      reject(new Error("connected with a bad token"));
    });
    socket.once("connect_error", (error) => {
      socket.close();
      resolve(error);
    });
  });
}
