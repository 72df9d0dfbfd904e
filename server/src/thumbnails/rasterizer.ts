/**
 * A small software rasterizer for design thumbnails: orthographic view from the front-right and
 * above (an isometric-ish slicer view, Z up), framed on the mesh's projected extent, with a depth
 * buffer and two-sided Lambert shading (a key light from the upper front-left, a camera fill light
 * and ambient) in one brand colour on a light background. Pure: positions in, RGBA pixels out —
 * from one array, or from batches of a mesh streamed from disk (two passes: frame, then draw).
 * Anti-aliasing is left to the caller: render at twice the wanted size and downscale.
 *
 * The work is bounded whatever the mesh (a file of 400,000 copies of one triangle that fills the
 * picture would otherwise scan ~10¹¹ pixels): the framing pass also sums each triangle's projected
 * bounding box, an upper bound of the pixels its scan conversion visits. When that total at the
 * wanted size exceeds the fill budget (`FILL_BUDGET_PER_PIXEL` visits per pixel of the wanted
 * size, ~1 s of work; ordinary models need 1–8), the picture is drawn at half the size, down to
 * the caller's `smallest` (every triangle still drawn, only less supersampled); should even that
 * not fit, drawing stops when the budget is spent and the picture keeps the triangles drawn so
 * far (`complete` is false). Within the budget nothing changes: the same pixels as without it.
 */

export interface RasterSize {
  width: number;
  height: number;
}

/** The web viewer's orange (#e07a3f) and a warm light background. */
export const MODEL_COLOUR = [0xe0, 0x7a, 0x3f] as const;
export const BACKGROUND_COLOUR = [0xf4, 0xf1, 0xec] as const;

/** Azimuth 35° round Z from the front (−Y), elevation 30°. */
const AZIMUTH = (35 * Math.PI) / 180;
const ELEVATION = (30 * Math.PI) / 180;
/** Share of the image left empty on each side. */
const MARGIN = 0.08;
const AMBIENT = 0.42;
const KEY = 0.5;
const FILL = 0.2;

type Vec3 = readonly [number, number, number];

/** Unit vector from the model towards the camera. */
const TOWARDS_CAMERA: Vec3 = [Math.sin(AZIMUTH) * Math.cos(ELEVATION), -Math.cos(AZIMUTH) * Math.cos(ELEVATION), Math.sin(ELEVATION)];
const SCREEN_RIGHT: Vec3 = [Math.cos(AZIMUTH), Math.sin(AZIMUTH), 0];
const SCREEN_UP: Vec3 = cross(TOWARDS_CAMERA, SCREEN_RIGHT);
const KEY_LIGHT: Vec3 = normalise([-0.35, -0.55, 1]);

/** Where a model point lands in the image: pixel x, y (y down) and depth (larger is nearer). */
export interface ThumbnailView {
  project(x: number, y: number, z: number): [px: number, py: number, depth: number];
}

/** The camera that frames these positions in an image of `size`. */
export function frameView(positions: Float32Array, triangles: number, size: RasterSize): ThumbnailView {
  const extent = new ProjectedExtent();
  extent.add(positions, triangles);
  return extent.view(size);
}

/** Draws `triangles` triangles (9 floats each, mm) into a new RGBA image (opaque) of `size`. */
export function renderThumbnail(positions: Float32Array, triangles: number, size: RasterSize, options: FillOptions = {}): Uint8Array {
  return renderThumbnailInBatches((visit) => visit(positions, triangles), size, options);
}

/** Scan conversion visits per pixel of the wanted image that one picture may spend (~1 s at 2.4 ns a visit). */
export const FILL_BUDGET_PER_PIXEL = 256;

/** How much drawing one picture may cost. */
export interface FillOptions {
  /** Most pixel visits of the scan conversion (default `FILL_BUDGET_PER_PIXEL` × the wanted size's pixels). */
  fillBudget?: number;
  /** The smallest picture to fall back to, by halving, when the wanted size would exceed the budget (default: the wanted size, never smaller). */
  smallest?: RasterSize;
}

/** Calls `visit` with every batch of triangles (9 floats each), always in the same order. */
export type TriangleBatches = (visit: (positions: Float32Array, triangles: number) => void) => void;

/**
 * The same picture from triangles that come in batches (a mesh streamed from disk): one pass
 * frames the view, a second draws. Pixel for pixel what `renderThumbnail` draws from one array
 * of the same triangles in the same order.
 */
export function renderThumbnailInBatches(batches: TriangleBatches, size: RasterSize, options: FillOptions = {}): Uint8Array {
  return drawThumbnail(batches, size, { ...options, smallest: size }).rgba;
}

/**
 * The same, returning the canvas (its pixels and depth buffer, e.g. to free them once encoded),
 * which is `size` or, over the fill budget, smaller down to `options.smallest` (see its `size`).
 */
export function drawThumbnail(batches: TriangleBatches, size: RasterSize, options: FillOptions = {}): ThumbnailCanvas {
  const extent = new ProjectedExtent();
  batches((positions, triangles) => extent.add(positions, triangles));
  const budget = options.fillBudget ?? FILL_BUDGET_PER_PIXEL * size.width * size.height;
  const drawn = extent.sizeWithin(size, options.smallest ?? size, budget);
  const canvas = new ThumbnailCanvas(drawn, extent.view(drawn), budget);
  batches((positions, triangles) => canvas.draw(positions, triangles));
  return canvas;
}

const [RX, RY, RZ] = SCREEN_RIGHT;
const [UX, UY, UZ] = SCREEN_UP;

/**
 * The extent of the corners seen so far in screen axes, and the view that frames it; also what
 * drawing them will cost: per triangle, its projected box is w × h screen units, and at `scale`
 * pixels per unit its scan conversion visits at most (w·scale + 1)(h·scale + 1) pixels.
 */
export class ProjectedExtent {
  private minX = Infinity;
  private maxX = -Infinity;
  private minY = Infinity;
  private maxY = -Infinity;
  private triangles = 0;
  /** Σ w·h and Σ (w + h) of the triangles' projected boxes. */
  private boxAreas = 0;
  private boxSides = 0;

  add(positions: Float32Array, triangles: number): void {
    let { minX, maxX, minY, maxY, boxAreas, boxSides } = this;
    for (let i = 0, end = triangles * 9; i < end; i += 9) {
      let loX = Infinity, hiX = -Infinity, loY = Infinity, hiY = -Infinity;
      for (let k = i; k < i + 9; k += 3) {
        const x = positions[k] as number;
        const y = positions[k + 1] as number;
        const z = positions[k + 2] as number;
        const sx = x * RX + y * RY + z * RZ;
        const sy = x * UX + y * UY + z * UZ;
        if (sx < loX) loX = sx;
        if (sx > hiX) hiX = sx;
        if (sy < loY) loY = sy;
        if (sy > hiY) hiY = sy;
      }
      if (loX < minX) minX = loX;
      if (hiX > maxX) maxX = hiX;
      if (loY < minY) minY = loY;
      if (hiY > maxY) maxY = hiY;
      boxAreas += (hiX - loX) * (hiY - loY);
      boxSides += hiX - loX + (hiY - loY);
    }
    Object.assign(this, { minX, maxX, minY, maxY, boxAreas, boxSides, triangles: this.triangles + triangles });
  }

  /** At most how many pixels drawing the triangles seen into an image of `size` visits. */
  fillWork(size: RasterSize): number {
    const { scale } = this.view(size);
    return scale * scale * this.boxAreas + scale * this.boxSides + this.triangles;
  }

  /** `wanted`, halved while its fill work exceeds `budget` and the half is no smaller than `smallest`. */
  sizeWithin(wanted: RasterSize, smallest: RasterSize, budget: number): RasterSize {
    let size = wanted;
    for (;;) {
      const half = { width: Math.ceil(size.width / 2), height: Math.ceil(size.height / 2) };
      if (this.fillWork(size) <= budget || half.width < smallest.width || half.height < smallest.height) return size;
      size = half;
    }
  }

  view(size: RasterSize): FramedView {
    let { minX, maxX, minY, maxY } = this;
    if (!(maxX >= minX)) [minX, maxX, minY, maxY] = [0, 0, 0, 0];
    const scale = Math.min(
      (size.width * (1 - 2 * MARGIN)) / Math.max(maxX - minX, 1e-9),
      (size.height * (1 - 2 * MARGIN)) / Math.max(maxY - minY, 1e-9),
    );
    return new FramedView(size, (minX + maxX) / 2, (minY + maxY) / 2, scale);
  }
}

/** The orthographic camera: screen centre `cx`, `cy` (model units) at the image centre, `scale` pixels per unit. */
export class FramedView implements ThumbnailView {
  constructor(
    readonly size: RasterSize,
    readonly cx: number,
    readonly cy: number,
    readonly scale: number,
  ) {}

  project(x: number, y: number, z: number): [px: number, py: number, depth: number] {
    const [dx, dy, dz] = TOWARDS_CAMERA;
    return [
      this.size.width / 2 + (x * RX + y * RY + z * RZ - this.cx) * this.scale,
      this.size.height / 2 - (x * UX + y * UY + z * UZ - this.cy) * this.scale,
      x * dx + y * dy + z * dz,
    ];
  }
}

const [DX, DY, DZ] = TOWARDS_CAMERA;

/**
 * An RGBA image on the background colour with a depth buffer, drawn into batch by batch, that
 * visits at most `fillBudget` pixels: a triangle that would take it over is not drawn, nor any
 * after it (`complete` turns false).
 */
export class ThumbnailCanvas {
  readonly rgba: Uint8Array;
  readonly depth: Float32Array;
  /** Pixels the scan conversion visited so far. */
  visited = 0;
  /** False once the budget stopped the drawing. */
  complete = true;
  private readonly corner = new Float64Array(9);

  constructor(
    readonly size: RasterSize,
    private readonly view: FramedView,
    private readonly fillBudget = Infinity,
  ) {
    const { width, height } = size;
    this.rgba = new Uint8Array(width * height * 4);
    for (let p = 0; p < this.rgba.length; p += 4) {
      this.rgba[p] = BACKGROUND_COLOUR[0];
      this.rgba[p + 1] = BACKGROUND_COLOUR[1];
      this.rgba[p + 2] = BACKGROUND_COLOUR[2];
      this.rgba[p + 3] = 255;
    }
    this.depth = new Float32Array(width * height).fill(-Infinity);
  }

  /** Draws `triangles` triangles (9 floats each, mm), later ones losing depth ties. */
  draw(positions: Float32Array, triangles: number): void {
    if (!this.complete) return;
    const { corner } = this;
    const { width, height } = this.size;
    const { cx, cy, scale } = this.view;
    const halfWidth = this.view.size.width / 2;
    const halfHeight = this.view.size.height / 2;
    for (let t = 0; t < triangles; t++) {
      const o = t * 9;
      for (let k = 0; k < 3; k++) {
        // FramedView.project, inline (no array per corner): the same operations, so the same pixels.
        const x = positions[o + k * 3] as number, y = positions[o + k * 3 + 1] as number, z = positions[o + k * 3 + 2] as number;
        corner[k * 3] = halfWidth + (x * RX + y * RY + z * RZ - cx) * scale;
        corner[k * 3 + 1] = halfHeight - (x * UX + y * UY + z * UZ - cy) * scale;
        corner[k * 3 + 2] = x * DX + y * DY + z * DZ;
      }
      const shade = faceShade(positions, o);
      if (shade < 0) continue;
      const visited = fillTriangle(corner, shade, width, height, this.depth, this.rgba, this.fillBudget - this.visited);
      if (visited < 0) {
        this.complete = false;
        return;
      }
      this.visited += visited;
    }
  }
}

/** Brightness of a face in [0, 1.08], or −1 for a degenerate one. Two-sided: a face turned away is lit as if it faced the camera. */
function faceShade(p: Float32Array, o: number): number {
  const ax = (p[o + 3] as number) - (p[o] as number);
  const ay = (p[o + 4] as number) - (p[o + 1] as number);
  const az = (p[o + 5] as number) - (p[o + 2] as number);
  const bx = (p[o + 6] as number) - (p[o] as number);
  const by = (p[o + 7] as number) - (p[o + 1] as number);
  const bz = (p[o + 8] as number) - (p[o + 2] as number);
  let nx = ay * bz - az * by;
  let ny = az * bx - ax * bz;
  let nz = ax * by - ay * bx;
  const length = Math.hypot(nx, ny, nz);
  if (!(length > 0)) return -1;
  nx /= length;
  ny /= length;
  nz /= length;
  let facing = nx * TOWARDS_CAMERA[0] + ny * TOWARDS_CAMERA[1] + nz * TOWARDS_CAMERA[2];
  if (facing < 0) {
    nx = -nx;
    ny = -ny;
    nz = -nz;
    facing = -facing;
  }
  const key = Math.max(0, nx * KEY_LIGHT[0] + ny * KEY_LIGHT[1] + nz * KEY_LIGHT[2]);
  return AMBIENT + KEY * key + FILL * facing;
}

/**
 * Scan-converts one projected triangle (pixel centres, edge functions) with a depth test; returns
 * the pixels of its clipped box it visited, or −1 (drawing nothing) when they exceed `allowance`.
 */
function fillTriangle(c: Float64Array, shade: number, width: number, height: number, depth: Float32Array, rgba: Uint8Array, allowance: number): number {
  const x0 = c[0] as number, y0 = c[1] as number, z0 = c[2] as number;
  const x1 = c[3] as number, y1 = c[4] as number, z1 = c[5] as number;
  const x2 = c[6] as number, y2 = c[7] as number, z2 = c[8] as number;
  const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
  if (area === 0) return 0;
  const minPx = Math.max(0, Math.ceil(Math.min(x0, x1, x2) - 0.5));
  const maxPx = Math.min(width - 1, Math.floor(Math.max(x0, x1, x2) - 0.5));
  const minPy = Math.max(0, Math.ceil(Math.min(y0, y1, y2) - 0.5));
  const maxPy = Math.min(height - 1, Math.floor(Math.max(y0, y1, y2) - 0.5));
  if (minPx > maxPx || minPy > maxPy) return 0;
  const visits = (maxPx - minPx + 1) * (maxPy - minPy + 1);
  if (visits > allowance) return -1;
  const r = Math.min(255, Math.round(MODEL_COLOUR[0] * shade));
  const g = Math.min(255, Math.round(MODEL_COLOUR[1] * shade));
  const b = Math.min(255, Math.round(MODEL_COLOUR[2] * shade));
  const inv = 1 / area;
  for (let py = minPy; py <= maxPy; py++) {
    const sy = py + 0.5;
    for (let px = minPx; px <= maxPx; px++) {
      const sx = px + 0.5;
      // Barycentric weights; all share the sign of `area` inside the triangle.
      const w0 = ((x1 - sx) * (y2 - sy) - (x2 - sx) * (y1 - sy)) * inv;
      const w1 = ((x2 - sx) * (y0 - sy) - (x0 - sx) * (y2 - sy)) * inv;
      const w2 = 1 - w0 - w1;
      if (w0 < 0 || w1 < 0 || w2 < 0) continue;
      const z = w0 * z0 + w1 * z1 + w2 * z2;
      const i = py * width + px;
      if (z <= (depth[i] as number)) continue;
      depth[i] = z;
      const q = i * 4;
      rgba[q] = r;
      rgba[q + 1] = g;
      rgba[q + 2] = b;
    }
  }
  return visits;
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalise(v: Vec3): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / length, v[1] / length, v[2] / length];
}
