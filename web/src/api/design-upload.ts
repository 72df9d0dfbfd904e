/** What the upload form sends to `POST /api/designs`, and the multipart body it becomes. Pure. */
import type { License } from "@peerfab/protocol";

export interface DesignUpload {
  readonly file: File;
  readonly title: string;
  readonly license: License;
  readonly description?: string;
  /** Tags, already checked against the protocol's TagSchema. */
  readonly tags?: readonly string[];
  readonly gcode?: File;
}

/** Fields first, files last, so the hub has the fields when the file's bytes stream in. */
export function designUploadForm(upload: DesignUpload): FormData {
  const form = new FormData();
  form.append("title", upload.title);
  form.append("license", upload.license);
  if (upload.description) form.append("description", upload.description);
  if (upload.tags && upload.tags.length > 0) form.append("tags", upload.tags.join(","));
  form.append("file", upload.file, upload.file.name);
  if (upload.gcode) form.append("gcode", upload.gcode, upload.gcode.name);
  return form;
}
