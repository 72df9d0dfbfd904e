/**
 * Receiving multipart uploads: the one module that uses busboy. Every file part is streamed into
 * the blob store's temp area while hashed; text fields are collected. The caller owns the staged
 * files (and must commit or discard them); when receiving fails, the ones already staged are
 * discarded here.
 */
import type { Request } from "express";
import busboy from "busboy";
import type { BlobStore, StagedBlob } from "../storage/blob-store.ts";
import { HttpError } from "../errors.ts";

export interface ReceivedFile {
  field: string;
  fileName: string;
  staged: StagedBlob;
}

export interface ReceivedForm {
  fields: Map<string, string>;
  files: ReceivedFile[];
}

export interface MultipartLimits {
  fileFields: readonly string[];
  maxFileBytes: number;
}

export async function receiveMultipart(req: Request, blobs: BlobStore, limits: MultipartLimits): Promise<ReceivedForm> {
  if (!req.is("multipart/form-data")) {
    throw new HttpError(
      415,
      "multipart-required",
      "Send the design as multipart/form-data with the mesh in the field 'file' (e.g. curl -F file=@part.stl).",
    );
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: 8, fields: 32, fieldSize: 64 * 1024 } });
  } catch (error) {
    throw new HttpError(400, "bad-multipart", `The multipart request could not be read: ${(error as Error).message}.`);
  }

  const fields = new Map<string, string>();
  const files: ReceivedFile[] = [];
  const pending: Promise<void>[] = [];
  let failure: HttpError | null = null;
  const fail = (error: HttpError) => {
    failure ??= error;
  };

  parser.on("field", (name, value) => fields.set(name, value));
  parser.on("file", (field, stream, info) => {
    if (!limits.fileFields.includes(field) || files.some((f) => f.field === field)) {
      fail(
        new HttpError(
          400,
          "unexpected-file-field",
          `Unexpected file in field '${field}'. Send the mesh in 'file' and an optional G-code in 'gcode', one each.`,
        ),
      );
      stream.resume();
      return;
    }
    stream.on("limit", () =>
      fail(
        new HttpError(
          413,
          "file-too-large",
          `'${info.filename}' is larger than the hub's limit of ${formatBytes(limits.maxFileBytes)}. Simplify the mesh (fewer triangles) or ask the hub's operator to raise the limit.`,
        ),
      ),
    );
    pending.push(
      blobs.stage(stream).then(
        (staged) => {
          files.push({ field, fileName: info.filename || `${field}.bin`, staged });
        },
        (error: unknown) => fail(new HttpError(400, "upload-interrupted", `The upload of '${info.filename}' broke off: ${String(error)}. Try again.`)),
      ),
    );
  });
  parser.on("filesLimit", () => fail(new HttpError(400, "too-many-files", "Too many files in one upload: send one mesh and at most one G-code.")));

  const finished = new Promise<void>((resolve, reject) => {
    parser.on("close", resolve);
    parser.on("error", (error: Error) => reject(new HttpError(400, "bad-multipart", `The multipart request could not be read: ${error.message}.`)));
    // A client that goes away mid-body never ends the parser: destroy it, which destroys the file
    // stream being staged, so its temp file is removed and every pending promise settles.
    const aborted = () => {
      if (req.complete) return;
      const error = new HttpError(400, "upload-aborted", "The upload was aborted before it finished. Send the file again.");
      req.unpipe(parser);
      parser.destroy(error);
      reject(error);
    };
    req.on("aborted", aborted);
    req.on("error", aborted);
    req.on("close", aborted);
  });
  req.pipe(parser);
  try {
    await finished;
    await Promise.all(pending);
  } catch (error) {
    await Promise.allSettled(pending);
    await Promise.all(files.map((f) => blobs.discard(f.staged)));
    throw error;
  }
  if (failure) {
    await Promise.all(files.map((f) => blobs.discard(f.staged)));
    throw failure;
  }
  return { fields, files };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
