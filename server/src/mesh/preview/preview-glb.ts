/**
 * Writing a preview mesh as a compact GLB (glTF 2.0 binary) through glTF-Transform: positions
 * quantized to int16 (`KHR_mesh_quantization`; the node's translation and scale map them back
 * to millimetres, about 1/65,000 of the longest side), vertices and triangles reordered for the
 * meshopt codecs, and both buffers compressed with `EXT_meshopt_compression`. three.js loads it
 * with `GLTFLoader` after `loader.setMeshoptDecoder(MeshoptDecoder)` (from
 * `three/examples/jsm/libs/meshopt_decoder.module.js`). No normals: the viewer shades flat or
 * computes them.
 */
import { Document, NodeIO } from "@gltf-transform/core";
import { EXTMeshoptCompression, KHRMeshQuantization } from "@gltf-transform/extensions";
import { MeshoptEncoder } from "meshoptimizer";
import type { IndexedTriangles } from "./cluster-decimation.ts";

const INT16_MAX = 32767;

export async function encodePreviewGlb(mesh: IndexedTriangles): Promise<Uint8Array> {
  await MeshoptEncoder.ready;
  const indices = mesh.indices.slice();
  // Reorders triangles for the vertex cache and renumbers vertices in first-use order (in place).
  const [remap, vertexCount] = MeshoptEncoder.reorderMesh(indices, true, true);
  const { quantized, translation, scale } = quantize(mesh.positions, remap, vertexCount);

  const doc = new Document();
  doc.createExtension(KHRMeshQuantization).setRequired(true);
  doc
    .createExtension(EXTMeshoptCompression)
    .setRequired(true)
    .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
  const buffer = doc.createBuffer();
  const position = doc.createAccessor("position").setType("VEC3").setArray(quantized).setBuffer(buffer);
  const index = doc
    .createAccessor("indices")
    .setType("SCALAR")
    .setArray(vertexCount <= 0xffff ? Uint16Array.from(indices) : indices)
    .setBuffer(buffer);
  const material = doc.createMaterial("preview").setBaseColorFactor([0.8, 0.8, 0.8, 1]).setMetallicFactor(0).setRoughnessFactor(0.7);
  const primitive = doc.createPrimitive().setAttribute("POSITION", position).setIndices(index).setMaterial(material);
  const node = doc
    .createNode("preview")
    .setMesh(doc.createMesh("preview").addPrimitive(primitive))
    .setTranslation(translation)
    .setScale([scale, scale, scale]);
  doc.createScene("preview").addChild(node);
  const io = new NodeIO().registerExtensions([KHRMeshQuantization, EXTMeshoptCompression]).registerDependencies({ "meshopt.encoder": MeshoptEncoder });
  return io.writeBinary(doc);
}

/** int16 positions (in the reordered vertex order) around the box centre, with one uniform scale. */
function quantize(positions: Float32Array, remap: Uint32Array, vertexCount: number): { quantized: Int16Array; translation: [number, number, number]; scale: number } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let o = 0; o < positions.length; o += 3) {
    for (let k = 0; k < 3; k++) {
      const value = positions[o + k] as number;
      if (value < (min[k] as number)) min[k] = value;
      if (value > (max[k] as number)) max[k] = value;
    }
  }
  const centre: [number, number, number] = [0, 1, 2].map((k) => ((min[k] as number) + (max[k] as number)) / 2) as [number, number, number];
  const half = Math.max(...[0, 1, 2].map((k) => ((max[k] as number) - (min[k] as number)) / 2));
  const scale = half > 0 ? half / INT16_MAX : 1;
  const quantized = new Int16Array(vertexCount * 3);
  const source = positions.length / 3;
  for (let v = 0; v < source; v++) {
    const target = remap[v] as number;
    if (target === 0xffffffff) continue; // unused vertex
    for (let k = 0; k < 3; k++) quantized[target * 3 + k] = Math.round(((positions[v * 3 + k] as number) - (centre[k] as number)) / scale);
  }
  return { quantized, translation: centre, scale };
}
