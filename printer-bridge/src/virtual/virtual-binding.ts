/**
 * A serialport binding (BindingInterface of @serialport/bindings-interface) whose port is an
 * in-process VirtualMarlin, so the bridge runs its real serial stack against a simulated
 * printer without a pty. Opening the port resets the printer (like DTR on a USB board).
 */
import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from "@serialport/bindings-interface";
import type { VirtualMarlin } from "./virtual-marlin.ts";

class CanceledError extends Error {
  readonly canceled = true;
}

export class VirtualPortBinding implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  private output: Buffer[] = [];
  private pendingRead: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    readonly printer: VirtualMarlin,
    options: OpenOptions,
  ) {
    this.openOptions = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: "none",
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    };
    printer.onLine((line) => {
      this.output.push(Buffer.from(`${line}\n`, "latin1"));
      this.wake();
    });
    printer.onDisconnect(() => {
      this.isOpen = false;
      const pending = this.pendingRead;
      this.pendingRead = null;
      pending?.reject(new Error("virtual printer disconnected (USB cable pulled)"));
    });
    setImmediate(() => printer.reset());
  }

  private wake(): void {
    const pending = this.pendingRead;
    this.pendingRead = null;
    pending?.resolve();
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.output.length === 0) {
      if (!this.isOpen) throw new CanceledError("port is closed");
      await new Promise<void>((resolve, reject) => (this.pendingRead = { resolve, reject }));
    }
    let bytesRead = 0;
    while (bytesRead < length && this.output.length > 0) {
      const chunk = this.output[0];
      if (!chunk) break;
      const n = chunk.copy(buffer, offset + bytesRead, 0, length - bytesRead);
      bytesRead += n;
      if (n === chunk.length) this.output.shift();
      else this.output[0] = chunk.subarray(n);
    }
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new CanceledError("port is closed");
    this.printer.receive(Buffer.from(buffer));
  }

  async close(): Promise<void> {
    this.isOpen = false;
    this.printer.close();
    const pending = this.pendingRead;
    this.pendingRead = null;
    pending?.reject(new CanceledError("port is closed"));
  }

  async update(_options: UpdateOptions): Promise<void> {}
  async set(_options: SetOptions): Promise<void> {}
  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.output = [];
  }
  async drain(): Promise<void> {}
}

/** A binding whose every `open()` creates a printer with `createPrinter()`. */
export function virtualBinding(createPrinter: () => VirtualMarlin): BindingInterface<VirtualPortBinding> & {
  lastPort: VirtualPortBinding | null;
} {
  const binding = {
    lastPort: null as VirtualPortBinding | null,
    async list(): Promise<PortInfo[]> {
      return [
        {
          path: "virtual",
          manufacturer: "PeerFab",
          serialNumber: undefined,
          pnpId: undefined,
          locationId: undefined,
          productId: undefined,
          vendorId: undefined,
        },
      ];
    },
    async open(options: OpenOptions): Promise<VirtualPortBinding> {
      const port = new VirtualPortBinding(createPrinter(), options);
      binding.lastPort = port;
      return port;
    },
  };
  return binding;
}
