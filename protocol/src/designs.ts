import { z } from "zod";

/**
 * Licenses a design may be published under, as SPDX identifiers. Only open licenses:
 * PeerFab is for sharing. `-NC-` licenses forbid paid jobs unless the designer is the maker.
 */
export const LICENSES = [
  "CC0-1.0",
  "CC-BY-4.0",
  "CC-BY-SA-4.0",
  "CC-BY-NC-4.0",
  "CC-BY-NC-SA-4.0",
  "GPL-3.0-or-later",
  "CERN-OHL-S-2.0",
] as const;
export const LicenseSchema = z.enum(LICENSES);
export type License = z.infer<typeof LicenseSchema>;
export const DEFAULT_LICENSE: License = "CC-BY-4.0";

export function licenseAllowsCommercialUse(license: License): boolean {
  return !license.includes("-NC-") && !license.endsWith("-NC");
}

export const Vec3Schema = z.object({ x: z.number(), y: z.number(), z: z.number() });
export type Vec3 = z.infer<typeof Vec3Schema>;

/** Axis-aligned bounding box in millimetres. */
export const BoundingBoxSchema = z.object({ min: Vec3Schema, max: Vec3Schema });
export type BoundingBox = z.infer<typeof BoundingBoxSchema>;

export const FILE_KINDS = ["stl", "3mf", "gcode"] as const;
export const FileKindSchema = z.enum(FILE_KINDS);
export type FileKind = z.infer<typeof FileKindSchema>;

/**
 * What the hub measured on a mesh (millimetres). The server's mesh/analysis.ts defines each
 * field precisely; in short: `watertight` = every edge shared by exactly two triangles,
 * `manifold` = watertight and consistently oriented (each directed edge appears once).
 */
export const MeshMeasuresSchema = z.object({
  triangles: z.number().int().nonnegative(),
  /** Distinct vertices after welding exactly equal corners. */
  vertices: z.number().int().nonnegative(),
  bbox: BoundingBoxSchema,
  size: Vec3Schema,
  volumeMm3: z.number(),
  areaMm2: z.number(),
  /** Connected components over shared vertices. */
  shells: z.number().int().nonnegative(),
  watertight: z.boolean(),
  manifold: z.boolean(),
  openEdges: z.number().int().nonnegative(),
  nonManifoldEdges: z.number().int().nonnegative(),
  misorientedEdges: z.number().int().nonnegative(),
  invertedTriangles: z.number().int().nonnegative(),
  degenerateTriangles: z.number().int().nonnegative(),
});
export type MeshMeasures = z.infer<typeof MeshMeasuresSchema>;

/** Analysis of a mesh file: the whole build, plus each 3MF build item (`objects` is null for STL). */
export const MeshAnalysisSchema = MeshMeasuresSchema.extend({
  objects: z.array(MeshMeasuresSchema.extend({ name: z.string(), objectId: z.string() })).nullable(),
});
export type MeshAnalysisView = z.infer<typeof MeshAnalysisSchema>;

/** One thumbnail size of a mesh file: square, `edge` pixels, as WebP and as PNG (URLs on the hub). */
export const ThumbnailImagesSchema = z.object({
  edge: z.number().int().positive(),
  png: z.string(),
  webp: z.string(),
});
export type ThumbnailImages = z.infer<typeof ThumbnailImagesSchema>;

/** The rendered thumbnails of a mesh file: `small` for gallery cards, `large` for the design page. */
export const ThumbnailSetSchema = z.object({ small: ThumbnailImagesSchema, large: ThumbnailImagesSchema });
export type ThumbnailSet = z.infer<typeof ThumbnailSetSchema>;

/** One stored file of a design. Mesh files carry analysis; G-code files are ready-to-print variants. */
export const DesignFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: FileKindSchema,
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  triangles: z.number().int().nonnegative().nullable(),
  bbox: BoundingBoxSchema.nullable(),
  /** Added with issue #4 (optional for older hubs; null for G-code and for meshes stored before it). */
  analysis: MeshAnalysisSchema.nullable().optional(),
  /** Added with issue #4 thumbnails (optional for older hubs): a mesh's rendering, a G-code variant's embedded picture; null when there is none. */
  thumbnail: ThumbnailSetSchema.nullable().optional(),
  createdAt: z.string(),
  /**
   * Versions (issue #4): uploading a file with the name of an existing file of the design makes
   * version n+1; `files` lists the newest version of each name, and `previousVersions` the older
   * ones (newest first), each still downloadable under its own id.
   */
  version: z.number().int().positive().optional(),
  previousVersions: z
    .array(z.object({ id: z.string(), version: z.number().int().positive(), sha256: z.string(), size: z.number().int().nonnegative(), createdAt: z.string() }))
    .optional(),
  /**
   * Compact preview of a big mesh (issue #4; optional for older hubs; null when the mesh is small
   * enough to show as it is, and for G-code): a GLB with EXT_meshopt_compression and
   * KHR_mesh_quantization — three.js: `GLTFLoader` with `setMeshoptDecoder(MeshoptDecoder)`
   * from `three/examples/jsm/libs/meshopt_decoder.module.js`. The original file is unchanged.
   */
  preview: z
    .object({ url: z.string(), triangles: z.number().int().nonnegative(), format: z.literal("glb") })
    .nullable()
    .optional(),
  /** G-code variants: what the file was sliced for and the analyzer's summary (null for meshes). */
  gcode: z
    .object({
      slicedFor: z.string().nullable(),
      material: z.string().nullable(),
      commands: z.number().int().nonnegative().nullable(),
      layers: z.number().int().nonnegative().nullable(),
      printSeconds: z.number().nonnegative().nullable(),
      filamentMm: z.number().nonnegative().nullable(),
      slicer: z.string().nullable(),
    })
    .nullable()
    .optional(),
});
export type DesignFile = z.infer<typeof DesignFileSchema>;

/** A design in an attribution chain or a list of remixes. */
export const DesignRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  authorName: z.string(),
  license: LicenseSchema,
});
export type DesignRef = z.infer<typeof DesignRefSchema>;

/** Free-form tags: lower case, letters, digits and '-', at most 20 per design. */
export const TagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}-]{0,31}$/u, "a tag is 1–32 letters, digits or '-'");
export const TagsSchema = z.array(TagSchema).max(20);

export const DesignSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  license: LicenseSchema,
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  files: z.array(DesignFileSchema),
  /** The primary mesh file's thumbnails under the design's own URL (optional for older hubs; null when there is none). */
  thumbnail: ThumbnailSetSchema.nullable().optional(),
  /** Whole-design downloads (optional for older hubs): the mesh as 3MF (null without a mesh) and a zip of every file. */
  downloads: z.object({ threeMf: z.string().nullable(), zip: z.string() }).optional(),
  /** Issue #4 metadata (optional for older hubs). */
  tags: z.array(z.string()).optional(),
  /** Attribution chain, nearest first: the design this one remixes, then what that one remixes, … */
  remixOf: z.array(DesignRefSchema).optional(),
  /** Designs that remix this one directly. */
  remixes: z.array(DesignRefSchema).optional(),
  updatedAt: z.string().optional(),
  /** Verified makes (issue #5; optional): completed jobs of this design, newest first. */
  makes: z.array(z.object({ printerName: z.string(), material: z.string(), at: z.string(), makerName: z.string() })).optional(),
});
export type Design = z.infer<typeof DesignSchema>;

/** Body of `PATCH /api/designs/:id` (owner only). The remix link is not editable. */
export const DesignPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(20_000),
    tags: TagsSchema,
    license: LicenseSchema,
  })
  .partial()
  .strict();
export type DesignPatch = z.infer<typeof DesignPatchSchema>;

/** Query of `GET /api/designs`: full-text `q` over title, description and tags; filters; 1-based page. */
export const DesignQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  tag: TagSchema.optional(),
  license: LicenseSchema.optional(),
  /** Only designs whose primary mesh fits this printer's build volume in some axis-aligned orientation (the caller's own printer). */
  fitsPrinter: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(24),
});
export type DesignQuery = z.infer<typeof DesignQuerySchema>;

/** Text fields of `POST /api/designs` (multipart; the mesh comes in field `file`, an optional ready-to-print variant in `gcode`). */
export const DesignUploadFieldsSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(20_000).optional(),
  license: LicenseSchema.optional(),
  /** Comma-separated in the multipart form. */
  tags: TagsSchema.optional(),
});
export type DesignUploadFields = z.infer<typeof DesignUploadFieldsSchema>;

/** Answer of `POST /api/designs`. */
export const DesignCreatedSchema = z.object({
  id: z.string(),
  triangles: z.number().int(),
  bbox: BoundingBoxSchema,
  design: DesignSchema,
});
export type DesignCreated = z.infer<typeof DesignCreatedSchema>;

export const DesignListSchema = z.object({
  designs: z.array(DesignSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type DesignList = z.infer<typeof DesignListSchema>;

/** Answer of `POST /api/designs/:id/files`: the stored file (its `version` says whether it is new or a new version) and the design now. */
export const DesignFileAddedSchema = z.object({
  file: DesignFileSchema,
  design: DesignSchema,
});
export type DesignFileAdded = z.infer<typeof DesignFileAddedSchema>;
