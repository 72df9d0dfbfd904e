/**
 * The three.js preview of a mesh: the model centred on a printer's build plate (10 mm grid, the
 * bed's outline, the build volume's edges), resting on it, lit to show its shape, with orbit
 * controls. Renders on demand (on orbit, on resize), not in a loop, so an idle page costs
 * nothing. After the first frame with the model it sets `data-rendered="true"` on the canvas.
 */
import {
  AmbientLight,
  Box3,
  BoxGeometry,
  BufferGeometry,
  Color,
  DirectionalLight,
  EdgesGeometry,
  Float32BufferAttribute,
  Group,
  HemisphereLight,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  PerspectiveCamera,
  PlaneGeometry,
  Scene,
  Vector3,
  WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import type { BuildVolume, Vec3 } from "@peerfab/protocol";
import { frameModel } from "./framing.ts";
import type { MeshArrays } from "./mesh-arrays.ts";
import { DEFAULT_BUILD_VOLUME } from "./plate-fit.ts";
import { plateLines } from "./plate-geometry.ts";

const FOV_DEG = 35;
const BACKGROUND = 0xeef1f4;
const MODEL_COLOUR = 0xe07a3a;
const PLATE_COLOUR = 0xdde3e9;

export interface ModelViewer {
  readonly canvas: HTMLCanvasElement;
  /** Shows the mesh centred on the plate, resting on it; returns its size in mm. */
  show(mesh: MeshArrays): Vec3;
  /** Redraws the plate for a printer's build volume (the model stays where it is). */
  setBuildVolume(volume: BuildVolume): void;
  dispose(): void;
}

/** Creates the renderer; throws if the browser cannot give us WebGL. */
export function createModelViewer(label: string): ModelViewer {
  const canvas = document.createElement("canvas");
  canvas.className = "viewer-canvas";
  canvas.dataset.testid = "viewer-canvas";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  canvas.tabIndex = 0;

  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));

  const scene = new Scene();
  scene.background = new Color(BACKGROUND);
  const sky = new HemisphereLight(0xffffff, 0x8d99a6, 1.5);
  sky.position.set(0, 0, 1); // sky above, in the Z-up frame
  scene.add(sky);
  scene.add(new AmbientLight(0xffffff, 0.25));
  const key = new DirectionalLight(0xffffff, 2.2);
  const fill = new DirectionalLight(0xffffff, 0.7);
  scene.add(key, fill);

  const camera = new PerspectiveCamera(FOV_DEG, 1, 0.1, 10_000);
  camera.up.set(0, 0, 1); // the printer's frame: Z up
  const controls = new OrbitControls(camera, canvas);
  controls.listenToKeyEvents(canvas);
  controls.enableDamping = false;

  // Flat shading: each facet's normal comes from screen-space derivatives, so no normal buffer.
  const material = new MeshStandardMaterial({ color: MODEL_COLOUR, roughness: 0.55, metalness: 0.05, flatShading: true });
  let model: Mesh | null = null;
  let plate: Group | null = null;
  let volume: BuildVolume = DEFAULT_BUILD_VOLUME;
  let size = new Vector3(1, 1, 1);
  let framePending = false;
  let disposed = false;

  const render = () => {
    framePending = false;
    if (disposed) return;
    renderer.render(scene, camera);
    if (model) canvas.dataset.rendered = "true";
  };
  const requestRender = () => {
    if (framePending || disposed) return;
    framePending = true;
    requestAnimationFrame(render);
  };
  controls.addEventListener("change", requestRender);

  const frame = () => {
    const f = frameModel({ x: size.x, y: size.y, z: size.z }, FOV_DEG, camera.aspect);
    camera.position.set(f.position.x, f.position.y, f.position.z);
    const distance = Math.hypot(f.position.x - f.target.x, f.position.y - f.target.y, f.position.z - f.target.z);
    camera.near = f.near;
    // Far enough to see the whole build volume behind the model.
    camera.far = Math.max(f.far, distance + 2 * Math.hypot(volume.x, volume.y, volume.z));
    camera.updateProjectionMatrix();
    controls.target.set(f.target.x, f.target.y, f.target.z);
    controls.minDistance = f.near * 5;
    controls.maxDistance = camera.far / 2;
    controls.update();
    // Key light from the camera's side, fill from behind.
    const d = camera.position.distanceTo(controls.target);
    key.position.set(d * 0.7, -d * 1.2, d * 1.3);
    fill.position.set(-d, d * 0.6, d * 0.4);
  };

  const buildPlate = () => {
    if (plate) {
      scene.remove(plate);
      disposeGroup(plate);
    }
    plate = plateGroup(volume);
    scene.add(plate);
  };

  const resize = () => {
    const width = Math.max(1, canvas.clientWidth);
    const height = Math.max(1, canvas.clientHeight);
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    requestRender();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);
  buildPlate();

  return {
    canvas,
    show(mesh: MeshArrays) {
      const geometry = new BufferGeometry();
      geometry.setAttribute("position", new Float32BufferAttribute(mesh.positions, 3));
      geometry.computeBoundingBox();
      const box = geometry.boundingBox ?? new Box3();
      const centre = box.getCenter(new Vector3());
      geometry.translate(-centre.x, -centre.y, -box.min.z); // centred on the plate, resting on it
      size = box.getSize(new Vector3());

      if (model) {
        scene.remove(model);
        model.geometry.dispose();
      }
      model = new Mesh(geometry, material);
      scene.add(model);
      resize();
      frame();
      requestRender();
      return { x: size.x, y: size.y, z: size.z };
    },
    setBuildVolume(next: BuildVolume) {
      if (next.x === volume.x && next.y === volume.y && next.z === volume.z) return;
      volume = next;
      buildPlate();
      frame();
      requestRender();
    },
    dispose() {
      disposed = true;
      observer.disconnect();
      controls.dispose();
      model?.geometry.dispose();
      material.dispose();
      if (plate) disposeGroup(plate);
      renderer.dispose();
    },
  };
}

/** The bed (a flat panel just below z = 0), its grid and outline, and the build volume's edges. */
function plateGroup(volume: BuildVolume): Group {
  const group = new Group();
  const lines = plateLines(volume.x, volume.y);
  const segments = (positions: Float32Array, colour: number) => {
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new Float32BufferAttribute(positions, 3));
    return new LineSegments(geometry, new LineBasicMaterial({ color: colour }));
  };
  const bed = new Mesh(new PlaneGeometry(volume.x, volume.y), new MeshBasicMaterial({ color: PLATE_COLOUR }));
  bed.position.z = -0.05; // under the grid lines, so they never flicker through it
  group.add(bed, segments(lines.minor, 0xc3ccd5), segments(lines.major, 0x9aa6b2), segments(lines.outline, 0x5b6673));
  const box = new LineSegments(
    new EdgesGeometry(new BoxGeometry(volume.x, volume.y, volume.z)),
    new LineBasicMaterial({ color: 0x9aa6b2, transparent: true, opacity: 0.45 }),
  );
  box.position.z = volume.z / 2;
  group.add(box);
  return group;
}

function disposeGroup(group: Group): void {
  group.traverse((object) => {
    if (object instanceof Mesh || object instanceof LineSegments) {
      object.geometry.dispose();
      const material = object.material as { dispose(): void } | { dispose(): void }[];
      for (const m of Array.isArray(material) ? material : [material]) m.dispose();
    }
  });
}
