/**
 * The "publish a design" form, also used to publish a remix of a design: a drop zone around the
 * file input (drag a file onto it, or choose one), title, license with its meaning in words (for
 * a remix only the licenses the original allows), tags, description and an optional G-code.
 * Uploads with a progress bar; on success goes to the new design's page, on failure shows the
 * hub's sentence next to the file.
 */
import { DEFAULT_LICENSE, LICENSES, LicenseSchema, remixLicenses, type Design, type License } from "@peerfab/protocol";
import { errorMessage } from "../api/client.ts";
import { uploadDesignWithProgress } from "../api/upload-with-progress.ts";
import { titleFromFileName } from "../designs/design-files.ts";
import { parseTags } from "../designs/tags.ts";
import { explainLicense } from "../format/license.ts";
import { formatBytes, formatTransfer } from "../format/units.ts";
import { routeHref } from "../routing/route.ts";
import { el, setText, uniqueId } from "./dom.ts";

const MESH_EXTENSIONS = /\.(stl|3mf)$/i;

export interface UploadFormOptions {
  /** Publish a remix of this design instead of a new design. */
  readonly remixOf?: Design;
}

export function uploadForm(options: UploadFormOptions = {}): HTMLFormElement {
  const remixOf = options.remixOf;
  const licenses: readonly License[] = remixOf ? remixLicenses(remixOf.license) : LICENSES;
  const defaultLicense: License = remixOf ? (licenses[0] ?? remixOf.license) : DEFAULT_LICENSE;
  const fileId = uniqueId("upload-file");
  const errorId = uniqueId("upload-error");
  const chosenId = uniqueId("upload-chosen");
  const titleId = uniqueId("upload-title");
  const licenseId = uniqueId("upload-license");
  const licenseHelpId = uniqueId("upload-license-help");
  const tagsId = uniqueId("upload-tags");
  const tagsHelpId = uniqueId("upload-tags-help");
  const tagsErrorId = uniqueId("upload-tags-error");
  const descriptionId = uniqueId("upload-description");
  const gcodeId = uniqueId("upload-gcode");
  const gcodeHelpId = uniqueId("upload-gcode-help");

  const fileInput = el("input", {
    id: fileId,
    name: "file",
    type: "file",
    accept: ".stl,.3mf,model/stl,model/3mf",
    "aria-describedby": `${chosenId} ${errorId}`,
    "data-testid": "upload-file",
  });
  const chosen = el("p", { id: chosenId, class: "drop-zone-chosen", "data-testid": "upload-chosen" });
  const fileError = el("p", { id: errorId, class: "field-error", role: "alert", "data-testid": "upload-error" });
  const dropZone = el(
    "div",
    { class: "drop-zone", "data-testid": "upload-drop-zone" },
    el("label", { for: fileId, class: "drop-zone-label" }, el("strong", {}, "Mesh file (STL or 3MF)"), el("span", {}, "Drag it here, or choose it:")),
    fileInput,
    chosen,
  );
  const titleInput = el("input", {
    id: titleId,
    name: "title",
    type: "text",
    maxlength: 200,
    autocomplete: "off",
    placeholder: "Defaults to the file name",
    "data-testid": "upload-title",
  });
  const licenseSelect = el(
    "select",
    { id: licenseId, name: "license", "aria-describedby": licenseHelpId, "data-testid": "upload-license" },
    ...licenses.map((license) => el("option", { value: license, selected: license === defaultLicense }, explainLicense(license).name)),
  );
  const licenseHelp = el("p", { id: licenseHelpId, class: "field-help", "data-testid": "upload-license-help" }, explainLicense(defaultLicense).summary);
  const tagsInput = el("input", {
    id: tagsId,
    name: "tags",
    type: "text",
    autocomplete: "off",
    placeholder: "e.g. kitchen, hook, wall-mount",
    "aria-describedby": `${tagsHelpId} ${tagsErrorId}`,
    "data-testid": "upload-tags",
  });
  const tagsError = el("p", { id: tagsErrorId, class: "field-error", role: "alert" });
  const descriptionInput = el("textarea", { id: descriptionId, name: "description", rows: 3, maxlength: 20000 });
  const gcodeInput = el("input", { id: gcodeId, name: "gcode", type: "file", accept: ".gcode,.gco,.g", "aria-describedby": gcodeHelpId });
  const submitText = remixOf ? "Publish remix" : "Publish design";
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "upload-submit" }, submitText);
  const cancel = el("button", { type: "button", class: "button", hidden: true }, "Cancel upload");
  const progressBar = el("progress", { max: 100, value: 0, "aria-labelledby": `${fileId}-progress-text` });
  const progressText = el("span", { id: `${fileId}-progress-text`, class: "upload-progress-text", "data-testid": "upload-progress-text" });
  const progress = el("div", { class: "upload-progress", hidden: true, role: "status", "data-testid": "upload-progress" }, progressBar, progressText);

  licenseSelect.addEventListener("change", () => {
    const license = LicenseSchema.safeParse(licenseSelect.value);
    if (license.success) setText(licenseHelp, explainLicense(license.data).summary);
  });
  const fileChosen = () => {
    clearFileError();
    const file = fileInput.files?.[0];
    setText(chosen, file ? `${file.name} · ${formatBytes(file.size)}` : "");
    if (file && titleInput.value.trim() === "") titleInput.placeholder = titleFromFileName(file.name);
    if (file && !MESH_EXTENSIONS.test(file.name)) {
      showFileError(`'${file.name}' is not an .stl or .3mf file. Export your model as STL or 3MF and choose that file.`);
    }
  };
  fileInput.addEventListener("change", fileChosen);
  tagsInput.addEventListener("input", () => {
    setText(tagsError, "");
    tagsInput.removeAttribute("aria-invalid");
  });

  // Drag and drop onto the zone: the dropped file becomes the input's file.
  let dragDepth = 0;
  const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
  dropZone.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth++;
    dropZone.classList.add("is-dragging");
  });
  dropZone.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  });
  dropZone.addEventListener("dragleave", () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) dropZone.classList.remove("is-dragging");
  });
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    dragDepth = 0;
    dropZone.classList.remove("is-dragging");
    const files = event.dataTransfer?.files;
    if (!files || files.length === 0) return;
    if (files.length > 1) {
      showFileError("Drop one file at a time: a design is published from one STL or 3MF.");
      return;
    }
    fileInput.files = files;
    fileChosen();
  });

  const form = el(
    "form",
    { id: remixOf ? null : "upload", class: "upload-form", novalidate: true, "aria-labelledby": `${fileId}-heading`, "data-testid": remixOf ? "remix-form" : "upload-form" },
    el("h2", { id: `${fileId}-heading` }, remixOf ? `Remix “${remixOf.title}”` : "Publish a design"),
    remixOf
      ? el(
          "p",
          { class: "field-help" },
          `Upload your changed model. The remix is your design; it credits ${remixOf.title} by ${remixOf.authorName}, and that link cannot be removed.`,
        )
      : null,
    el("div", { class: "field field-file" }, dropZone, fileError),
    el("div", { class: "field" }, el("label", { for: titleId }, "Title"), titleInput),
    el("div", { class: "field" }, el("label", { for: licenseId }, "License"), licenseSelect, licenseHelp),
    el(
      "div",
      { class: "field" },
      el("label", { for: tagsId }, "Tags (optional)"),
      tagsInput,
      el("p", { id: tagsHelpId, class: "field-help" }, "Separate tags with commas; people find designs by them."),
      tagsError,
    ),
    el("div", { class: "field" }, el("label", { for: descriptionId }, "Description (optional)"), descriptionInput),
    el(
      "div",
      { class: "field" },
      el("label", { for: gcodeId }, "Ready-to-print G-code (optional)"),
      gcodeInput,
      el("p", { id: gcodeHelpId, class: "field-help" }, "Sliced for a printer you know; makers with that printer can print it right away."),
    ),
    progress,
    el("div", { class: "form-actions" }, submit, cancel),
  );

  let uploading: AbortController | null = null;
  cancel.addEventListener("click", () => uploading?.abort());

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (uploading) return;
    const file = fileInput.files?.[0];
    if (!file) {
      showFileError("Choose an STL or 3MF file to publish, or drag one onto the box.");
      fileInput.focus();
      return;
    }
    const tags = parseTags(tagsInput.value);
    if (!tags.ok) {
      setText(tagsError, tags.problem);
      tagsInput.setAttribute("aria-invalid", "true");
      tagsInput.focus();
      return;
    }
    const license = LicenseSchema.safeParse(licenseSelect.value);
    const title = titleInput.value.trim() || titleFromFileName(file.name);
    const gcode = gcodeInput.files?.[0];
    const controller = new AbortController();
    uploading = controller;
    submit.disabled = true;
    cancel.hidden = false;
    setText(submit, "Publishing…");
    clearFileError();
    progress.hidden = false;
    progressBar.value = 0;
    setText(progressText, "Starting the upload…");
    uploadDesignWithProgress(
      {
        file,
        title,
        license: license.success ? license.data : defaultLicense,
        ...(descriptionInput.value.trim() ? { description: descriptionInput.value.trim() } : {}),
        ...(tags.tags.length > 0 ? { tags: tags.tags } : {}),
        ...(gcode ? { gcode } : {}),
      },
      ({ loaded, total }) => {
        if (total !== null && total > 0) progressBar.value = Math.min(100, (loaded / total) * 100);
        else progressBar.removeAttribute("value");
        // Everything sent: the hub now parses and measures the model before it answers.
        setText(progressText, total !== null && loaded >= total ? "Uploaded. The hub is checking the model…" : `Uploading ${formatTransfer(loaded, total)}`);
      },
      controller.signal,
      remixOf?.id,
    )
      .then((created) => {
        location.hash = routeHref({ page: "design", designId: created.id });
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === "AbortError") {
          showFileError("Upload cancelled. Nothing was published.");
        } else {
          showFileError(errorMessage(error));
        }
        fileInput.focus();
      })
      .finally(() => {
        uploading = null;
        submit.disabled = false;
        cancel.hidden = true;
        progress.hidden = true;
        setText(submit, submitText);
      });
  });

  function showFileError(message: string): void {
    setText(fileError, message);
    fileInput.setAttribute("aria-invalid", "true");
    dropZone.classList.add("has-error");
  }
  function clearFileError(): void {
    setText(fileError, "");
    fileInput.removeAttribute("aria-invalid");
    dropZone.classList.remove("has-error");
  }

  return form;
}
