/**
 * `@peerfab/protocol/formats/mesh`: what every mesh parser shares — the triangle soup it returns,
 * the limits it enforces, the error it throws, and `grow` for the typed arrays it fills. Pure and DOM-free: the hub and the browser's
 * parse worker use the same definitions.
 */
export { isMeshErrorCode, MESH_ERROR_CODES, MeshError, type MeshErrorCode, tooManyTriangles } from "./mesh-error.ts";
export { grow } from "./grow-array.ts";
export { DEFAULT_MESH_LIMITS, type MeshLimits, type MeshPart, type TriangleMesh } from "./triangle-mesh.ts";
