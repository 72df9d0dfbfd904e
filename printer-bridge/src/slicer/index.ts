/** Slicing at the peer: the Slicer contract, the PrusaSlicer adapter and how to find it. */
export { type Slicer, type SliceOptions, type SliceResult, type SliceEstimates, type SliceProgress, SlicerError, type SlicerErrorCode } from "./slicer.ts";
export { PrusaSlicerCli, DEFAULT_SLICE_TIME_LIMIT_MS } from "./prusa-slicer-cli.ts";
export { findSlicer, sliceTimeLimitMs } from "./find-slicer.ts";
export { MATERIAL_PRESETS, QUALITY_LAYER_HEIGHTS } from "./slice-settings.ts";
export { PROFILES_DIR, resolveSlicerProfile } from "./profiles.ts";
