/**
 * Every route under /api, as data: method, path (express syntax, as mounted), what it takes and
 * what it answers, with the protocol's zod schemas. http/openapi.ts turns this table into the
 * OpenAPI document; test/openapi.test.ts checks it against the routes express really has.
 */
import {
  AccountSchema,
  ApiErrorSchema,
  ApiTokenListSchema,
  ApiTokenSchema,
  CreateApiTokenSchema,
  CreatedApiTokenSchema,
  CreateJobSchema,
  CreateReviewSchema,
  JobBoardSchema,
  QuoteListSchema,
  QuoteSchema,
  ReviewSchema,
  ShopListingSchema,
  ShopListSchema,
  ShopProfileInputSchema,
  ShopQuerySchema,
  ShopSchema,
  SlicedGcodeReceiptSchema,
  SubmitQuoteSchema,
  DesignCreatedSchema,
  DesignFileAddedSchema,
  DesignFileSchema,
  DesignListSchema,
  DesignPatchSchema,
  DesignQuerySchema,
  DesignRefSchema,
  DesignSchema,
  JobListSchema,
  JobSchema,
  LoginSchema,
  MeSchema,
  PrinterSchema,
  RegisterSchema,
} from "@peerfab/protocol";
import { z } from "zod";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export interface ApiAnswer {
  description: string;
  /** A JSON body with this schema … */
  json?: z.ZodType;
  /** … or bytes of these media types. */
  media?: readonly string[];
}

export type ApiBody =
  | { kind: "json"; schema: z.ZodType }
  | { kind: "design-upload" }
  | { kind: "file-upload" }
  /** The body is the file itself, of one of these media types. */
  | { kind: "bytes"; media: readonly string[]; description: string };

export interface ApiRoute {
  method: HttpMethod;
  /** As mounted, in express syntax: `/api/designs/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: "designs" | "printers" | "jobs" | "shops" | "accounts" | "hub";
  description?: string;
  /** Descriptions of the path parameters. */
  params?: Record<string, string>;
  query?: z.ZodObject;
  body?: ApiBody;
  responses: Record<number, ApiAnswer>;
  /** Open to callers who are not signed in (every GET is; changes need a user unless this says so). */
  anonymous?: boolean;
}

const HealthSchema = z.object({ ok: z.literal(true) });
const PrinterListSchema = z.array(PrinterSchema);

/** Schemas listed once under components.schemas and referenced by name. */
export const COMPONENTS: Record<string, z.ZodType> = {
  ApiError: ApiErrorSchema,
  Health: HealthSchema,
  Design: DesignSchema,
  DesignFile: DesignFileSchema,
  DesignRef: DesignRefSchema,
  DesignList: DesignListSchema,
  DesignCreated: DesignCreatedSchema,
  DesignFileAdded: DesignFileAddedSchema,
  Printer: PrinterSchema,
  PrinterList: PrinterListSchema,
  Job: JobSchema,
  JobList: JobListSchema,
  Account: AccountSchema,
  Me: MeSchema,
  ApiToken: ApiTokenSchema,
  CreatedApiToken: CreatedApiTokenSchema,
  ApiTokenList: ApiTokenListSchema,
};

const ThumbnailQuerySchema = z.object({
  size: z.enum(["small", "large"]).default("small").describe("small: 256 px, large: 640 px"),
  format: z.enum(["png", "webp"]).default("png"),
  v: z.string().optional().describe("The primary file's id, as in the design's thumbnail URLs: makes the answer cacheable for good."),
});

const error = (description: string): ApiAnswer => ({ description, json: ApiErrorSchema });
const json = (schema: z.ZodType, description: string): ApiAnswer => ({ description, json: schema });
const DESIGN = { id: "The design's id." };
const JOB = { id: "The job's id." };
const FILE = { ...DESIGN, file: "A file's id (any version) or name (its newest version)." };
const MESH_TYPES = ["model/stl", "model/3mf", "text/x.gcode"] as const;

export const API_ROUTES: readonly ApiRoute[] = [
  { method: "get", path: "/api/health", operationId: "health", summary: "Is the hub up", tag: "hub", responses: { 200: json(HealthSchema, "The hub answers.") } },
  { method: "get", path: "/api/openapi.json", operationId: "openApi", summary: "This document", tag: "hub", responses: { 200: { description: "OpenAPI 3.1", media: ["application/json"] } } },

  { method: "post", path: "/api/auth/register", operationId: "register", summary: "Create an account and sign in", tag: "accounts", anonymous: true, body: { kind: "json", schema: RegisterSchema }, responses: { 201: json(MeSchema, "Signed in; the session cookie is set."), 409: error("The email address is taken.") } },
  { method: "post", path: "/api/auth/login", operationId: "login", summary: "Sign in with email and password", tag: "accounts", anonymous: true, body: { kind: "json", schema: LoginSchema }, responses: { 200: json(MeSchema, "Signed in; the session cookie is set."), 401: error("Wrong email or password."), 429: error("Too many attempts; wait a minute.") } },
  { method: "post", path: "/api/auth/logout", operationId: "logout", summary: "Sign out (ends the session)", tag: "accounts", anonymous: true, responses: { 204: { description: "Signed out; the cookie is cleared." } } },
  { method: "get", path: "/api/auth/me", operationId: "me", summary: "Who is signed in", tag: "accounts", responses: { 200: json(MeSchema, "The caller, or `{ user: null }`.") } },
  { method: "get", path: "/api/tokens", operationId: "listTokens", summary: "Your API tokens (never their secrets)", tag: "accounts", responses: { 200: json(ApiTokenListSchema, "Your tokens.") } },
  { method: "post", path: "/api/tokens", operationId: "createToken", summary: "Make an API token (shown once)", tag: "accounts", body: { kind: "json", schema: CreateApiTokenSchema }, responses: { 201: json(CreatedApiTokenSchema, "The token with its plaintext.") } },
  { method: "delete", path: "/api/tokens/:id", operationId: "revokeToken", summary: "Revoke an API token", tag: "accounts", params: { id: "The token's id." }, responses: { 200: json(ApiTokenSchema, "The revoked token.") } },

  {
    method: "post",
    path: "/api/designs",
    operationId: "createDesign",
    summary: "Publish a design",
    tag: "designs",
    body: { kind: "design-upload" },
    responses: { 201: json(DesignCreatedSchema, "Stored and analysed."), 413: error("The file or mesh is too large."), 415: error("Not an STL or 3MF."), 422: error("The file is damaged; `detail` says where.") },
  },
  {
    method: "get",
    path: "/api/designs",
    operationId: "listDesigns",
    summary: "Find designs",
    description:
      "Newest first. `q` searches title, description and tags (every word must match; the last may be the start of a word). `fitsPrinter=<printer id>` (signed in, your own printer) keeps the designs whose primary mesh fits that printer's build volume in some axis-aligned orientation.",
    tag: "designs",
    query: DesignQuerySchema,
    responses: {
      200: json(DesignListSchema, "One page and the total."),
      400: error("The query is invalid, or `fitsPrinter` names no printer."),
      401: error("`fitsPrinter` was given without signing in."),
      403: error("`fitsPrinter` names another account's printer."),
    },
  },
  { method: "get", path: "/api/designs/:id", operationId: "getDesign", summary: "One design", tag: "designs", params: DESIGN, responses: { 200: json(DesignSchema, "The design: newest version of each file, attribution chain, remixes."), 404: error("No such design.") } },
  {
    method: "patch",
    path: "/api/designs/:id",
    operationId: "updateDesign",
    summary: "Edit title, description, tags or license (owner only)",
    description: "The remix link cannot be sent: it is set when the remix is made. A remix's license must be one its original allows.",
    tag: "designs",
    params: DESIGN,
    body: { kind: "json", schema: DesignPatchSchema },
    responses: { 200: json(DesignSchema, "The design after the change."), 400: error("Invalid change, or a license the original does not allow."), 403: error("Not your design.") },
  },
  {
    method: "post",
    path: "/api/designs/:id/files",
    operationId: "addDesignFile",
    summary: "Add a file, or a new version of one (owner only)",
    tag: "designs",
    params: DESIGN,
    body: { kind: "file-upload" },
    responses: { 201: json(DesignFileAddedSchema, "Stored; `file.version` is 1 for a new name."), 403: error("Not your design."), 409: error("Identical to the newest version of that file.") },
  },
  {
    method: "post",
    path: "/api/designs/:id/remix",
    operationId: "remixDesign",
    summary: "Publish your design as a remix of this one",
    description: "Same form as POST /api/designs. Without `license` the remix takes the original's; share-alike originals keep their license, non-commercial ones stay non-commercial.",
    tag: "designs",
    params: { id: "The design being remixed." },
    body: { kind: "design-upload" },
    responses: { 201: json(DesignCreatedSchema, "The remix, crediting the original."), 400: error("A license the original does not allow."), 404: error("No such design.") },
  },
  { method: "get", path: "/api/designs/:id/files/:file", operationId: "downloadDesignFile", summary: "A file's original bytes (any version by id), with ETag", tag: "designs", params: FILE, responses: { 200: { description: "The file.", media: MESH_TYPES }, 304: { description: "Not modified." } } },
  { method: "get", path: "/api/designs/:id/files/:file/thumbnail", operationId: "fileThumbnail", summary: "A mesh file's rendered thumbnail", tag: "designs", params: FILE, query: ThumbnailQuerySchema, responses: { 200: { description: "The image.", media: ["image/png", "image/webp"] } } },
  { method: "get", path: "/api/designs/:id/files/:file/preview", operationId: "filePreview", summary: "A big mesh's compact preview for the 3D viewer", tag: "designs", params: FILE, responses: { 200: { description: "A binary glTF.", media: ["model/gltf-binary"] } } },
  { method: "get", path: "/api/designs/:id/thumbnail", operationId: "designThumbnail", summary: "The design's thumbnail (its primary mesh, newest version)", tag: "designs", params: DESIGN, query: ThumbnailQuerySchema, responses: { 200: { description: "The image.", media: ["image/png", "image/webp"] } } },
  { method: "get", path: "/api/designs/:id/download.3mf", operationId: "downloadDesign3mf", summary: "The design as 3MF for a slicer (thumbnail and metadata inside)", tag: "designs", params: DESIGN, responses: { 200: { description: "A 3MF package.", media: ["model/3mf"] } } },
  { method: "get", path: "/api/designs/:id/download.zip", operationId: "downloadDesignZip", summary: "Every current file with an attribution README", tag: "designs", params: DESIGN, responses: { 200: { description: "A zip.", media: ["application/zip"] } } },

  { method: "get", path: "/api/printers", operationId: "listPrinters", summary: "Your printers with live status", tag: "printers", responses: { 200: json(PrinterListSchema, "Your printers.") } },
  { method: "get", path: "/api/printers/:id", operationId: "getPrinter", summary: "One printer", tag: "printers", params: { id: "The printer's id." }, responses: { 200: json(PrinterSchema, "The printer."), 403: error("Not your printer."), 404: error("No such printer.") } },

  { method: "post", path: "/api/jobs", operationId: "createJob", summary: "Send a design to a printer", tag: "jobs", body: { kind: "json", schema: CreateJobSchema }, responses: { 201: json(JobSchema, "The job.") } },
  { method: "get", path: "/api/jobs", operationId: "listJobs", summary: "Your jobs", tag: "jobs", responses: { 200: json(JobListSchema, "Jobs with their transitions.") } },
  { method: "get", path: "/api/jobs/:id", operationId: "getJob", summary: "One job with its transitions", tag: "jobs", params: JOB, responses: { 200: json(JobSchema, "The job.") } },
  { method: "post", path: "/api/jobs/:id/cancel", operationId: "cancelJob", summary: "Cancel a job", tag: "jobs", params: JOB, responses: { 200: json(JobSchema, "Cancelled."), 202: json(JobSchema, "The bridge is stopping the print.") } },
  { method: "post", path: "/api/jobs/:id/pause", operationId: "pauseJob", summary: "Pause a printing job", tag: "jobs", params: JOB, responses: { 202: json(JobSchema, "Sent to the bridge.") } },
  { method: "post", path: "/api/jobs/:id/resume", operationId: "resumeJob", summary: "Resume a paused job", tag: "jobs", params: JOB, responses: { 202: json(JobSchema, "Sent to the bridge.") } },
  { method: "post", path: "/api/jobs/:id/emergency-stop", operationId: "emergencyStopJob", summary: "Stop the printer at once (M112)", tag: "jobs", params: JOB, responses: { 202: json(JobSchema, "Sent to the bridge.") } },
  { method: "post", path: "/api/printers/:id/bed-clear", operationId: "confirmBedClear", summary: "The operator confirms the bed is clear: the next job may start", tag: "printers", params: { id: "The printer's id." }, responses: { 200: json(PrinterSchema, "The printer, no longer waiting."), 403: error("Not your printer.") } },
  { method: "get", path: "/api/jobs/board", operationId: "jobBoard", summary: "Open jobs your shop's printers can make", tag: "jobs", responses: { 200: json(JobBoardSchema, "Offers, oldest first.") } },
  { method: "get", path: "/api/jobs/:id/quotes", operationId: "listQuotes", summary: "A job's quotes (the maker sees all, a shop its own)", tag: "jobs", params: JOB, responses: { 200: json(QuoteListSchema, "Quotes, oldest first.") } },
  {
    method: "post",
    path: "/api/jobs/:id/quotes",
    operationId: "submitQuote",
    summary: "Quote a job (shops)",
    description: "Without `priceCents` the price comes from the shop's rules: (hours × per hour + grams × per gram) × quantity, at least the minimum order. A price on a non-commercial design is refused unless its designer is the maker.",
    tag: "jobs",
    params: JOB,
    body: { kind: "json", schema: SubmitQuoteSchema },
    responses: { 201: json(QuoteSchema, "The quote."), 400: error("Invalid, or a price on a non-commercial design."), 403: error("The job is not offered to your shop.") },
  },
  {
    method: "post",
    path: "/api/jobs/:id/quotes/:quoteId/accept",
    operationId: "acceptQuote",
    summary: "Accept a quote (the maker): the job goes to that shop's printer",
    tag: "jobs",
    params: { ...JOB, quoteId: "The quote's id." },
    responses: { 200: json(JobSchema, "The job, accepted, with the agreed price."), 403: error("Not your job.") },
  },
  { method: "post", path: "/api/jobs/:id/review", operationId: "reviewJob", summary: "Review the shop of a finished job (the maker, once)", tag: "jobs", params: JOB, body: { kind: "json", schema: CreateReviewSchema }, responses: { 201: json(ReviewSchema, "The review."), 409: error("Not finished, or reviewed already.") } },
  { method: "put", path: "/api/shops/me", operationId: "saveShop", summary: "Create or change your shop profile", tag: "shops", body: { kind: "json", schema: ShopProfileInputSchema }, responses: { 200: json(ShopSchema, "Your shop (coordinates rounded to 0.01°).") } },
  { method: "get", path: "/api/shops/me", operationId: "myShop", summary: "Your shop profile", tag: "shops", responses: { 200: json(ShopSchema, "Your shop."), 404: error("You have none yet.") } },
  { method: "get", path: "/api/shops", operationId: "listShops", summary: "Shops, nearest first within `km` of `near`", tag: "shops", query: ShopQuerySchema, responses: { 200: json(ShopListSchema, "Shops with rating, distance and their printers for remote jobs (build volume, nozzle, materials, slicer, online; nothing private).") } },
  { method: "get", path: "/api/shops/:id", operationId: "getShop", summary: "One shop", tag: "shops", params: { id: "The shop's id (its owner's account id)." }, responses: { 200: json(ShopListingSchema, "The shop with its printers for remote jobs."), 404: error("No such shop.") } },
  { method: "get", path: "/api/shops/:id/reviews", operationId: "shopReviews", summary: "A shop's reviews, newest first", tag: "shops", params: { id: "The shop's id." }, responses: { 200: json(z.object({ reviews: z.array(ReviewSchema) }), "Reviews.") } },
  { method: "get", path: "/api/jobs/:id/gcode", operationId: "jobGcode", summary: "The job's G-code, for its printer's bridge (Bearer token)", tag: "jobs", params: JOB, responses: { 200: { description: "G-code.", media: ["text/x.gcode"] } } },
  {
    method: "put",
    path: "/api/jobs/:id/sliced-gcode",
    operationId: "putSlicedGcode",
    summary: "The G-code a printer's bridge sliced for the job (its Bearer token)",
    description:
      "For a job without G-code, sliced by its printer's bridge. Send `Content-Digest: sha-256=:<base64>:` (RFC 9530). The hub checks the digest, the size limit and that it is G-code text, and records it on the job once; the same G-code again answers 200, other G-code 409.",
    tag: "jobs",
    params: JOB,
    body: { kind: "bytes", media: ["text/x.gcode"], description: "Plain G-code text." },
    responses: {
      201: json(SlicedGcodeReceiptSchema, "Stored and recorded on the job."),
      200: json(SlicedGcodeReceiptSchema, "The job had this G-code already."),
      400: error("No or a malformed `Content-Digest`."),
      403: error("The job is not on one of this token's printers."),
      409: error("The job prints a design's G-code, or has other sliced G-code."),
      413: error("Larger than the hub's upload limit."),
      415: error("Not plain G-code (binary G-code, a package, another body type)."),
      422: error("The digest does not match, or the body is not G-code or has no commands."),
    },
  },
  {
    method: "get",
    path: "/api/jobs/:id/sliced-gcode",
    operationId: "getSlicedGcode",
    summary: "The G-code the job's printer sliced for it (the printer's owner and the job's maker)",
    tag: "jobs",
    params: JOB,
    responses: { 200: { description: "G-code, with ETag.", media: ["text/x.gcode"] }, 304: { description: "Not modified." }, 403: error("Not your job."), 404: error("Not sent by the bridge (yet).") },
  },
];
