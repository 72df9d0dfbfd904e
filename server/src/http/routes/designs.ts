/**
 * `/api/designs`: upload, list and search, read, edit (owner), add files and versions (owner),
 * remix, and the file, thumbnail and whole-design downloads. Thin: services do the work.
 */
import { DEFAULT_LICENSE, DesignPatchSchema, DesignQuerySchema, describeZodError, type VerifiedMake } from "@peerfab/protocol";
import express, { type Request } from "express";
import { pipeline } from "node:stream/promises";
import { HttpError } from "../../errors.ts";
import type { BlobStore } from "../../storage/blob-store.ts";
import type { DesignCatalog } from "../../services/design-catalog.ts";
import type { DesignDownloads } from "../../services/design-downloads.ts";
import type { DesignEdits } from "../../services/design-edits.ts";
import type { DesignIngest } from "../../services/design-ingest.ts";
import { currentUser } from "../current-user.ts";
import { designUploadFields } from "../design-form.ts";
import { type ReceivedFile, type ReceivedForm, receiveMultipart } from "../multipart.ts";
import { sendBlob } from "../send-blob.ts";
import { sendThumbnail } from "../send-thumbnail.ts";
import { gcodeVariant } from "../gcode-variant-fields.ts";
import { sendPreview } from "../send-preview.ts";

export interface DesignRouteDeps {
  catalog: DesignCatalog;
  downloads: DesignDownloads;
  ingest: DesignIngest;
  edits: DesignEdits;
  blobs: BlobStore;
  maxUploadBytes: number;
  /** Verified makes (issue #5): completed jobs of the design, shown on `GET /api/designs/:id`. */
  makesOf?: (designId: string) => Promise<VerifiedMake[]>;
}

export function designRoutes({ catalog, downloads, ingest, edits, blobs, maxUploadBytes, makesOf }: DesignRouteDeps) {
  const router = express.Router();

  /** Receives a multipart form, runs `use`, and discards whatever staged file was not committed. */
  async function withForm(req: Request, use: (form: ReceivedForm) => Promise<void>): Promise<void> {
    const form = await receiveMultipart(req, blobs, { fileFields: ["file", "gcode"], maxFileBytes: maxUploadBytes });
    try {
      await use(form);
    } finally {
      await Promise.all(form.files.map((f) => blobs.discard(f.staged)));
    }
  }

  router.post("/", async (req, res) => {
    await withForm(req, async (form) => {
      const { mesh, gcode, fields } = designUpload(form);
      const created = await ingest.ingest({
        author: currentUser(req),
        title: fields.title ?? titleFromFileName(mesh.fileName),
        description: fields.description ?? "",
        license: fields.license ?? DEFAULT_LICENSE,
        tags: fields.tags ?? [],
        meshes: [{ fileName: mesh.fileName, staged: mesh.staged }],
        gcode: gcode ? [gcodeVariant(gcode, form.fields)] : [],
      });
      res.status(201).json(created);
    });
  });

  router.get("/", async (req, res) => {
    // An empty box in a form (`?q=&tag=`) means "no filter".
    const query = Object.fromEntries(Object.entries(req.query).filter(([, value]) => value !== ""));
    const parsed = DesignQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new HttpError(400, "invalid-query", `The design query is invalid — ${describeZodError(parsed.error)}. Use ?q=words&tag=a-tag&license=CC-BY-4.0&page=1&pageSize=24.`);
    }
    // "Fits my printer" needs to know whose printer: only that filter asks for a signed-in caller.
    const viewerId = parsed.data.fitsPrinter === undefined ? undefined : currentUser(req).id;
    res.json(await catalog.list(parsed.data, viewerId));
  });

  router.get("/:id", async (req, res) => {
    const design = await catalog.get(req.params.id);
    // Verified makes appear once there is one (the design as uploaded has none).
    const makes = makesOf ? await makesOf(design.id) : [];
    res.json(makes.length > 0 ? { ...design, makes } : design);
  });

  router.patch("/:id", async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new HttpError(400, "invalid-patch", 'Send a JSON object with the fields to change, e.g. {"title": "…", "tags": ["bracket"]} (Content-Type: application/json).');
    }
    if ("remixOf" in body) {
      throw new HttpError(400, "remix-link-fixed", "The remix link cannot be changed or removed: it credits the designs this one builds on. Send only title, description, tags or license.");
    }
    const patch = DesignPatchSchema.safeParse(body);
    if (!patch.success) {
      throw new HttpError(400, "invalid-patch", `The change is invalid — ${describeZodError(patch.error)}. Only title, description, tags and license can be changed.`);
    }
    res.json(await edits.patch(currentUser(req), req.params.id, patch.data));
  });

  router.post("/:id/files", async (req, res) => {
    await withForm(req, async (form) => {
      const [file, other] = form.files;
      if (!file || other) {
        throw new HttpError(400, "one-file-expected", "Send exactly one file: a mesh (STL or 3MF) in the field 'file', or a G-code variant in the field 'gcode'. A file with the name of an existing one becomes its next version.");
      }
      const incoming = { fileName: file.fileName, staged: file.staged };
      const added = await edits.addFile(currentUser(req), req.params.id, file.field === "gcode" ? { kind: "gcode", file: gcodeVariant(file, form.fields) } : { kind: "mesh", file: incoming });
      res.status(201).json(added);
    });
  });

  router.post("/:id/remix", async (req, res) => {
    await withForm(req, async (form) => {
      const { mesh, gcode, fields } = designUpload(form);
      const created = await edits.remix(currentUser(req), req.params.id, {
        title: fields.title ?? titleFromFileName(mesh.fileName),
        description: fields.description ?? "",
        license: fields.license,
        tags: fields.tags ?? [],
        meshes: [{ fileName: mesh.fileName, staged: mesh.staged }],
        gcode: gcode ? [gcodeVariant(gcode, form.fields)] : [],
      });
      res.status(201).json(created);
    });
  });

  router.get("/:id/files/:file", async (req, res) => {
    const { file, contentType, body } = await catalog.openFile(req.params.id, req.params.file);
    await sendBlob(req, res, { ...file, contentType }, body);
  });

  router.get("/:id/files/:file/thumbnail", async (req, res) => {
    await sendThumbnail(req, res, downloads, req.params.id, req.params.file);
  });

  router.get("/:id/files/:file/preview", async (req, res) => {
    await sendPreview(req, res, downloads, req.params.id, req.params.file);
  });

  router.get("/:id/thumbnail", async (req, res) => {
    await sendThumbnail(req, res, downloads, req.params.id, null);
  });

  router.get("/:id/download.3mf", async (req, res) => {
    const { name, size, body } = await downloads.threeMf(req.params.id);
    res.setHeader("Content-Type", "model/3mf");
    res.setHeader("Content-Disposition", attachment(name));
    res.setHeader("Content-Length", String(size));
    await pipeline(body, res);
  });

  router.get("/:id/download.zip", async (req, res) => {
    const { name, body } = await downloads.zip(req.params.id);
    res.setHeader("Content-Type", "application/zip");
    res.setHeader("Content-Disposition", attachment(name));
    await pipeline(body, res);
  });

  return router;
}

/** The mesh, the optional G-code variant and the text fields of a new design's form. */
function designUpload(form: ReceivedForm): { mesh: ReceivedFile; gcode: ReceivedFile | undefined; fields: ReturnType<typeof designUploadFields> } {
  const mesh = form.files.find((f) => f.field === "file");
  if (!mesh) {
    throw new HttpError(400, "missing-file", "No mesh in the upload: send the STL or 3MF file in the multipart field 'file' (e.g. curl -F file=@part.stl).");
  }
  return { mesh, gcode: form.files.find((f) => f.field === "gcode"), fields: designUploadFields(form.fields) };
}

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").trim();
  return (base || "Untitled design").slice(0, 200);
}
