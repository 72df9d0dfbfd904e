/**
 * The "publish a design" form. Sends the multipart upload; on success goes to the new
 * design's page, on failure shows the hub's sentence next to the file input.
 */
import { DEFAULT_LICENSE, LICENSES, LicenseSchema } from "@peerfab/protocol";
import { errorMessage, uploadDesign } from "../api/client.ts";
import { titleFromFileName } from "../designs/design-files.ts";
import { explainLicense } from "../format/license.ts";
import { routeHref } from "../routing/route.ts";
import { el, setText, uniqueId } from "./dom.ts";

export function uploadForm(): HTMLFormElement {
  const fileId = uniqueId("upload-file");
  const errorId = uniqueId("upload-error");
  const titleId = uniqueId("upload-title");
  const licenseId = uniqueId("upload-license");
  const licenseHelpId = uniqueId("upload-license-help");
  const descriptionId = uniqueId("upload-description");
  const gcodeId = uniqueId("upload-gcode");
  const gcodeHelpId = uniqueId("upload-gcode-help");

  const fileInput = el("input", {
    id: fileId,
    name: "file",
    type: "file",
    accept: ".stl,.3mf,model/stl,model/3mf",
    "aria-describedby": errorId,
    "data-testid": "upload-file",
  });
  const fileError = el("p", { id: errorId, class: "field-error", role: "alert", "data-testid": "upload-error" });
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
    ...LICENSES.map((license) =>
      el("option", { value: license, selected: license === DEFAULT_LICENSE }, explainLicense(license).name),
    ),
  );
  const licenseHelp = el("p", { id: licenseHelpId, class: "field-help" }, explainLicense(DEFAULT_LICENSE).summary);
  const descriptionInput = el("textarea", { id: descriptionId, name: "description", rows: 3, maxlength: 20000 });
  const gcodeInput = el("input", {
    id: gcodeId,
    name: "gcode",
    type: "file",
    accept: ".gcode,.gco,.g",
    "aria-describedby": gcodeHelpId,
  });
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "upload-submit" }, "Publish design");

  licenseSelect.addEventListener("change", () => {
    const license = LicenseSchema.safeParse(licenseSelect.value);
    if (license.success) setText(licenseHelp, explainLicense(license.data).summary);
  });
  fileInput.addEventListener("change", () => {
    setText(fileError, "");
    fileInput.removeAttribute("aria-invalid");
    const file = fileInput.files?.[0];
    if (file && titleInput.value.trim() === "") titleInput.placeholder = titleFromFileName(file.name);
  });

  const form = el(
    "form",
    { class: "upload-form", novalidate: true, "aria-labelledby": `${fileId}-heading`, "data-testid": "upload-form" },
    el("h2", { id: `${fileId}-heading` }, "Publish a design"),
    el(
      "div",
      { class: "field field-file" },
      el("label", { for: fileId }, "Mesh file (STL or 3MF)"),
      fileInput,
      fileError,
    ),
    el("div", { class: "field" }, el("label", { for: titleId }, "Title"), titleInput),
    el("div", { class: "field" }, el("label", { for: licenseId }, "License"), licenseSelect, licenseHelp),
    el("div", { class: "field" }, el("label", { for: descriptionId }, "Description (optional)"), descriptionInput),
    el(
      "div",
      { class: "field" },
      el("label", { for: gcodeId }, "Ready-to-print G-code (optional)"),
      gcodeInput,
      el("p", { id: gcodeHelpId, class: "field-help" }, "Sliced for a printer you know; makers with that printer can print it right away."),
    ),
    el("div", { class: "form-actions" }, submit),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) {
      showFileError("Choose an STL or 3MF file to publish.");
      fileInput.focus();
      return;
    }
    const license = LicenseSchema.safeParse(licenseSelect.value);
    const title = titleInput.value.trim() || titleFromFileName(file.name);
    const gcode = gcodeInput.files?.[0];
    submit.disabled = true;
    setText(submit, "Publishing…");
    setText(fileError, "");
    uploadDesign({
      file,
      title,
      license: license.success ? license.data : DEFAULT_LICENSE,
      ...(descriptionInput.value.trim() ? { description: descriptionInput.value.trim() } : {}),
      ...(gcode ? { gcode } : {}),
    })
      .then((created) => {
        location.hash = routeHref({ page: "design", designId: created.id });
      })
      .catch((error: unknown) => {
        showFileError(errorMessage(error));
        fileInput.focus();
      })
      .finally(() => {
        submit.disabled = false;
        setText(submit, "Publish design");
      });
  });

  function showFileError(message: string): void {
    setText(fileError, message);
    fileInput.setAttribute("aria-invalid", "true");
  }

  return form;
}
