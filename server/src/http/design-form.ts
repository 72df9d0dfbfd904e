/**
 * The text fields of a design upload form (POST /api/designs and POST /api/designs/:id/remix):
 * title, description, license (SPDX id) and tags (comma-separated), validated with the protocol's
 * DesignUploadFieldsSchema into errors that name the field and what to send instead.
 */
import { type DesignUploadFields, DesignUploadFieldsSchema, describeZodError, LICENSES, LicenseSchema, TagSchema, TagsSchema } from "@peerfab/protocol";
import { HttpError } from "../errors.ts";

export function designUploadFields(fields: ReadonlyMap<string, string>): DesignUploadFields {
  const license = fields.get("license")?.trim() || undefined;
  if (license !== undefined && !LicenseSchema.safeParse(license).success) {
    throw new HttpError(400, "unknown-license", `Unknown license '${license}'. Use one of these SPDX ids: ${LICENSES.join(", ")}.`);
  }
  const parsed = DesignUploadFieldsSchema.safeParse({
    title: fields.get("title") || undefined,
    description: fields.get("description"),
    license,
    tags: tagList(fields.get("tags")),
  });
  if (!parsed.success) throw new HttpError(400, "invalid-fields", `The design's fields are invalid — ${describeZodError(parsed.error)}.`);
  return parsed.data;
}

/** `"Bracket, wall-mount ,"` → `["bracket", "wall-mount"]`; each tag is checked so the error can name it. */
export function tagList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const raw = text.split(",").map((t) => t.trim()).filter((t) => t.length > 0);
  for (const tag of raw) {
    const result = TagSchema.safeParse(tag);
    if (!result.success) {
      throw new HttpError(400, "invalid-tag", `The tag '${tag}' is not valid: a tag is 1–32 letters, digits or '-' (no spaces). Separate tags with commas.`);
    }
  }
  const tags = [...new Set(raw.map((t) => t.toLowerCase()))];
  if (!TagsSchema.safeParse(tags).success) {
    throw new HttpError(400, "too-many-tags", `${tags.length} tags is too many: a design has at most 20. Keep the ones people would search for.`);
  }
  return tags;
}
