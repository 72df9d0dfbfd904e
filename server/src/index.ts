export { DEFAULT_MAX_UPLOAD_BYTES, type Hub, type HubOptions, startHub } from "./hub.ts";
export { parseStl, type StlMesh } from "./mesh/stl.ts";
export { analyseMesh, type MeshAnalysis } from "./mesh/analysis.ts";
export { MeshError, type MeshErrorCode } from "@peerfab/protocol/formats/mesh";
export { parseMeshFile, type MeshFile } from "./mesh/mesh-file.ts";
export { parse3mf, type ThreeMfBuild } from "@peerfab/protocol/formats/3mf";
export { DEFAULT_MESH_LIMITS, type MeshLimits, type TriangleMesh } from "@peerfab/protocol/formats/mesh";
