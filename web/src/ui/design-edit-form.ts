/**
 * The owner's "Edit" form on a design page: title, description and tags, sent as
 * `PATCH /api/designs/:id` with only the fields that changed. The hub's sentence is shown when
 * it refuses; on success the page shows the design the hub answered with.
 */
import type { Design, DesignPatch } from "@peerfab/protocol";
import { errorMessage, patchDesign } from "../api/client.ts";
import { parseTags } from "../designs/tags.ts";
import { el, setText, uniqueId } from "./dom.ts";

export function designEditForm(design: Design, onSaved: (design: Design) => void, onCancel: () => void): HTMLFormElement {
  const titleId = uniqueId("edit-title");
  const descriptionId = uniqueId("edit-description");
  const tagsId = uniqueId("edit-tags");
  const errorId = uniqueId("edit-error");
  const title = el("input", { id: titleId, type: "text", required: true, maxlength: 200, value: design.title, "data-testid": "edit-title" });
  const description = el("textarea", { id: descriptionId, rows: 4, maxlength: 20000 });
  description.value = design.description;
  const tags = el("input", { id: tagsId, type: "text", autocomplete: "off", value: (design.tags ?? []).join(", "), "aria-describedby": errorId, "data-testid": "edit-tags" });
  const error = el("p", { id: errorId, class: "field-error", role: "alert", "data-testid": "edit-error" });
  const save = el("button", { type: "submit", class: "button button-primary", "data-testid": "edit-save" }, "Save changes");
  const cancel = el("button", { type: "button", class: "button", onclick: onCancel }, "Cancel");

  const form = el(
    "form",
    { class: "panel edit-form", novalidate: true, "aria-label": "Edit this design", "data-testid": "edit-form" },
    el("h2", {}, "Edit design"),
    el("div", { class: "field" }, el("label", { for: titleId }, "Title"), title),
    el("div", { class: "field" }, el("label", { for: descriptionId }, "Description"), description),
    el("div", { class: "field" }, el("label", { for: tagsId }, "Tags (separated by commas)"), tags),
    error,
    el("div", { class: "form-actions" }, save, cancel),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const patch: { -readonly [K in keyof DesignPatch]: DesignPatch[K] } = {};
    const newTitle = title.value.trim();
    if (newTitle === "") {
      setText(error, "Give the design a title.");
      title.focus();
      return;
    }
    if (newTitle !== design.title) patch.title = newTitle;
    if (description.value !== design.description) patch.description = description.value;
    const parsed = parseTags(tags.value);
    if (!parsed.ok) {
      setText(error, parsed.problem);
      tags.focus();
      return;
    }
    if (parsed.tags.join(",") !== (design.tags ?? []).join(",")) patch.tags = parsed.tags;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    save.disabled = true;
    setText(save, "Saving…");
    setText(error, "");
    patchDesign(design.id, patch)
      .then(onSaved)
      .catch((e: unknown) => {
        setText(error, errorMessage(e));
        save.disabled = false;
        setText(save, "Save changes");
      });
  });
  return form;
}
