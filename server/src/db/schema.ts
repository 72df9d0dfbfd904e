/**
 * Table types for Kysely. Columns are plain SQL types that SQLite and PostgreSQL share (text,
 * integer, double precision); times are ISO-8601 strings; structured values are JSON text.
 */
import type { Insertable, Selectable, Updateable } from "kysely";

export interface UsersTable {
  id: string;
  display_name: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  /** sha256 of the token, hex. The plaintext is never stored. */
  token_hash: string;
  label: string;
  created_at: string;
}

export interface DesignsTable {
  id: string;
  title: string;
  description: string;
  license: string;
  author_id: string;
  created_at: string;
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
}

export interface JobsTable {
  id: string;
  design_id: string;
  gcode_file_id: string;
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
  designs: DesignsTable;
  design_files: DesignFilesTable;
  file_thumbnails: FileThumbnailsTable;
  printers: PrintersTable;
  jobs: JobsTable;
  job_transitions: JobTransitionsTable;
  processed_events: ProcessedEventsTable;
}

/** The full mesh analysis of issue #4 (mesh/analysis.ts). Bump when its meaning changes. */
export const ANALYSIS_VERSION = 2;

export type UserRow = Selectable<UsersTable>;
export type DesignRow = Selectable<DesignsTable>;
export type DesignFileRow = Selectable<DesignFilesTable>;
export type NewDesignFile = Insertable<DesignFilesTable>;
export type FileThumbnailRow = Selectable<FileThumbnailsTable>;
export type PrinterRow = Selectable<PrintersTable>;
export type JobRow = Selectable<JobsTable>;
export type JobUpdate = Updateable<JobsTable>;
export type JobTransitionRow = Selectable<JobTransitionsTable>;
