// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the module has no types; this makes every program that compiles this file (server, web tests) see ours
/// <reference path="./jscadui-3mf-export.d.ts" />
/**
 * A design's mesh as a 3MF package (3MF Core spec, units mm): one object built from the welded
 * triangle soup, the design's title, author and license as model metadata, and the large PNG
 * thumbnail as `Metadata/thumbnail.png` with the package thumbnail relationship, which is where
 * PrusaSlicer, Bambu Studio and file browsers look for it. Pure: mesh in, ZIP bytes out.
 */
import { FileForRelThumbnail, fileForContentTypes, to3dmodel } from "@jscadui/3mf-export";
import { strToU8, zipSync, type Zippable } from "fflate";
import { weldVertices } from "../mesh/vertex-weld.ts";
import type { TriangleMesh } from "../mesh/triangle-mesh.ts";

export interface ThreeMfMetadata {
  title: string;
  author: string;
  description: string;
  /** SPDX id and URL, e.g. "CC-BY-4.0 (https://…)". */
  license: string;
  createdAt: Date;
}

const MODEL_PATH = "3D/3dmodel.model";
const THUMBNAIL_PATH = "Metadata/thumbnail.png";

export function build3mf(mesh: TriangleMesh, metadata: ThreeMfMetadata, thumbnailPng: Uint8Array | null): Uint8Array {
  const { indices, vertexCount } = weldVertices(mesh.positions, 0, mesh.triangles);
  const vertices = new Float32Array(vertexCount * 3);
  for (let corner = 0; corner < indices.length; corner++) {
    const v = (indices[corner] as number) * 3;
    vertices[v] = mesh.positions[corner * 3] as number;
    vertices[v + 1] = mesh.positions[corner * 3 + 1] as number;
    vertices[v + 2] = mesh.positions[corner * 3 + 2] as number;
  }
  const model = to3dmodel({
    meshes: [{ id: "1", vertices, indices, name: escapeXml(metadata.title) }],
    items: [{ objectID: "1" }],
    // 9 significant digits round-trip every float32 exactly.
    precision: 9,
    header: {
      unit: "millimeter",
      title: escapeXml(metadata.title),
      author: escapeXml(metadata.author),
      description: escapeXml(metadata.description),
      license: escapeXml(metadata.license),
      application: "PeerFab",
      creationDate: metadata.createdAt,
    },
  });
  const rels = new FileForRelThumbnail();
  rels.add3dModel(`/${MODEL_PATH}`);
  if (thumbnailPng) rels.addThumbnail(`/${THUMBNAIL_PATH}`);
  const entries: Zippable = {
    [fileForContentTypes.name]: strToU8(fileForContentTypes.content),
    [rels.name]: strToU8(rels.content),
    [MODEL_PATH]: strToU8(model),
  };
  // PNG is compressed already: store it.
  if (thumbnailPng) entries[THUMBNAIL_PATH] = [thumbnailPng, { level: 0 }];
  return zipSync(entries, { level: 6 });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
