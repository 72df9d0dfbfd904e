/**
 * The "Print" panel of a design page: pick one of the design's G-code variants and a printer,
 * send the job, then go to the printers dashboard to watch it. Only ready-to-print G-code can
 * be printed for now; slicing a mesh for a printer comes later. The printer list is live: a
 * printer whose bridge connects while the page is open appears without a reload.
 */
import type { Design, Printer } from "@peerfab/protocol";
import { createJob, errorMessage, listPrinters } from "../api/client.ts";
import { printerStateLabel } from "../dashboard/printer-card-view.ts";
import { gcodeVariants } from "../designs/design-files.ts";
import { dashboardFeed } from "../live/dashboard-feed.ts";
import { routeHref } from "../routing/route.ts";
import { el, replaceChildren, setText, uniqueId } from "./dom.ts";

export interface PrintSection {
  readonly element: HTMLElement;
  dispose(): void;
}

export function printSection(design: Design): PrintSection {
  const variants = gcodeVariants(design);
  const printerId = uniqueId("print-printer");
  const gcodeId = uniqueId("print-gcode");
  const materialId = uniqueId("print-material");
  const errorId = uniqueId("print-error");

  const printerSelect = el("select", { id: printerId, name: "printerId", "data-testid": "printer-select" });
  const gcodeSelect = el(
    "select",
    { id: gcodeId, name: "gcodeFileId", "data-testid": "gcode-select" },
    ...variants.map((f) => el("option", { value: f.id }, f.name)),
  );
  const materialSelect = el("select", { id: materialId, name: "material", "data-testid": "material-select" });
  const printerHint = el("p", { class: "field-help", role: "status" });
  const error = el("p", { id: errorId, class: "field-error", role: "alert", "data-testid": "print-error" });
  const button = el(
    "button",
    { type: "submit", class: "button button-primary", "aria-describedby": errorId, "data-testid": "print-button", disabled: true },
    "Print",
  );
  const form = el(
    "form",
    { class: "print-form" },
    el("div", { class: "field" }, el("label", { for: printerId }, "Printer"), printerSelect, printerHint),
    variants.length > 1
      ? el("div", { class: "field" }, el("label", { for: gcodeId }, "G-code"), gcodeSelect)
      : el("p", { class: "field-help" }, `Prints ${variants[0]?.name ?? "the G-code"}.`),
    el("div", { class: "field" }, el("label", { for: materialId }, "Material"), materialSelect),
    el("div", { class: "form-actions" }, button),
    error,
  );
  const element = el(
    "section",
    { class: "panel print-panel", "aria-labelledby": "print-heading", "data-testid": "print-section" },
    el("h2", { id: "print-heading" }, "Print"),
  );

  if (variants.length === 0) {
    element.append(
      el(
        "p",
        {},
        "This design has no ready-to-print G-code yet, so it cannot be sent to a printer. Slice it yourself and publish the G-code with it.",
      ),
      button,
    );
    return { element, dispose: () => {} };
  }
  element.append(form);

  let printers: Printer[] = [];
  let sending = false;
  let shownKey = "";
  const ready = (p: Printer) => p.status.state === "idle";
  const selected = () => printers.find((p) => p.id === printerSelect.value);

  const refreshMaterialAndHint = () => {
    const printer = selected();
    const materials = printer && printer.capabilities.materials.length > 0 ? printer.capabilities.materials : ["PLA"];
    const previous = materialSelect.value;
    replaceChildren(materialSelect, ...materials.map((m) => el("option", { value: m, selected: m === previous }, m)));
    setText(
      printerHint,
      printers.length === 0
        ? "No printers are connected to this hub yet. Start a printer-bridge next to your printer; it appears here when it connects."
        : printer && !ready(printer)
          ? `${printer.name} is ${printerStateLabel(printer.status.state).toLowerCase()} right now; the job starts when it is idle.`
          : "",
    );
    button.disabled = sending || !printer;
  };

  const showPrinters = (next: readonly Printer[]) => {
    printers = [...next].sort((a, b) => Number(ready(b)) - Number(ready(a)) || a.name.localeCompare(b.name));
    const key = printers.map((p) => `${p.id}\u0000${p.name}\u0000${p.status.state}`).join("\u0001");
    if (key === shownKey) return;
    shownKey = key;
    const previous = printerSelect.value;
    replaceChildren(
      printerSelect,
      ...printers.map((p) =>
        el("option", { value: p.id, selected: p.id === previous }, `${p.name} — ${printerStateLabel(p.status.state)}`),
      ),
    );
    printerSelect.disabled = printers.length === 0;
    refreshMaterialAndHint();
  };
  printerSelect.addEventListener("change", refreshMaterialAndHint);
  setText(printerHint, "Loading printers…");

  // REST for a quick first answer; the live feed takes over once it has synced.
  let live = false;
  listPrinters()
    .then((list) => {
      if (!live) showPrinters(list);
    })
    .catch((e: unknown) => {
      if (!live) setText(error, errorMessage(e));
    });
  const unsubscribe = dashboardFeed().subscribe((state) => {
    if (!state.synced) return;
    if (!live) setText(error, "");
    live = true;
    showPrinters([...state.printers.values()]);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!selected()) return;
    sending = true;
    button.disabled = true;
    setText(button, "Sending…");
    setText(error, "");
    createJob({
      designId: design.id,
      printerId: printerSelect.value,
      gcodeFileId: gcodeSelect.value,
      material: materialSelect.value || "PLA",
      quantity: 1,
    })
      .then(() => {
        location.hash = routeHref({ page: "printers" });
      })
      .catch((e: unknown) => {
        setText(error, errorMessage(e));
        sending = false;
        setText(button, "Print");
        refreshMaterialAndHint();
      });
  });

  return { element, dispose: unsubscribe };
}
