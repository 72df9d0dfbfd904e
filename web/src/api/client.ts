/**
 * Typed access to the hub's REST API. Every answer the app relies on is validated against the
 * protocol's zod schema; a `{ error, detail }` body becomes an ApiRequestError whose message is
 * the hub's sentence for the person, which the UI shows as it is.
 */
import {
  ApiErrorSchema,
  DesignCreatedSchema,
  DesignListSchema,
  DesignSchema,
  JobListSchema,
  JobSchema,
  PrinterSchema,
  describeZodError,
  type CreateJob,
  type Design,
  type DesignCreated,
  type DesignList,
  type Job,
  type JobList,
  type License,
  type Printer,
} from "@peerfab/protocol";
import { z } from "zod";
import { designFilePath } from "../designs/design-files.ts";

export class ApiRequestError extends Error {
  /** HTTP status, or 0 when the hub could not be reached. */
  readonly status: number;
  /** The hub's stable error code (e.g. `invalid_mesh`), or a client-side one. */
  readonly code: string;

  constructor(status: number, code: string, detail: string) {
    super(detail);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
  }
}

export interface DesignUpload {
  readonly file: File;
  readonly title: string;
  readonly license: License;
  readonly description?: string;
  readonly gcode?: File;
}

export type JobAction = "pause" | "resume" | "cancel";

const PrinterListSchema = z.array(PrinterSchema);

export async function listDesigns(page: number, pageSize: number): Promise<DesignList> {
  const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  return request(`/api/designs?${query}`, DesignListSchema);
}

export async function getDesign(id: string): Promise<Design> {
  return request(`/api/designs/${encodeURIComponent(id)}`, DesignSchema);
}

/** The original bytes of a design file (for the viewer). */
export async function getDesignFileBytes(designId: string, fileId: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  const response = await send(designFilePath(designId, fileId), signal ? { signal } : {});
  return response.arrayBuffer();
}

export async function uploadDesign(upload: DesignUpload): Promise<DesignCreated> {
  const form = new FormData();
  form.append("title", upload.title);
  form.append("license", upload.license);
  if (upload.description) form.append("description", upload.description);
  form.append("file", upload.file, upload.file.name);
  if (upload.gcode) form.append("gcode", upload.gcode, upload.gcode.name);
  return request("/api/designs", DesignCreatedSchema, { method: "POST", body: form });
}

export async function listPrinters(): Promise<Printer[]> {
  return request("/api/printers", PrinterListSchema);
}

export async function createJob(job: CreateJob): Promise<Job> {
  return request("/api/jobs", JobSchema, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(job),
  });
}

export async function listJobs(): Promise<JobList> {
  return request("/api/jobs", JobListSchema);
}

/** `POST /api/jobs/:id/{pause,resume,cancel}`; the new state arrives as a `job:updated` event. */
export async function controlJob(jobId: string, action: JobAction): Promise<void> {
  await send(`/api/jobs/${encodeURIComponent(jobId)}/${action}`, { method: "POST" });
}

async function request<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
  const response = await send(path, init);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiRequestError(response.status, "invalid_response", `The hub's answer to ${describe(path, init)} is not JSON. Reload the page; if it persists, the hub may be misconfigured.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiRequestError(
      response.status,
      "invalid_response",
      `The hub's answer to ${describe(path, init)} does not match what this app expects (${describeZodError(parsed.error)}). The hub and the web app may be different versions: reload the page.`,
    );
  }
  return parsed.data;
}

/** fetch, with network failures and `{ error, detail }` answers turned into ApiRequestError. */
async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiRequestError(0, "unreachable", "Could not reach the PeerFab hub. Check your connection and that the hub is running, then try again.");
  }
  if (response.ok) return response;

  let detail = `The hub answered ${response.status} ${response.statusText} to ${describe(path, init)}.`;
  let code = `http_${response.status}`;
  try {
    const parsed = ApiErrorSchema.safeParse(await response.json());
    if (parsed.success) {
      detail = parsed.data.detail;
      code = parsed.data.error;
    }
  } catch {
    // Not JSON: keep the generic sentence.
  }
  throw new ApiRequestError(response.status, code, detail);
}

function describe(path: string, init: RequestInit): string {
  return `${init.method ?? "GET"} ${path.split("?")[0]}`;
}

/** The message to show for any error thrown by this module (or anything else). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong. Reload the page and try again.";
}
