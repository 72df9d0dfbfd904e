/**
 * The "my printer" part of the print dialog: one of my printers (live: a printer whose bridge
 * connects while the page is open appears without a reload) and which G-code variant to print.
 */
import type { DesignFile, Printer } from "@peerfab/protocol";
import { errorMessage, listPrinters } from "../api/client.ts";
import { printerStateLabel } from "../dashboard/printer-card-view.ts";
import { dashboardFeed } from "../live/dashboard-feed.ts";
import { el, replaceChildren, setText, uniqueId } from "./dom.ts";

export interface OwnPrinterPicker {
  readonly element: HTMLElement;
  selected(): Printer | undefined;
  gcodeFileId(): string;
  dispose(): void;
}

export function ownPrinterPicker(variants: readonly DesignFile[], onChange: () => void): OwnPrinterPicker {
  const printerId = uniqueId("print-printer");
  const gcodeId = uniqueId("print-gcode");
  const printerSelect = el("select", { id: printerId, name: "printerId", "data-testid": "printer-select" });
  const gcodeSelect = el(
    "select",
    { id: gcodeId, name: "gcodeFileId", "data-testid": "gcode-select" },
    ...variants.map((f) => el("option", { value: f.id }, f.name)),
  );
  const hint = el("p", { class: "field-help", role: "status" }, "Loading printers…");
  const element = el(
    "div",
    { class: "print-target-part" },
    el("div", { class: "field" }, el("label", { for: printerId }, "Printer"), printerSelect, hint),
    variants.length > 1
      ? el("div", { class: "field" }, el("label", { for: gcodeId }, "G-code"), gcodeSelect)
      : el("p", { class: "field-help" }, `Prints ${variants[0]?.name ?? "the G-code"}.`),
  );

  let printers: Printer[] = [];
  let shownKey = "";
  const ready = (p: Printer) => p.status.state === "idle";
  const selected = () => printers.find((p) => p.id === printerSelect.value);
  const refreshHint = () => {
    const printer = selected();
    setText(
      hint,
      printers.length === 0
        ? "No printers are connected to this hub yet. Start a printer-bridge next to your printer; it appears here when it connects."
        : printer && !ready(printer)
          ? `${printer.name} is ${printerStateLabel(printer.status.state).toLowerCase()} right now; the job starts when it is idle.`
          : printer?.needsBedClear
            ? `${printer.name} waits for you to confirm its bed is clear (on Printers) before it starts.`
            : "",
    );
  };
  const showPrinters = (next: readonly Printer[]) => {
    printers = [...next].sort((a, b) => Number(ready(b)) - Number(ready(a)) || a.name.localeCompare(b.name));
    const key = printers.map((p) => `${p.id}\u0000${p.name}\u0000${p.status.state}\u0000${String(p.needsBedClear)}`).join("\u0001");
    if (key === shownKey) return;
    shownKey = key;
    const previous = printerSelect.value;
    replaceChildren(
      printerSelect,
      ...printers.map((p) => el("option", { value: p.id, selected: p.id === previous }, `${p.name} — ${printerStateLabel(p.status.state)}`)),
    );
    printerSelect.disabled = printers.length === 0;
    refreshHint();
    onChange();
  };
  printerSelect.addEventListener("change", () => {
    refreshHint();
    onChange();
  });

  // REST for a quick first answer; the live feed takes over once it has synced.
  let live = false;
  listPrinters()
    .then((list) => {
      if (!live) showPrinters(list);
    })
    .catch((e: unknown) => {
      if (!live) setText(hint, errorMessage(e));
    });
  const unsubscribe = dashboardFeed().subscribe((state) => {
    if (!state.synced) return;
    live = true;
    showPrinters([...state.printers.values()]);
  });

  return { element, selected, gcodeFileId: () => gcodeSelect.value, dispose: unsubscribe };
}
