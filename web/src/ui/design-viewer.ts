/**
 * The design page's 3D stage: the hub's rendered thumbnail stands in while the mesh downloads
 * (with a progress bar: bytes received of Content-Length) and is parsed in a Web Worker (STL or
 * 3MF), then the three.js viewer takes over. If WebGL fails the thumbnail stays. Performance
 * marks (`peerfab:mesh-downloaded`, `-parsed`, `-shown`) time the stages for bench:web.
 */
import type { BuildVolume, Design, DesignFile } from "@peerfab/protocol";
import { errorMessage, getBytes, getDesignFileBytes } from "../api/client.ts";
import type { TransferProgress } from "../api/read-with-progress.ts";
import { formatCount, formatTransfer } from "../format/units.ts";
import type { ModelViewer } from "../viewer/model-viewer.ts";
import { startMeshParser } from "../viewer/parse-mesh-off-thread.ts";
import { el, replaceChildren, setText } from "./dom.ts";
import { thumbnailPicture } from "./thumbnail-picture.ts";

export interface DesignViewer {
  readonly element: HTMLElement;
  setBuildVolume(volume: BuildVolume): void;
  dispose(): void;
}

export function designViewer(design: Design, mesh: DesignFile | undefined, initialVolume: BuildVolume): DesignViewer {
  const abort = new AbortController();
  const stage = el("div", { class: "viewer-stage" });
  let viewer: ModelViewer | null = null;
  let volume = initialVolume;
  const result: DesignViewer = {
    element: stage,
    setBuildVolume(next) {
      volume = next;
      viewer?.setBuildVolume(next);
    },
    dispose() {
      abort.abort();
      viewer?.dispose();
    },
  };

  if (!mesh || (mesh.kind !== "stl" && mesh.kind !== "3mf")) {
    replaceChildren(stage, el("p", { class: "viewer-message" }, "This design has no mesh file to preview."));
    return result;
  }
  const format = mesh.kind;

  const progressBar = el("progress", { max: 100, "aria-label": "Loading the 3D preview" });
  const progressText = el("span", {}, "Loading the 3D preview…");
  const status = el("div", { class: "viewer-message viewer-overlay", role: "status", "data-testid": "viewer-status" }, progressText, progressBar);
  const thumbnail = mesh.thumbnail ?? design.thumbnail;
  const poster = thumbnail
    ? el(
        "div",
        { class: "viewer-poster" },
        thumbnailPicture(thumbnail, { alt: `Rendered preview of ${design.title}`, sizes: "(max-width: 900px) 100vw, 60vw", base: "large", loading: "eager" }),
      )
    : null;
  replaceChildren(stage, poster, status);

  // A big mesh has a compact preview on the hub (fewer triangles, compressed): show that one.
  const preview = mesh.preview ?? null;
  // Chunks arrive far more often than frames: draw the latest progress once per frame.
  let latest: TransferProgress | null = null;
  const drawProgress = () => {
    const progress = latest;
    latest = null;
    if (!progress || abort.signal.aborted || !progressBar.isConnected) return;
    if (progress.total !== null && progress.total > 0) progressBar.value = Math.min(100, (progress.loaded / progress.total) * 100);
    setText(progressText, `Downloading the ${preview ? "preview" : "model"}: ${formatTransfer(progress.loaded, progress.total)}`);
  };
  const onProgress = (progress: TransferProgress) => {
    if (latest === null) requestAnimationFrame(drawProgress);
    latest = progress;
  };
  const parser = startMeshParser(abort.signal);
  const download = preview ? getBytes(preview.url, abort.signal, onProgress) : getDesignFileBytes(design.id, mesh.id, abort.signal, onProgress);
  const arrays = download.then((bytes) => {
    performance.mark("peerfab:mesh-downloaded");
    latest = null; // a frame still due must not write "Downloading" over what follows
    progressBar.removeAttribute("value"); // indeterminate while the worker parses
    const triangles = preview ? preview.triangles : mesh.triangles;
    setText(progressText, `Reading the ${preview ? "preview" : format.toUpperCase()} (${triangles !== null ? `${formatCount(triangles)} triangles` : "model"})…`);
    return parser.parse(preview ? "glb" : format, bytes).then((parsed) => {
      performance.mark("peerfab:mesh-parsed");
      return parsed;
    });
  });

  // three.js is loaded only when a design page needs it.
  import("../viewer/model-viewer.ts")
    .then(({ createModelViewer }) => {
      if (abort.signal.aborted) return null;
      try {
        viewer = createModelViewer(`3D preview of ${design.title} on the build plate. Drag or use the arrow keys to orbit, scroll to zoom.`);
      } catch {
        throw new Error("your browser could not start WebGL. The dimensions and files are still correct.");
      }
      viewer.setBuildVolume(volume);
      stage.prepend(viewer.canvas);
      return Promise.all([viewer, arrays]);
    })
    .then((ready) => {
      if (!ready || abort.signal.aborted) return;
      const [shown, parsed] = ready;
      shown.show(parsed);
      performance.mark("peerfab:mesh-shown");
      status.remove();
      poster?.remove();
      if (preview && mesh.triangles !== null) {
        stage.append(
          el(
            "p",
            { class: "viewer-note", "data-testid": "viewer-preview-note" },
            `Simplified preview: ${formatCount(preview.triangles)} of ${formatCount(mesh.triangles)} triangles. The files are the full model.`,
          ),
        );
      }
    })
    .catch((error: unknown) => {
      if (abort.signal.aborted) return;
      status.classList.add("viewer-message-error");
      progressBar.remove();
      setText(progressText, `The 3D preview failed: ${errorMessage(error)}`);
    });

  return result;
}
