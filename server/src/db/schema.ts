/**
 * Table types for Kysely. Columns are plain SQL types that SQLite and PostgreSQL share (text,
 * integer, double precision); times are ISO-8601 strings; structured values are JSON text.
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export interface UsersTable {
  id: string;
  display_name: string;
  created_at: string;
  /** Trimmed and lower-cased (unique); null for the local owner account. */
  email: string | null;
  /** `scrypt$…` (services/password-hash.ts); null when the account cannot sign in with a password. */
  password_hash: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  /** sha256 of the token, hex. The plaintext is never stored. */
  token_hash: string;
  label: string;
  created_at: string;
  /** Set when the owner revoked it; a revoked token never authenticates again. */
  revoked_at: string | null;
  /** Updated at most once a minute while the token is in use. */
  last_used_at: string | null;
}

/** A browser session. Only a sha256 of the cookie's random id is stored. */
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  /** Sliding: moved forward while the session is in use. */
  expires_at: string;
}

export interface DesignsTable {
  id: string;
  title: string;
  description: string;
  license: string;
  author_id: string;
  created_at: string;
  /** The design this one remixes (issue #4); set when the remix is created and never changed. */
  remix_of: string | null;
  /** Last edit of the metadata or the files; equals created_at until then. */
  updated_at: string;
  /** Edges of the primary mesh's bounding box, smallest first, mm (repositories/design-size.ts); null without a mesh bbox. */
  size_small: number | null;
  size_middle: number | null;
  size_large: number | null;
}

/** One tag of a design (lower case, protocol TagSchema). */
export interface DesignTagsTable {
  design_id: string;
  tag: string;
}

/** Row ids of the SQLite FTS5 table `design_search` (search/sqlite-design-search.ts). */
export interface DesignSearchKeysTable {
  doc_id: Generated<number>;
  design_id: string;
}

export interface DesignFilesTable {
  id: string;
  design_id: string;
  name: string;
  kind: string;
  sha256: string;
  size: number;
  triangles: number | null;
  /** MeshAnalysis as JSON (mesh files). */
  analysis_json: string | null;
  /** Which analysis wrote analysis_json: null for rows before issue #4 (triangles and bbox only). */
  analysis_version: number | null;
  /** 1 when every edge is shared by exactly two triangles (mesh files analysed since issue #4). */
  watertight: number | null;
  /** Commands after stripping comments and blanks (G-code files). */
  gcode_commands: number | null;
  sliced_for: string | null;
  material: string | null;
  created_at: string;
  /** 1, 2, … among the files of the design with the same name ("the same file"); unique with (design_id, name). */
  version: Generated<number>;
  /** Compact preview of a big mesh (mesh/preview/): a GLB blob; all four null when there is none. */
  preview_sha256: string | null;
  preview_format: string | null;
  preview_triangles: number | null;
  preview_bytes: number | null;
  /** G-code variants since issue #4: GcodeSummary (gcode/gcode-summary.ts) as JSON. */
  gcode_json: string | null;
  /** A .gcode.3mf plate package's G-code, extracted (a blob): what the bridge prints. Null when the file is G-code itself. */
  gcode_sha256: string | null;
  gcode_bytes: number | null;
}

/** One rendered thumbnail image of a mesh file (a blob in the BlobStore). */
export interface FileThumbnailsTable {
  file_id: string;
  /** "small" | "large" (thumbnails/image-encoder.ts). */
  size: string;
  /** "png" | "webp". */
  format: string;
  /** Width and height in pixels. */
  edge: number;
  sha256: string;
  bytes: number;
}

export interface PrintersTable {
  id: string;
  owner_id: string;
  bridge_id: string;
  local_id: string;
  name: string;
  capabilities_json: string;
  created_at: string;
  updated_at: string;
  /** 1 after a job finished or stopped on it, until its operator confirms the bed is clear (issue #5). */
  needs_bed_clear: Generated<number>;
}

export interface JobsTable {
  id: string;
  design_id: string;
  /** Null for a mesh job sliced by the printer's bridge (issue #5). */
  gcode_file_id: string | null;
  printer_id: string | null;
  maker_id: string;
  state: string;
  material: string;
  quantity: number;
  lines_done: number;
  lines_total: number;
  message: string | null;
  created_at: string;
  updated_at: string;
  /** Marketplace (issue #5): the mesh file version a slicing peer prints. */
  model_file_id: string | null;
  /** protocol JobTarget as JSON; null for jobs from before the marketplace (own printer). */
  target_json: string | null;
  colour: string | null;
  notes: string | null;
  /** The shop (owner account) whose quote was accepted. */
  shop_id: string | null;
  agreed_price_cents: number | null;
  currency: string | null;
  /** G-code the printer's bridge sliced for the job and sent to the hub (issue #6, migration 0010); null until then. */
  sliced_gcode_sha256: string | null;
  sliced_gcode_size: number | null;
  sliced_gcode_commands: number | null;
  sliced_gcode_layers: number | null;
  sliced_gcode_received_at: string | null;
}

/** A shop profile (issue #5): one per account, coordinates rounded to 0.01°. */
export interface ShopsTable {
  owner_id: string;
  display_name: string;
  city: string;
  latitude: number;
  longitude: number;
  materials_json: string;
  colours_json: string;
  /** protocol PriceRules as JSON. */
  pricing_json: string;
  turnaround_days: number;
  updated_at: string;
}

export interface QuotesTable {
  id: string;
  job_id: string;
  shop_id: string;
  printer_id: string;
  price_cents: number;
  currency: string;
  print_seconds: number;
  filament_grams: number;
  note: string | null;
  /** "bridge" | "shop" */
  source: string;
  /** "offered" | "accepted" | "closed" */
  state: string;
  created_at: string;
}

/** Why a shop's bridge did not quote a job (its last refusal); cleared when the shop quotes it. */
export interface QuoteProblemsTable {
  job_id: string;
  shop_id: string;
  printer_id: string;
  detail: string;
  at: string;
}

/** One review per job, by its maker, of the shop that printed it. */
export interface ReviewsTable {
  id: string;
  job_id: string;
  shop_id: string;
  maker_id: string;
  stars: number;
  text: string;
  created_at: string;
}

export interface JobTransitionsTable {
  /** Time-ordered id (see ids.ts): ordering by id is ordering by occurrence. */
  id: string;
  job_id: string;
  from_state: string | null;
  to_state: string;
  actor: string;
  actor_id: string | null;
  at: string;
  reason: string | null;
}

export interface ProcessedEventsTable {
  event_id: string;
  job_id: string;
  processed_at: string;
}

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  designs: DesignsTable;
  design_files: DesignFilesTable;
  design_tags: DesignTagsTable;
  design_search_keys: DesignSearchKeysTable;
  file_thumbnails: FileThumbnailsTable;
  printers: PrintersTable;
  jobs: JobsTable;
  job_transitions: JobTransitionsTable;
  processed_events: ProcessedEventsTable;
  shops: ShopsTable;
  quotes: QuotesTable;
  quote_problems: QuoteProblemsTable;
  reviews: ReviewsTable;
}

/** The full mesh analysis of issue #4 (mesh/analysis.ts). Bump when its meaning changes. */
export const ANALYSIS_VERSION = 2;

export type UserRow = Selectable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type SessionRow = Selectable<SessionsTable>;
export type DesignRow = Selectable<DesignsTable>;
export type DesignFileRow = Selectable<DesignFilesTable>;
export type NewDesignFile = Insertable<DesignFilesTable>;
export type FileThumbnailRow = Selectable<FileThumbnailsTable>;
export type PrinterRow = Selectable<PrintersTable>;
export type JobRow = Selectable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type JobTransitionRow = Selectable<JobTransitionsTable>;
