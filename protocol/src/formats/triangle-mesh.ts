/**
 * The one mesh shape every parser returns and the analysis reads: a triangle soup in
 * millimetres, three corners of x y z per triangle. STL is a soup already; 3MF meshes are
 * flattened into one (build transforms and units applied) so both formats are measured alike.
 */
export interface TriangleMesh {
  /** `triangles * 9` numbers: x y z of corner 1, 2, 3 of each triangle, millimetres. */
  positions: Float32Array;
  triangles: number;
}

/** One build item of a 3MF: its name and object, and which triangles of the flattened soup it owns. */
export interface MeshPart {
  name: string;
  objectId: string;
  firstTriangle: number;
  triangles: number;
}

/** Limits a parser enforces before it allocates or inflates more than the hub allows. */
export interface MeshLimits {
  /** Most triangles in one file (3MF: after expanding components and build items). */
  maxTriangles: number;
  /** 3MF: most bytes inflated from the archive's parts, all parts together. */
  maxUncompressedBytes: number;
  /** 3MF: most bytes one entry may inflate to per compressed byte (checked once it passes 1 MB). */
  maxCompressionRatio: number;
}

export const DEFAULT_MESH_LIMITS: MeshLimits = {
  maxTriangles: 10_000_000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};
