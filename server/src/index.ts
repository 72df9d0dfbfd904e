export { DEFAULT_MAX_UPLOAD_BYTES, type Hub, type HubOptions, startHub } from "./hub.ts";
export { parseStl, type StlMesh } from "./mesh/stl.ts";
export { analyseMesh, type MeshAnalysis } from "./mesh/analysis.ts";
export { MeshError, type MeshErrorCode } from "./mesh/mesh-error.ts";
