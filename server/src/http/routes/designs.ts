import { DEFAULT_LICENSE, DesignUploadFieldsSchema, describeZodError, LICENSES, LicenseSchema } from "@peerfab/protocol";
import express from "express";
import { pipeline } from "node:stream/promises";
import { HttpError } from "../../errors.ts";
import type { BlobStore } from "../../storage/blob-store.ts";
import type { DesignCatalog } from "../../services/design-catalog.ts";
import type { DesignDownloads } from "../../services/design-downloads.ts";
import type { DesignIngest } from "../../services/design-ingest.ts";
import { currentUser } from "../current-user.ts";
import { receiveMultipart } from "../multipart.ts";
import { sendBlob } from "../send-blob.ts";
import { sendThumbnail } from "../send-thumbnail.ts";

export interface DesignRouteDeps {
  catalog: DesignCatalog;
  downloads: DesignDownloads;
  ingest: DesignIngest;
  blobs: BlobStore;
  maxUploadBytes: number;
}

export function designRoutes({ catalog, downloads, ingest, blobs, maxUploadBytes }: DesignRouteDeps) {
  const router = express.Router();

  router.post("/", async (req, res) => {
    const form = await receiveMultipart(req, blobs, { fileFields: ["file", "gcode"], maxFileBytes: maxUploadBytes });
    try {
      const mesh = form.files.find((f) => f.field === "file");
      if (!mesh) {
        throw new HttpError(400, "missing-file", "No mesh in the upload: send the STL or 3MF file in the multipart field 'file' (e.g. curl -F file=@part.stl).");
      }
      const license = form.fields.get("license")?.trim() || undefined;
      if (license !== undefined && !LicenseSchema.safeParse(license).success) {
        throw new HttpError(400, "unknown-license", `Unknown license '${license}'. Use one of these SPDX ids: ${LICENSES.join(", ")}.`);
      }
      const fields = DesignUploadFieldsSchema.safeParse({
        title: form.fields.get("title") || undefined,
        description: form.fields.get("description"),
        license,
      });
      if (!fields.success) throw new HttpError(400, "invalid-fields", `The design's fields are invalid — ${describeZodError(fields.error)}.`);
      const gcode = form.files.find((f) => f.field === "gcode");
      const created = await ingest.ingest({
        author: currentUser(req),
        title: fields.data.title ?? titleFromFileName(mesh.fileName),
        description: fields.data.description ?? "",
        license: fields.data.license ?? DEFAULT_LICENSE,
        meshes: [{ fileName: mesh.fileName, staged: mesh.staged }],
        gcode: gcode ? [{ fileName: gcode.fileName, staged: gcode.staged }] : [],
      });
      res.status(201).json(created);
    } finally {
      await Promise.all(form.files.map((f) => blobs.discard(f.staged)));
    }
  });

  router.get("/", async (req, res) => {
    const page = positiveInt(req.query.page, "page", 1, 1_000_000);
    const pageSize = positiveInt(req.query.pageSize, "pageSize", 24, 100);
    res.json(await catalog.list(page, pageSize));
  });

  router.get("/:id", async (req, res) => {
    res.json(await catalog.get(req.params.id));
  });

  router.get("/:id/files/:file", async (req, res) => {
    const { file, contentType, body } = await catalog.openFile(req.params.id, req.params.file);
    await sendBlob(req, res, { ...file, contentType }, body);
  });

  router.get("/:id/files/:file/thumbnail", async (req, res) => {
    await sendThumbnail(req, res, downloads, req.params.id, req.params.file);
  });

  router.get("/:id/thumbnail", async (req, res) => {
    await sendThumbnail(req, res, downloads, req.params.id, null);
  });

  router.get("/:id/download.3mf", async (req, res) => {
    const { name, bytes } = await downloads.threeMf(req.params.id);
    res.setHeader("Content-Type", "model/3mf");
    res.setHeader("Content-Disposition", attachment(name));
    res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  router.get("/:id/download.zip", async (req, res) => {
    const { name, body } = await downloads.zip(req.params.id);
    res.setHeader("Content-Type", "application/zip");
    res.setHeader("Content-Disposition", attachment(name));
    await pipeline(body, res);
  });

  return router;
}

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").trim();
  return (base || "Untitled design").slice(0, 200);
}

function positiveInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new HttpError(400, "invalid-query", `'${name}' must be a whole number from 1 to ${max}; got '${String(value)}'.`);
  }
  return n;
}
