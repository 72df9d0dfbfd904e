// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the module has no types; this makes every program that compiles this file (server, web tests) see ours
/// <reference path="./jscadui-3mf-export.d.ts" />
/**
 * Writes a 3MF package (3MF Core spec, units mm) as a stream of ZIP bytes: the design's title,
 * author and license as model metadata, the large PNG thumbnail as `Metadata/thumbnail.png` with
 * the package thumbnail relationship (where PrusaSlicer, Bambu Studio and file browsers look for
 * it), and any number of mesh objects, each welded from a triangle soup, with one build item each.
 *
 * The model XML is written by `@jscadui/3mf-export`'s own element writers (header, `<object>`,
 * `<item>`), given a sink instead of its array of strings, and deflated (native zlib, see
 * native-zip-deflate.ts) as it is written: an object's XML is never held whole, so a 10-million-triangle model (~850 MB of XML, more than a
 * JavaScript string may hold) streams through in 1 MB pieces. Pure: bytes go to `write`.
 */
import { FileForRelThumbnail, fileForContentTypes } from "@jscadui/3mf-export";
import { makeItem } from "@jscadui/3mf-export/src/makeItem.js";
import { pushHeader } from "@jscadui/3mf-export/src/pushHeader.js";
import { pushObjectWithMesh } from "@jscadui/3mf-export/src/pushObjectMesh.js";
import { strToU8, Zip, ZipPassThrough } from "fflate";
import { weldVertices } from "../mesh/vertex-weld.ts";
import { NativeZipDeflate } from "./native-zip-deflate.ts";

export interface ThreeMfMetadata {
  title: string;
  author: string;
  description: string;
  /** SPDX id and URL, e.g. "CC-BY-4.0 (https://…)". */
  license: string;
  createdAt: Date;
}

/** Triangles `first … first + count - 1` of a soup (x y z per corner, millimetres). */
export interface TriangleRange {
  positions: Float32Array;
  first: number;
  count: number;
}

const MODEL_PATH = "3D/3dmodel.model";
const THUMBNAIL_PATH = "Metadata/thumbnail.png";
/** 9 significant digits round-trip every float32 exactly. */
const PRECISION = 9;
/** XML is handed to the deflater in pieces of about this many characters. */
const PIECE_CHARS = 1 << 20;

export class ThreeMfWriter {
  private readonly zip: Zip;
  private readonly model: NativeZipDeflate;
  private readonly xml: XmlPieces;
  private readonly items: string[] = [];
  private failure: Error | null = null;

  /** `write` receives the package's bytes in order; it must copy or consume them before returning. */
  constructor(write: (chunk: Uint8Array) => void, metadata: ThreeMfMetadata, thumbnailPng: Uint8Array | null) {
    this.zip = new Zip((error, chunk) => {
      if (error) this.failure = error;
      else write(chunk);
    });
    const rels = new FileForRelThumbnail();
    rels.add3dModel(`/${MODEL_PATH}`);
    if (thumbnailPng) rels.addThumbnail(`/${THUMBNAIL_PATH}`);
    this.addWhole(new NativeZipDeflate(fileForContentTypes.name), strToU8(fileForContentTypes.content));
    this.addWhole(new NativeZipDeflate(rels.name), strToU8(rels.content));
    // PNG is compressed already: store it.
    if (thumbnailPng) this.addWhole(new ZipPassThrough(THUMBNAIL_PATH), thumbnailPng);

    this.model = new NativeZipDeflate(MODEL_PATH);
    this.zip.add(this.model);
    this.xml = new XmlPieces((text, final) => this.model.push(strToU8(text), final));
    pushHeader(this.xml, {
      unit: "millimeter",
      title: escapeXml(metadata.title),
      author: escapeXml(metadata.author),
      description: escapeXml(metadata.description),
      license: escapeXml(metadata.license),
      application: "PeerFab",
      creationDate: metadata.createdAt,
    });
    this.xml.push("  <resources>\n");
    this.check();
  }

  /**
   * Adds one object, welded and moved by `offset` (mm), with its build item. The offset is
   * applied to the vertices, not written as the item's transform: the header @jscadui/3mf-export
   * writes (`slic3rpe:Version3mf`) makes PrusaSlicer take the package for its own and ignore
   * build item transforms.
   */
  addObject(name: string, range: TriangleRange, offset: readonly [number, number, number] = [0, 0, 0]): void {
    const [dx, dy, dz] = offset;
    const { indices, vertexCount } = weldVertices(range.positions, range.first, range.count);
    const corners = range.positions.subarray(range.first * 9, (range.first + range.count) * 9);
    const vertices = new Float32Array(vertexCount * 3);
    for (let corner = 0; corner < indices.length; corner++) {
      const v = (indices[corner] as number) * 3;
      vertices[v] = (corners[corner * 3] as number) + dx;
      vertices[v + 1] = (corners[corner * 3 + 1] as number) + dy;
      vertices[v + 2] = (corners[corner * 3 + 2] as number) + dz;
    }
    const id = String(this.items.length + 1);
    pushObjectWithMesh(this.xml, id, vertices, indices, PRECISION, escapeXml(name));
    this.items.push(makeItem(id));
    this.check();
  }

  get objectCount(): number {
    return this.items.length;
  }

  /** Closes the model and the archive; the last bytes reach `write` before this returns. */
  finish(): void {
    if (this.items.length === 0) throw new Error("a 3MF needs at least one object");
    this.xml.push("  </resources>\n<build>\n");
    for (const item of this.items) this.xml.push(item);
    this.xml.push("</build>\n</model>\n");
    this.xml.end();
    this.zip.end();
    this.check();
  }

  private addWhole(file: ZipPassThrough, bytes: Uint8Array): void {
    this.zip.add(file);
    file.push(bytes, true);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

/** The `out` array @jscadui/3mf-export pushes strings into, passing them on in big pieces. */
class XmlPieces {
  private pending: string[] = [];
  private chars = 0;

  constructor(private readonly flush: (text: string, final: boolean) => void) {}

  push(text: string): void {
    this.pending.push(text);
    this.chars += text.length;
    if (this.chars >= PIECE_CHARS) this.drain(false);
  }

  end(): void {
    this.drain(true);
  }

  private drain(final: boolean): void {
    const text = this.pending.join("");
    this.pending = [];
    this.chars = 0;
    this.flush(text, final);
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
