/**
 * The hub's compact preview of a big mesh (a GLB with KHR_mesh_quantization and
 * EXT_meshopt_compression) → the viewer's MeshArrays: decoded with three's GLTFLoader and the
 * meshopt decoder (WebAssembly), every mesh's triangles placed by its node transform (which
 * undoes the quantization) and written out as a triangle soup in millimetres.
 * DOM-free, so it runs in the parse worker.
 */
import { Mesh, Vector3 } from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { MeshoptDecoder } from "three/examples/jsm/libs/meshopt_decoder.module.js";
import type { MeshArrays } from "./mesh-arrays.ts";

export async function parseGlbArrays(bytes: ArrayBuffer): Promise<MeshArrays> {
  if (bytes.byteLength === 0) throw new Error("The preview mesh is empty. Reload the page; the hub may still be making it.");
  await MeshoptDecoder.ready;
  const loader = new GLTFLoader().setMeshoptDecoder(MeshoptDecoder);
  const gltf = await loader.parseAsync(bytes, "").catch((error: unknown) => {
    throw new Error(`The preview mesh cannot be read (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`);
  });
  gltf.scene.updateMatrixWorld(true);

  const meshes: Mesh[] = [];
  gltf.scene.traverse((object) => {
    if (object instanceof Mesh) meshes.push(object);
  });
  let triangles = 0;
  for (const mesh of meshes) {
    const index = mesh.geometry.getIndex();
    const count = index ? index.count : mesh.geometry.getAttribute("position").count;
    triangles += Math.floor(count / 3);
  }
  if (triangles === 0) throw new Error("The preview mesh holds no triangles, so there is nothing to show.");

  const positions = new Float32Array(triangles * 9);
  const corner = new Vector3();
  let o = 0;
  for (const mesh of meshes) {
    const matrix = mesh.matrixWorld;
    const position = mesh.geometry.getAttribute("position");
    const index = mesh.geometry.getIndex();
    const count = Math.floor((index ? index.count : position.count) / 3) * 3;
    for (let i = 0; i < count; i++) {
      // getX/getY/getZ undo attribute normalization; the matrix undoes the quantization.
      const v = index ? index.getX(i) : i;
      corner.set(position.getX(v), position.getY(v), position.getZ(v)).applyMatrix4(matrix);
      positions[o++] = corner.x;
      positions[o++] = corner.y;
      positions[o++] = corner.z;
    }
  }
  for (const mesh of meshes) mesh.geometry.dispose();
  return { positions, triangles };
}
