/** Worker thread entry: answers each `AnalysisTask` message with one `AnalysisReply`. */
import { parentPort, workerData } from "node:worker_threads";
import { type AnalysisContext, type AnalysisTask, DEFAULT_ANALYSIS_CONTEXT, replyTo } from "./analysis-task.ts";

if (!parentPort) throw new Error("analysis.worker.ts must run in a worker thread");
const port = parentPort;
const given = (workerData as { context?: Partial<AnalysisContext> }).context;
const context: AnalysisContext = { memoryBudgetBytes: given?.memoryBudgetBytes ?? DEFAULT_ANALYSIS_CONTEXT.memoryBudgetBytes };
port.on("message", (task: AnalysisTask) => {
  void replyTo(task, context).then((reply) => port.postMessage(reply));
});
port.postMessage({ ready: true });
