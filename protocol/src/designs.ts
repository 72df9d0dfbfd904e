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

/** One stored file of a design. Mesh files carry analysis; G-code files are ready-to-print variants. */
export const DesignFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: FileKindSchema,
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  triangles: z.number().int().nonnegative().nullable(),
  bbox: BoundingBoxSchema.nullable(),
  createdAt: z.string(),
});
export type DesignFile = z.infer<typeof DesignFileSchema>;

export const DesignSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  license: LicenseSchema,
  authorId: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  files: z.array(DesignFileSchema),
});
export type Design = z.infer<typeof DesignSchema>;

/** Text fields of `POST /api/designs` (multipart; the mesh comes in field `file`, an optional ready-to-print variant in `gcode`). */
export const DesignUploadFieldsSchema = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(20_000).optional(),
  license: LicenseSchema.optional(),
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
