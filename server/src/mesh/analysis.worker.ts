/** Worker thread entry: answers each `AnalysisTask` message with one `AnalysisReply`. */
import { parentPort } from "node:worker_threads";
import { type AnalysisTask, replyTo } from "./analysis-task.ts";

if (!parentPort) throw new Error("analysis.worker.ts must run in a worker thread");
const port = parentPort;
port.on("message", (task: AnalysisTask) => {
  void replyTo(task).then((reply) => port.postMessage(reply));
});
port.postMessage({ ready: true });
