/**
 * A small pool of worker threads for mesh and G-code analysis, so parsing a 200 MB STL never
 * blocks the hub's event loop. One task per worker at a time, FIFO queue, a worker that dies is
 * replaced and its task rejected. Tasks run with `exclusive` (big files, by kind: a 3MF is still
 * parsed whole, and an export holds each mesh; an STL's analysis stays within the analysis memory
 * budget either way; see exclusive-analysis.ts) never run two at once: memory stays bounded by
 * one big task however many arrive together; other tasks pass them in the queue.
 */
import { Worker } from "node:worker_threads";
import type { AnalysisContext, AnalysisReply, AnalysisResults, AnalysisTask } from "./analysis-task.ts";
import { MeshError } from "@peerfab/protocol/formats/mesh";
import { DEFAULT_ANALYSIS_MEMORY_BYTES } from "./streamed/memory-plan.ts";

const bootstrap = new URL("./worker-bootstrap.mjs", import.meta.url);
const entry = new URL("./analysis.worker.ts", import.meta.url).href;

interface Pending {
  task: AnalysisTask;
  exclusive: boolean;
  resolve: (value: AnalysisResults[AnalysisTask["kind"]]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: Pending | null;
}

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  /** `context`: the workers' settings (the analysis memory budget; default in analysis-task.ts). */
  constructor(
    private readonly size = 2,
    private readonly context: Partial<AnalysisContext> = {},
  ) {}

  /** The analysis memory budget the workers keep to (what decides which tasks run exclusive: exclusive-analysis.ts). */
  get memoryBudgetBytes(): number {
    return this.context.memoryBudgetBytes ?? DEFAULT_ANALYSIS_MEMORY_BYTES;
  }

  run<K extends AnalysisTask["kind"]>(task: AnalysisTask & { kind: K }, options: { exclusive?: boolean } = {}): Promise<AnalysisResults[K]> {
    if (this.closed) return Promise.reject(new Error("the analysis pool is closed"));
    return new Promise<AnalysisResults[K]>((resolve, reject) => {
      this.queue.push({ task, exclusive: options.exclusive ?? false, resolve: resolve as Pending["resolve"], reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error("the analysis pool was closed"));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const index = nextRunnable(this.queue, this.slots.some((s) => s.busy?.exclusive === true));
      if (index === -1) return;
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.splice(index, 1)[0] as Pending;
      slot.busy = pending;
      const target = slot;
      void target.ready.then(() => target.worker.postMessage(pending.task));
    }
  }

  private spawn(): Slot {
    const worker = new Worker(bootstrap, { workerData: { __entry: entry, context: this.context } });
    let markReady: () => void = () => {};
    const slot: Slot = { worker, ready: new Promise<void>((r) => (markReady = r)), busy: null };
    worker.on("message", (message: AnalysisReply | { ready: true }) => {
      if ("ready" in message) {
        markReady();
        return;
      }
      const pending = slot.busy;
      slot.busy = null;
      if (pending) settle(pending, message);
      this.pump();
    });
    const fail = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index !== -1) this.slots.splice(index, 1);
      slot.busy?.reject(new Error(`the analysis worker stopped: ${error.message}`));
      slot.busy = null;
      markReady();
      if (!this.closed) this.pump();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`exit code ${code}`)));
    this.slots.push(slot);
    return slot;
  }
}

/** The queue position to run next: the oldest task, skipping exclusive ones while one runs; -1 for none. */
export function nextRunnable(queue: readonly { exclusive: boolean }[], exclusiveRunning: boolean): number {
  return exclusiveRunning ? queue.findIndex((p) => !p.exclusive) : queue.length > 0 ? 0 : -1;
}

function settle(pending: Pending, reply: AnalysisReply): void {
  if (reply.ok) pending.resolve(reply.value);
  else if (reply.meshError) pending.reject(new MeshError(reply.meshError.code, reply.meshError.message));
  else pending.reject(new Error(reply.message));
}
