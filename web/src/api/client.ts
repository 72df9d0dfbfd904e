/**
 * Typed access to the hub's REST API. Every answer the app relies on is validated against the
 * protocol's zod schema; a `{ error, detail }` body becomes an ApiRequestError whose message is
 * the hub's sentence for the person, which the UI shows as it is.
 */
import {
  ApiErrorSchema,
  DesignCreatedSchema,
  DesignFileAddedSchema,
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
  type DesignPatch,
  type Job,
  type JobList,
  type Printer,
} from "@peerfab/protocol";
import { z } from "zod";
import { designFilePath } from "../designs/design-files.ts";
import type { GalleryFilters } from "../routing/route.ts";
import { designUploadForm, type DesignUpload } from "./design-upload.ts";
import { readWithProgress, type ProgressListener } from "./read-with-progress.ts";

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

export type { DesignUpload } from "./design-upload.ts";

/** Job controls on `POST /api/jobs/:id/<action>`; `emergency-stop` halts the printer at once (heaters off). */
export type JobAction = "pause" | "resume" | "cancel" | "emergency-stop";

const PrinterListSchema = z.array(PrinterSchema);

/** `GET /api/designs?q=&tag=&license=&fitsPrinter=&page=&pageSize=` (filters the hub does not know yet are ignored by it). */
export async function listDesigns(page: number, pageSize: number, filters: GalleryFilters = {}): Promise<DesignList> {
  return request(`/api/designs?${designListQuery(page, pageSize, filters)}`, DesignListSchema);
}

/** The query string of `GET /api/designs` for one page of the gallery's filters. Pure. */
export function designListQuery(page: number, pageSize: number, filters: GalleryFilters): URLSearchParams {
  const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
  if (filters.q) query.set("q", filters.q);
  if (filters.tag) query.set("tag", filters.tag);
  if (filters.license) query.set("license", filters.license);
  if (filters.fitsPrinter) query.set("fitsPrinter", filters.fitsPrinter);
  return query;
}

/** `PATCH /api/designs/:id` (owner only): the changed fields; answers the updated design. */
export async function patchDesign(id: string, patch: DesignPatch): Promise<Design> {
  return request(`/api/designs/${encodeURIComponent(id)}`, DesignSchema, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(patch),
  });
}

/**
 * `POST /api/designs/:id/files` (owner only): a mesh in `file` or a G-code variant in `gcode`; a
 * file named like an existing one becomes its next version. Answers the design as it is now.
 */
export async function addDesignFile(designId: string, file: File): Promise<Design> {
  const form = new FormData();
  form.append(/\.(gcode|gco|g)$/i.test(file.name) ? "gcode" : "file", file, file.name);
  const added = await request(`/api/designs/${encodeURIComponent(designId)}/files`, DesignFileAddedSchema, { method: "POST", body: form });
  return added.design;
}

const MeSchema = z.object({ user: z.object({ id: z.string() }).nullable() });

/**
 * Who is signed in (`GET /api/auth/me`): their user id, null when nobody is, or "single-user"
 * when the hub has no accounts (every request acts as its one local user, who may edit).
 */
export async function signedInUserId(): Promise<string | null | "single-user"> {
  try {
    return (await request("/api/auth/me", MeSchema)).user?.id ?? null;
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) return "single-user";
    throw error;
  }
}

export async function getDesign(id: string): Promise<Design> {
  return request(`/api/designs/${encodeURIComponent(id)}`, DesignSchema);
}

/** The original bytes of a design file (for the viewer and the toolpath preview), with download progress. */
export async function getDesignFileBytes(designId: string, fileId: string, signal?: AbortSignal, onProgress?: ProgressListener): Promise<ArrayBuffer> {
  return getBytes(designFilePath(designId, fileId), signal, onProgress);
}

/** Any binary resource of the hub (e.g. a mesh's preview URL), with download progress. */
export async function getBytes(path: string, signal?: AbortSignal, onProgress?: ProgressListener): Promise<ArrayBuffer> {
  const response = await send(path, signal ? { signal } : {});
  return onProgress ? readWithProgress(response, onProgress) : response.arrayBuffer();
}

/** The upload without progress (see upload-with-progress.ts for the form's XMLHttpRequest one). */
export async function uploadDesign(upload: DesignUpload): Promise<DesignCreated> {
  return request("/api/designs", DesignCreatedSchema, { method: "POST", body: designUploadForm(upload) });
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

/** `POST /api/jobs/:id/{pause,resume,cancel,emergency-stop}`; the new state arrives as a `job:updated` event. */
export async function controlJob(jobId: string, action: JobAction): Promise<void> {
  await send(`/api/jobs/${encodeURIComponent(jobId)}/${action}`, { method: "POST" });
}

/** fetch, then the JSON answer validated against `schema` (used by every api/*.ts module). */
export async function request<T>(path: string, schema: z.ZodType<T>, init: RequestInit = {}): Promise<T> {
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
export async function send(path: string, init: RequestInit): Promise<Response> {
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
