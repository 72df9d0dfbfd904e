/**
 * The three.js preview of a mesh: the model resting on a millimetre build-plate grid, lit
 * to show its shape, with orbit controls. Renders on demand (on orbit, on resize), not in a
 * loop, so an idle page costs nothing. After the first frame with the model it sets
 * `data-rendered="true"` on the canvas.
 */
import {
  AmbientLight,
  Box3,
  BufferGeometry,
  Color,
  DirectionalLight,
  Float32BufferAttribute,
  GridHelper,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  Scene,
  Vector3,
  WebGLRenderer,
} from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { frameModel, plateSize } from "./framing.ts";
import type { MeshArrays } from "./stl-geometry.ts";

const FOV_DEG = 35;
const BACKGROUND = 0xeef1f4;
const MODEL_COLOUR = 0xe07a3a;

export interface ModelViewer {
  readonly canvas: HTMLCanvasElement;
  show(mesh: MeshArrays): void;
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

  const material = new MeshStandardMaterial({ color: MODEL_COLOUR, roughness: 0.55, metalness: 0.05 });
  let model: Mesh | null = null;
  let plate: GridHelper | null = null;
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
    const aspect = camera.aspect;
    const f = frameModel({ x: size.x, y: size.y, z: size.z }, FOV_DEG, aspect);
    camera.position.set(f.position.x, f.position.y, f.position.z);
    camera.near = f.near;
    camera.far = f.far;
    camera.updateProjectionMatrix();
    controls.target.set(f.target.x, f.target.y, f.target.z);
    controls.minDistance = f.near * 5;
    controls.maxDistance = f.far / 4;
    controls.update();
    // Key light from the camera's side, fill from behind.
    const d = camera.position.distanceTo(controls.target);
    key.position.set(d * 0.7, -d * 1.2, d * 1.3);
    fill.position.set(-d, d * 0.6, d * 0.4);
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

  return {
    canvas,
    show(mesh: MeshArrays) {
      const geometry = new BufferGeometry();
      geometry.setAttribute("position", new Float32BufferAttribute(mesh.positions, 3));
      if (mesh.normals) geometry.setAttribute("normal", new Float32BufferAttribute(mesh.normals, 3));
      else geometry.computeVertexNormals();
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

      if (plate) {
        scene.remove(plate);
        plate.dispose();
      }
      const side = plateSize({ x: size.x, y: size.y, z: size.z });
      plate = new GridHelper(side, side / 10, 0x8a96a3, 0xc9d1d9);
      plate.rotation.x = Math.PI / 2; // GridHelper lies in XZ; the plate lies in XY
      scene.add(plate);

      resize();
      frame();
      requestRender();
    },
    dispose() {
      disposed = true;
      observer.disconnect();
      controls.dispose();
      model?.geometry.dispose();
      material.dispose();
      plate?.dispose();
      renderer.dispose();
    },
  };
}
