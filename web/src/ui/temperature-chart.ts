/**
 * A small canvas chart of the last ten minutes of hotend and bed temperatures, actual (solid)
 * vs target (dashed). Only strokes what `chartGeometry` computes; the legend is HTML.
 */
import { chartGeometry, type ChartBox, type Point, type SeriesKey } from "../dashboard/chart-geometry.ts";
import type { TemperatureSample } from "../dashboard/temperature-history.ts";
import { formatHeater } from "../format/units.ts";
import { el } from "./dom.ts";

const HEIGHT = 120;
const STYLE: Record<SeriesKey, { colour: string; dash: number[] }> = {
  hotendActual: { colour: "#c2410c", dash: [] },
  hotendTarget: { colour: "#c2410c", dash: [4, 4] },
  bedActual: { colour: "#1d4ed8", dash: [] },
  bedTarget: { colour: "#1d4ed8", dash: [4, 4] },
};

export interface TemperatureChart {
  readonly element: HTMLElement;
  draw(samples: readonly TemperatureSample[]): void;
  dispose(): void;
}

export function temperatureChart(): TemperatureChart {
  const canvas = el("canvas", { class: "temp-chart", height: HEIGHT, role: "img", "data-testid": "temp-chart" });
  const caption = el(
    "figcaption",
    { class: "chart-caption" },
    el("span", {}, "Last 10 minutes"),
    el(
      "span",
      { class: "chart-legend", "aria-hidden": "true" },
      el("span", { class: "legend-hotend" }, "Hotend"),
      el("span", { class: "legend-bed" }, "Bed"),
      el("span", { class: "legend-target" }, "Target"),
    ),
  );
  const element = el("figure", { class: "chart" }, canvas, caption);
  let last: readonly TemperatureSample[] = [];

  const draw = (samples: readonly TemperatureSample[]) => {
    last = samples;
    const ctx = canvas.getContext("2d");
    const width = canvas.clientWidth;
    if (!ctx || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);

    const box: ChartBox = { width, height: HEIGHT, left: 34, right: 6, top: 6, bottom: 6 };
    const geometry = chartGeometry(samples, box);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const c of geometry.ticksC) {
      const y = box.top + (1 - (c - geometry.minC) / (geometry.maxC - geometry.minC)) * (HEIGHT - box.top - box.bottom);
      ctx.strokeStyle = "#e3e7eb";
      ctx.lineWidth = 1;
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(box.left, Math.round(y) + 0.5);
      ctx.lineTo(width - box.right, Math.round(y) + 0.5);
      ctx.stroke();
      ctx.fillStyle = "#5b6673";
      ctx.fillText(`${c}°`, box.left - 4, y);
    }
    for (const key of Object.keys(STYLE) as SeriesKey[]) {
      ctx.strokeStyle = STYLE[key].colour;
      ctx.setLineDash(STYLE[key].dash);
      ctx.lineWidth = key.endsWith("Actual") ? 2 : 1.25;
      for (const run of geometry.series[key]) strokeRun(ctx, run);
    }

    const newest = samples[samples.length - 1];
    if (!newest) {
      ctx.fillStyle = "#52606d";
      ctx.textAlign = "center";
      ctx.fillText("No temperature readings yet", box.left + (width - box.left - box.right) / 2, HEIGHT / 2);
    }
    canvas.setAttribute(
      "aria-label",
      newest
        ? `Temperature chart. Hotend ${formatHeater(newest.hotend)}, bed ${formatHeater(newest.bed)}.`
        : "Temperature chart, no readings yet.",
    );
  };

  // Redraw at the new width when the card is resized (e.g. the phone is rotated).
  const observer = new ResizeObserver(() => draw(last));
  observer.observe(canvas);
  return { element, draw, dispose: () => observer.disconnect() };
}

function strokeRun(ctx: CanvasRenderingContext2D, run: readonly Point[]): void {
  const first = run[0];
  if (!first) return;
  ctx.beginPath();
  ctx.moveTo(first.x, first.y);
  for (const p of run.slice(1)) ctx.lineTo(p.x, p.y);
  if (run.length === 1) ctx.lineTo(first.x + 1, first.y);
  ctx.stroke();
}
