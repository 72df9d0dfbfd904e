/**
 * `@peerfab/protocol/formats/3mf`: the 3MF parser (bytes → the build as one triangle soup in
 * millimetres) and the streaming ZIP part reader it is built on, which the hub also uses for
 * `.gcode.3mf` plate packages. Pure (fflate + saxes), so it runs in the hub's workers and in the
 * browser's parse worker alike.
 */
export { isZip, parse3mf, type ThreeMfBuild } from "./parse-3mf.ts";
export { type PartSink, readZipParts, refuseEscapingName, ZipPartReader } from "./zip-parts.ts";
