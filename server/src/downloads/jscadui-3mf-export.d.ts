/**
 * Types for the parts of @jscadui/3mf-export (plain JS, no bundled types) that the 3MF export
 * uses: the package's static files and relationships, and the element writers its `to3dmodel`
 * is made of (`src/*.js`), which push XML strings into any `out` with a `push` method.
 */
declare module "@jscadui/3mf-export" {
  export class FileForRelThumbnail {
    readonly name: string;
    readonly content: string;
    add3dModel(path: string): void;
    addThumbnail(path: string): void;
  }
  export const fileForContentTypes: { name: string; content: string };
}

declare module "@jscadui/3mf-export/src/pushHeader.js" {
  export interface Header3MF {
    unit?: "micron" | "millimeter" | "centimeter" | "inch" | "foot" | "meter";
    /** Written into XML as is: escape it first. */
    title?: string;
    author?: string;
    description?: string;
    application?: string;
    creationDate?: Date;
    license?: string;
    modificationDate?: Date;
  }
  /** Opens `<model>` and writes its metadata. */
  export function pushHeader(out: { push(text: string): unknown }, header: Header3MF): void;
}

declare module "@jscadui/3mf-export/src/pushObjectMesh.js" {
  /** One `<object>` with its `<mesh>`; `name` is written into XML as is. */
  export function pushObjectWithMesh(
    out: { push(text: string): unknown },
    id: string,
    vertices: Float32Array,
    indices: Uint32Array,
    precision: number,
    name?: string,
  ): unknown;
}

declare module "@jscadui/3mf-export/src/makeItem.js" {
  /** One build `<item>`; `matrix` (default identity) is a row-major 4×4 whose last column is ignored. */
  export function makeItem(id: string, matrix?: readonly number[]): string;
}
