/**
 * The owner's "add a file" form in a design's Files panel: an STL/3MF or a G-code variant. A file
 * with the name of an existing one becomes its next version (the older one stays downloadable).
 */
import type { Design } from "@peerfab/protocol";
import { addDesignFile, errorMessage } from "../api/client.ts";
import { el, setText, uniqueId } from "./dom.ts";

export function addFileForm(design: Design, onAdded: (design: Design) => void): HTMLFormElement {
  const inputId = uniqueId("add-file");
  const helpId = uniqueId("add-file-help");
  const errorId = uniqueId("add-file-error");
  const input = el("input", { id: inputId, type: "file", accept: ".stl,.3mf,.gcode,.gco,.g", "aria-describedby": `${helpId} ${errorId}`, "data-testid": "add-file-input" });
  const error = el("p", { id: errorId, class: "field-error", role: "alert", "data-testid": "add-file-error" });
  const submit = el("button", { type: "submit", class: "button", "data-testid": "add-file-submit" }, "Add file");
  const form = el(
    "form",
    { class: "add-file-form", novalidate: true },
    el(
      "div",
      { class: "field" },
      el("label", { for: inputId }, "Add a file or a new version"),
      input,
      el("p", { id: helpId, class: "field-help" }, "STL, 3MF or G-code. Use the name of an existing file to publish its next version."),
      error,
    ),
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) {
      setText(error, "Choose a file to add.");
      input.focus();
      return;
    }
    submit.disabled = true;
    setText(submit, "Uploading…");
    setText(error, "");
    addDesignFile(design.id, file)
      .then(onAdded)
      .catch((e: unknown) => {
        setText(error, errorMessage(e));
        input.focus();
      })
      .finally(() => {
        submit.disabled = false;
        setText(submit, "Add file");
      });
  });
  return form;
}
