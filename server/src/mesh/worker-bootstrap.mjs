// Starts a TypeScript worker entry under tsx (workers do not inherit the parent's loader).
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.__entry);
