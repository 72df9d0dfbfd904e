/**
 * The only module that touches serialport: opens a port with an injectable binding (the real
 * @serialport/bindings-cpp by default), splits what the firmware prints into lines, lists ports.
 */
import { autoDetect } from "@serialport/bindings-cpp";
import type { BindingInterface, PortInfo } from "@serialport/bindings-interface";
import { ReadlineParser } from "@serialport/parser-readline";
import { SerialPortStream } from "@serialport/stream";

export type SerialBinding = BindingInterface;

export interface SerialLineOptions {
  path: string;
  baudRate: number;
  /** Defaults to the operating system's binding. */
  binding?: SerialBinding;
}

/** A line-oriented serial connection to a printer. */
export interface SerialLine {
  readonly path: string;
  write(text: string): void;
  onLine(listener: (line: string) => void): void;
  /** Called once when the port closes for any reason (`error` set when it was not asked to). */
  onClose(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
}

export function defaultBinding(): SerialBinding {
  return autoDetect() as unknown as SerialBinding;
}

export async function openSerialLine(options: SerialLineOptions): Promise<SerialLine> {
  const port = new SerialPortStream({
    binding: options.binding ?? defaultBinding(),
    path: options.path,
    baudRate: options.baudRate,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error
        ? reject(
            new Error(
              `Cannot open serial port ${options.path} at ${options.baudRate} baud: ${error.message}. Check the cable, that no other program (slicer, OctoPrint) holds the port, and that you may access it (group dialout).`,
            ),
          )
        : resolve(),
    ),
  );
  const parser = port.pipe(new ReadlineParser({ delimiter: "\n", encoding: "latin1" }));
  const closeListeners: ((error: Error | null) => void)[] = [];
  let closing = false;
  let closed = false;
  let lastError: Error | null = null;
  port.on("error", (error: Error) => (lastError = error));
  port.on("close", (event: unknown) => {
    if (closed) return;
    closed = true;
    const disconnected = event instanceof Error ? event : lastError;
    for (const listener of closeListeners) listener(closing ? null : (disconnected ?? new Error(`${options.path} closed`)));
  });
  return {
    path: options.path,
    write(text) {
      if (!closed) port.write(Buffer.from(text, "latin1"));
    },
    onLine(listener) {
      parser.on("data", (line: string) => listener(line.replace(/\r$/, "")));
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    async close() {
      if (closed) return;
      closing = true;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

export async function listPorts(binding: SerialBinding = defaultBinding()): Promise<PortInfo[]> {
  return binding.list();
}
