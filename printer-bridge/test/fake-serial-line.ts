/** A SerialLine the test drives by hand: records what the host wrote, feeds firmware lines back. */
import type { SerialLine } from "../src/serial/serial-port.ts";

export class FakeSerialLine implements SerialLine {
  readonly path = "fake";
  /** Every line the host wrote, without the newline, in order. */
  readonly written: string[] = [];
  private lineListener: ((line: string) => void) | null = null;
  private closeListener: ((error: Error | null) => void) | null = null;
  private writeListener: ((line: string) => void) | null = null;

  write(text: string): void {
    for (const line of text.split("\n").filter((l) => l.length > 0)) {
      this.written.push(line);
      this.writeListener?.(line);
    }
  }

  onLine(listener: (line: string) => void): void {
    this.lineListener = listener;
  }

  onClose(listener: (error: Error | null) => void): void {
    this.closeListener = listener;
  }

  async close(): Promise<void> {
    this.closeListener?.(null);
  }

  /** Calls `answer` for every line the host writes from now on. */
  respond(answer: (line: string) => void): void {
    this.writeListener = answer;
  }

  /** The firmware prints `line`. */
  say(...lines: string[]): void {
    for (const line of lines) this.lineListener?.(line);
  }

  unplug(): void {
    this.closeListener?.(new Error("read EIO"));
  }
}

/** What a fake firmware answers to the handshake; `ok` to everything else. */
export function answerHandshake(line: FakeSerialLine, m115: string[], okSuffix = ""): void {
  line.respond((sent) => {
    if (/\bM115\b/.test(sent)) queueMicrotask(() => line.say(...m115, okSuffix ? `ok ${okSuffix}` : "ok"));
    else queueMicrotask(() => line.say("ok"));
  });
}
