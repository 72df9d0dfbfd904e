/**
 * Under the 3D preview: which printer's build plate is shown (a selector when the hub knows
 * several printers, a generic 220 × 220 mm bed when it knows none) and whether the model fits
 * it, in any axis-aligned orientation. The choice is remembered for the next design.
 */
import type { BuildVolume, Printer, Vec3 } from "@peerfab/protocol";
import { listPrinters } from "../api/client.ts";
import { DEFAULT_BUILD_VOLUME, plateFit, plateFitText } from "../viewer/plate-fit.ts";
import { el, replaceChildren, setText, uniqueId } from "./dom.ts";

const STORAGE_KEY = "peerfab.platePrinterId";
const GENERIC_NAME = "a typical printer";

export interface PlatePanel {
  readonly element: HTMLElement;
  dispose(): void;
}

interface PlateChoice {
  readonly id: string;
  readonly name: string;
  readonly volume: BuildVolume;
}

/** `modelSize` null: the hub did not measure the model, so no fit badge. */
export function platePanel(modelSize: Vec3 | null, onVolume: (volume: BuildVolume) => void): PlatePanel {
  const selectId = uniqueId("plate-printer");
  let disposed = false;
  const select = el("select", { id: selectId, "data-testid": "plate-printer" });
  const label = el("label", { for: selectId }, "Build plate:");
  const single = el("span", { class: "plate-name" });
  const badge = el("p", { class: "badge badge-fit", "data-testid": "plate-fit", role: "status" });
  const element = el("div", { class: "plate-panel", "data-testid": "plate-panel" }, el("div", { class: "plate-choice" }, label, select, single), badge);
  let choices: PlateChoice[] = [{ id: "", name: GENERIC_NAME, volume: DEFAULT_BUILD_VOLUME }];

  const show = (choice: PlateChoice) => {
    onVolume(choice.volume);
    if (!modelSize) {
      badge.hidden = true;
      return;
    }
    const fit = plateFit(modelSize, choice.volume);
    badge.dataset.fit = fit.kind;
    badge.className = `badge ${fit.kind === "too-big" ? "badge-too-big" : "badge-fit"}`;
    setText(badge, plateFitText(fit, modelSize, choice.volume, choice.name));
  };

  const render = () => {
    const remembered = readRemembered();
    const chosen = choices.find((c) => c.id === remembered) ?? choices[0];
    if (!chosen) return;
    replaceChildren(select, ...choices.map((c) => el("option", { value: c.id, selected: c.id === chosen.id }, c.name)));
    // One choice: its name as text instead of a select with one option.
    const several = choices.length > 1;
    select.hidden = !several;
    setText(single, several ? "" : `${chosen.name} (${chosen.volume.x} × ${chosen.volume.y} × ${chosen.volume.z} mm)`);
    show(chosen);
  };

  select.addEventListener("change", () => {
    const chosen = choices.find((c) => c.id === select.value);
    if (!chosen) return;
    remember(chosen.id);
    show(chosen);
  });

  render();
  listPrinters()
    .then((printers: Printer[]) => {
      if (disposed || printers.length === 0) return;
      choices = [...printers]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({ id: p.id, name: p.name, volume: p.capabilities.buildVolume }));
      render();
    })
    .catch(() => {
      // Without the printer list the generic plate stays: the preview is still right.
    });

  return {
    element,
    dispose: () => {
      disposed = true;
    },
  };
}

function readRemembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(id: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage may be off (private mode): the choice lasts for this page only.
  }
}
