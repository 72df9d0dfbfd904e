/**
 * A printer card's G-code toolpath preview: the current job's G-code — its design's G-code file,
 * or what its printer's bridge sliced and sent to the hub — is downloaded (with progress) and
 * parsed in a Web Worker, then one layer is drawn on a 2D canvas — what is
 * already printed in strong colour, the rest of the layer light, the layers below faded. The
 * layer follows the print (acknowledged commands → layer) until someone moves the slider;
 * "Follow the print" goes back to following.
 */
import { errorMessage, getBytes } from "../api/client.ts";
import { formatDecimal, formatTransfer } from "../format/units.ts";
import { parseToolpathOffThread } from "../toolpath/parse-toolpath-off-thread.ts";
import { layerAtCommand, segmentsDone, type Toolpath, type ToolpathLayer } from "../toolpath/toolpath.ts";
import { toolpathView, type ToolpathView } from "../toolpath/toolpath-view.ts";
import { el, setText, uniqueId } from "./dom.ts";

const HEIGHT = 220;
const FADED_LAYERS_BELOW = 3;
const DONE_COLOUR = "#c2410c";
const TODO_COLOUR = "#f3b58f";
const BELOW_COLOUR = "#c9d1d9";

/** What the preview needs to know about the job a card shows. */
export interface ToolpathJob {
  readonly id: string;
  /** The G-code on the hub: `/api/designs/:id/files/:file` or `/api/jobs/:id/sliced-gcode`. */
  readonly gcodePath: string;
  /** Commands the firmware acknowledged (the job's `linesDone`). */
  readonly commandsDone: number;
}

export interface ToolpathPreview {
  readonly element: HTMLElement;
  show(job: ToolpathJob | null): void;
  dispose(): void;
}

export function toolpathPreview(): ToolpathPreview {
  const sliderId = uniqueId("toolpath-layer");
  const canvas = el("canvas", { class: "toolpath-canvas", height: HEIGHT, role: "img", "aria-label": "Toolpath preview", "data-testid": "toolpath-canvas" });
  const status = el("p", { class: "toolpath-status", role: "status", "data-testid": "toolpath-status" });
  const slider = el("input", { id: sliderId, type: "range", min: 1, max: 1, value: 1, step: 1, "data-testid": "toolpath-slider" });
  const layerText = el("span", { class: "toolpath-layer", "data-testid": "toolpath-layer" });
  const follow = el("button", { type: "button", class: "button button-quiet", hidden: true, "data-testid": "toolpath-follow" }, "Follow the print");
  const controls = el("div", { class: "toolpath-controls", hidden: true }, el("label", { for: sliderId }, "Layer"), slider, layerText, follow);
  const element = el(
    "figure",
    { class: "toolpath", "data-testid": "toolpath-preview" },
    canvas,
    el("figcaption", {}, status, controls),
  );

  /** The job and G-code shown: another one is loaded afresh. */
  let shownKey = "";
  let loading: AbortController | null = null;
  let toolpath: Toolpath | null = null;
  let commandsDone = 0;
  let following = true;
  let layerIndex = 0;
  let drawnKey = "";

  const draw = () => {
    if (!toolpath?.printBounds) return;
    const layer = toolpath.layers[layerIndex];
    if (!layer) return;
    const width = canvas.clientWidth;
    const ctx = canvas.getContext("2d");
    if (!ctx || width === 0) return;
    // Within the layer only the nozzle's progress changes what is drawn.
    const doneInLayer = segmentsDone(layer, commandsDone);
    const key = `${layerIndex}:${doneInLayer}:${width}`;
    if (key === drawnKey) return;
    drawnKey = key;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const view = toolpathView(toolpath.printBounds, width, HEIGHT);
    ctx.lineCap = "round";
    for (let below = Math.max(0, layerIndex - FADED_LAYERS_BELOW); below < layerIndex; below++) {
      const faded = toolpath.layers[below];
      if (faded) stroke(ctx, view, faded, 0, faded.commands.length, BELOW_COLOUR, 1);
    }
    const lineWidth = Math.max(1, Math.min(3, 0.45 * view.scale));
    stroke(ctx, view, layer, doneInLayer, layer.commands.length, TODO_COLOUR, lineWidth);
    stroke(ctx, view, layer, 0, doneInLayer, DONE_COLOUR, lineWidth);
    canvas.dataset.layer = String(layerIndex + 1);
    canvas.setAttribute("aria-label", `Toolpath of layer ${layerIndex + 1} of ${toolpath.layers.length}, at ${formatDecimal(layer.z, 2)} mm`);
  };

  const showLayer = () => {
    if (!toolpath) return;
    const count = toolpath.layers.length;
    if (following) layerIndex = layerAtCommand(toolpath, commandsDone);
    layerIndex = Math.min(Math.max(layerIndex, 0), count - 1);
    slider.max = String(count);
    slider.value = String(layerIndex + 1);
    const z = toolpath.layers[layerIndex]?.z ?? 0;
    setText(layerText, `Layer ${layerIndex + 1} of ${count} · Z ${formatDecimal(z, 2)} mm`);
    slider.setAttribute("aria-valuetext", `Layer ${layerIndex + 1} of ${count}`);
    follow.hidden = following;
    draw();
  };

  slider.addEventListener("input", () => {
    following = false;
    layerIndex = Number(slider.value) - 1;
    showLayer();
  });
  follow.addEventListener("click", () => {
    following = true;
    showLayer();
    slider.focus();
  });

  const load = (job: ToolpathJob) => {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    toolpath = null;
    drawnKey = "";
    following = true;
    controls.hidden = true;
    canvas.hidden = true;
    setText(status, "Loading the toolpath…");
    getBytes(job.gcodePath, controller.signal, ({ loaded, total }) => {
      setText(status, `Loading the toolpath: ${formatTransfer(loaded, total)}`);
    })
      .then((bytes) => {
        setText(status, "Reading the G-code…");
        return parseToolpathOffThread(bytes, controller.signal);
      })
      .then((parsed) => {
        if (controller.signal.aborted) return;
        loading = null;
        if (parsed.layers.length === 0 || !parsed.printBounds) {
          setText(status, "This G-code extrudes nothing, so there is no toolpath to show.");
          return;
        }
        toolpath = parsed;
        setText(status, "");
        canvas.hidden = false;
        controls.hidden = false;
        showLayer();
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        loading = null;
        setText(status, `The toolpath preview is not available: ${errorMessage(error)}`);
      });
  };

  // Redraw at the new width when the card is resized (e.g. the phone is rotated).
  const observer = new ResizeObserver(() => draw());
  observer.observe(canvas);

  return {
    element,
    show(job) {
      element.hidden = job === null;
      if (!job) {
        loading?.abort();
        loading = null;
        shownKey = "";
        toolpath = null;
        return;
      }
      commandsDone = job.commandsDone;
      const key = `${job.id}\n${job.gcodePath}`;
      if (key !== shownKey) {
        shownKey = key;
        load(job);
        return;
      }
      showLayer();
    },
    dispose() {
      loading?.abort();
      observer.disconnect();
    },
  };
}

function stroke(ctx: CanvasRenderingContext2D, view: ToolpathView, layer: ToolpathLayer, from: number, to: number, colour: string, width: number): void {
  if (to <= from) return;
  const s = layer.segments;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.beginPath();
  for (let i = from; i < to; i++) {
    const o = i * 4;
    ctx.moveTo(view.canvasX(s[o] as number), view.canvasY(s[o + 1] as number));
    ctx.lineTo(view.canvasX(s[o + 2] as number), view.canvasY(s[o + 3] as number));
  }
  ctx.stroke();
}
