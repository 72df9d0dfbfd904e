/** Types for the parts of @jscadui/3mf-export (plain JS, no bundled types) that the 3MF export uses. */
declare module "@jscadui/3mf-export" {
  export interface Mesh3MF {
    id: string;
    vertices: Float32Array;
    indices: Uint32Array;
    name?: string;
  }
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
  export function to3dmodel(options: {
    meshes: Mesh3MF[];
    items: { objectID: string; transform?: number[] }[];
    precision?: number;
    header?: Header3MF;
  }): string;
  export class FileForRelThumbnail {
    readonly name: string;
    readonly content: string;
    add3dModel(path: string): void;
    addThumbnail(path: string): void;
  }
  export const fileForContentTypes: { name: string; content: string };
}
