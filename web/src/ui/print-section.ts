/**
 * The "Print" panel of a design page (issue #6): send the design to my own printer (a
 * ready-to-print G-code variant), to a chosen print shop, or open it to every shop within N km;
 * with material, colour, quantity and notes. A job for my printer goes to the printers
 * dashboard; a job for shops stays here and shows its quotes to compare and accept.
 */
import { boxSize, type CreateJob, type Design, type JobTarget } from "@peerfab/protocol";
import { createJob, errorMessage } from "../api/client.ts";
import { gcodeVariants, primaryMesh } from "../designs/design-files.ts";
import { routeHref } from "../routing/route.ts";
import { el, replaceChildren, setText, uniqueId } from "./dom.ts";
import { ownPrinterPicker } from "./own-printer-picker.ts";
import { quotesPanel, type QuotesPanel } from "./quotes-panel.ts";
import { shopPicker } from "./shop-picker.ts";

export interface PrintSection {
  readonly element: HTMLElement;
  dispose(): void;
}

type TargetKind = JobTarget["kind"];

const COMMON_MATERIALS = ["PLA", "PETG", "ABS", "ASA", "TPU"];

export function printSection(design: Design): PrintSection {
  const variants = gcodeVariants(design);
  const canPrintOwn = variants.length > 0;
  const printable = canPrintOwn || primaryMesh(design) !== undefined;
  const ids = { material: uniqueId("print-material"), colour: uniqueId("print-colour"), colours: uniqueId("print-colours"), quantity: uniqueId("print-quantity"), notes: uniqueId("print-notes"), error: uniqueId("print-error") };

  const element = el(
    "section",
    { class: "panel print-panel", "aria-labelledby": "print-heading", "data-testid": "print-section" },
    el("h2", { id: "print-heading" }, "Print"),
  );
  const button = el(
    "button",
    { type: "submit", class: "button button-primary", "aria-describedby": ids.error, "data-testid": "print-button", disabled: true },
    "Print",
  );
  if (!printable) {
    element.append(el("p", {}, "This design has no model or G-code to print."), button);
    return { element, dispose: () => {} };
  }

  let target: TargetKind = canPrintOwn ? "printer" : "open";
  let sending = false;
  let quotes: QuotesPanel | null = null;

  // The pickers may report a change while they are being built (a live feed that has synced
  // already answers at once): refresh only once the whole form exists.
  let built = false;
  const onChange = () => {
    if (built) refresh();
  };
  const own = canPrintOwn ? ownPrinterPicker(variants, onChange) : null;
  // What a shop gets, as the hub chooses it: the primary mesh (its size decides the fit), else the newest G-code.
  const mesh = primaryMesh(design);
  const shops = shopPicker(onChange, { size: mesh?.bbox ? boxSize(mesh.bbox) : null, hasGcode: mesh === undefined });

  const radioName = uniqueId("print-target");
  const targetRadio = (kind: TargetKind, label: string, disabled = false) => {
    const input = el("input", { type: "radio", name: radioName, value: kind, checked: kind === target, disabled, "data-testid": `target-${kind}` });
    input.addEventListener("change", () => {
      target = kind;
      refresh();
    });
    return el("label", { class: "choice" }, input, ` ${label}`);
  };
  const targets = el(
    "fieldset",
    { class: "fieldset print-targets" },
    el("legend", {}, "Where"),
    targetRadio("printer", "My printer", !canPrintOwn),
    targetRadio("shop", "A print shop"),
    targetRadio("open", "Any print shop nearby (they quote, you choose)"),
    canPrintOwn ? null : el("p", { class: "field-help" }, "Your own printer needs ready-to-print G-code, which this design does not have yet; a shop's printer slices the model."),
  );

  const materialSelect = el("select", { id: ids.material, name: "material", "data-testid": "material-select" });
  const colour = el("input", { id: ids.colour, name: "colour", type: "text", maxlength: 40, list: ids.colours, "data-testid": "colour-input" });
  const colourList = el("datalist", { id: ids.colours });
  const quantity = el("input", { id: ids.quantity, name: "quantity", type: "number", min: 1, max: 100, step: 1, value: 1, required: true, "data-testid": "quantity-input" });
  const notes = el("textarea", { id: ids.notes, name: "notes", rows: 2, maxlength: 2000, "data-testid": "notes-input" });
  const shopOnly = el(
    "div",
    {},
    el("div", { class: "field" }, el("label", { for: ids.colour }, "Colour (optional)"), colour, colourList),
    el("div", { class: "field" }, el("label", { for: ids.notes }, "Notes for the shop (optional)"), notes),
  );
  const error = el("p", { id: ids.error, class: "field-error", role: "alert", "data-testid": "print-error" });
  const form = el(
    "form",
    { class: "print-form", novalidate: true },
    targets,
    own?.element,
    shops.element,
    el(
      "div",
      { class: "field-row" },
      el("div", { class: "field" }, el("label", { for: ids.material }, "Material"), materialSelect),
      el("div", { class: "field" }, el("label", { for: ids.quantity }, "Quantity"), quantity),
    ),
    shopOnly,
    el("div", { class: "form-actions" }, button),
    error,
  );
  element.append(form);

  const materialChoices = (): string[] => {
    if (target === "printer") {
      const printer = own?.selected();
      return printer && printer.capabilities.materials.length > 0 ? printer.capabilities.materials : ["PLA"];
    }
    const chosen = target === "shop" ? shops.selectedShop() : undefined;
    const offered = chosen ? chosen.materials : shops.shops().flatMap((s) => s.materials);
    return [...new Set([...offered, ...(chosen ? [] : COMMON_MATERIALS)])];
  };

  function refresh(): void {
    if (own) own.element.hidden = target !== "printer";
    shops.element.hidden = target === "printer";
    shopOnly.hidden = target === "printer";
    if (target !== "printer") shops.setMode(target === "shop" ? "shop" : "open");

    const previous = materialSelect.value || "PLA";
    const choices = materialChoices();
    const key = choices.join("\u0000");
    if (materialSelect.dataset.key !== key) {
      materialSelect.dataset.key = key;
      replaceChildren(materialSelect, ...choices.map((m) => el("option", { value: m, selected: m === previous }, m)));
    }
    shops.setMaterial(materialSelect.value || "PLA");
    const colours = target === "shop" ? (shops.selectedShop()?.colours ?? []) : [...new Set(shops.shops().flatMap((s) => s.colours))];
    replaceChildren(colourList, ...colours.map((c) => el("option", { value: c })));

    setText(button, sending ? "Sending…" : target === "printer" ? "Print" : target === "shop" ? "Ask for a quote" : "Ask shops for quotes");
    const ready = target === "printer" ? own?.selected() !== undefined : target === "shop" ? shops.selectedShop() !== undefined : shops.km() !== null;
    button.disabled = sending || !ready;
  }
  materialSelect.addEventListener("change", refresh);

  const request = (): CreateJob | string => {
    const count = Number(quantity.value);
    if (!Number.isInteger(count) || count < 1 || count > 100) return "Enter a quantity from 1 to 100.";
    const common = { designId: design.id, material: materialSelect.value || "PLA", quantity: count };
    if (target === "printer") {
      const printer = own?.selected();
      if (!printer || !own) return "Choose one of your printers.";
      return { ...common, printerId: printer.id, gcodeFileId: own.gcodeFileId() };
    }
    const extras = { ...(colour.value.trim() ? { colour: colour.value.trim() } : {}), ...(notes.value.trim() ? { notes: notes.value.trim() } : {}) };
    if (target === "shop") {
      const shop = shops.selectedShop();
      if (!shop) return "Choose a shop from the list.";
      return { ...common, ...extras, target: { kind: "shop", shopId: shop.id } };
    }
    const km = shops.km();
    if (km === null) return "Enter how far shops may be, in km (1 to 20,000).";
    const near = shops.near();
    return { ...common, ...extras, target: { kind: "open", withinKm: km, ...(near ? { near } : {}) } };
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const job = request();
    if (typeof job === "string") {
      setText(error, job);
      return;
    }
    sending = true;
    setText(error, "");
    refresh();
    createJob(job)
      .then((created) => {
        if (created.state === "accepted" || target === "printer") {
          location.hash = routeHref({ page: "printers" });
          return;
        }
        quotes = quotesPanel(created);
        replaceChildren(element, el("h2", { id: "print-heading" }, "Print"), el("p", { role: "status", "data-testid": "print-sent" }, target === "shop" ? "Sent to the shop. It quotes; you accept." : "Sent to shops nearby. They quote; you choose."), quotes.element);
      })
      .catch((e: unknown) => {
        setText(error, errorMessage(e));
      })
      .finally(() => {
        sending = false;
        if (!quotes) refresh();
      });
  });
  built = true;
  refresh();

  return {
    element,
    dispose: () => {
      own?.dispose();
      shops.dispose();
      quotes?.dispose();
    },
  };
}
