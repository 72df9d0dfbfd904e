/**
 * The one module that uses saxes: a streaming XML reader for 3MF parts. Bytes go in as they are
 * inflated (UTF-8, decoded across chunk boundaries); elements come out as open/close events with
 * local names (namespace prefixes stripped) and raw attributes.
 *
 * saxes never loads external entities and does not expand entities declared in a DTD; on top of
 * that any DOCTYPE is refused outright (XXE, billion laughs), as 3MF never needs one.
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { MeshError } from "../mesh-error.ts";
import type { PartSink } from "./zip-parts.ts";

export interface XmlHandlers {
  open(localName: string, attributes: Record<string, string>, prefixedName: string): void;
  close?(localName: string): void;
}

export function xmlPartReader(partName: string, handlers: XmlHandlers, onEnd: () => void = () => {}): PartSink {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const decoder = new TextDecoder("utf-8");
  let sawRoot = false;
  parser.on("doctype", () => {
    throw new MeshError(
      "xml-doctype",
      `3MF rejected: part '${partName}' declares a DOCTYPE. 3MF never uses one and it can hide entity attacks, so the hub refuses it. Export the file again from your slicer or CAD program.`,
    );
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    sawRoot = true;
    handlers.open(localName(tag.name), tag.attributes, tag.name);
  });
  if (handlers.close) {
    const close = handlers.close;
    parser.on("closetag", (tag: SaxesTagPlain) => close(localName(tag.name)));
  }
  const guard = (work: () => void) => {
    try {
      work();
    } catch (error) {
      if (error instanceof MeshError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new MeshError(
        "malformed-xml",
        `3MF rejected: part '${partName}' is not well-formed XML (${message.slice(0, 200)}). Export the file again from your slicer or CAD program.`,
      );
    }
  };
  return {
    write(chunk) {
      guard(() => parser.write(decoder.decode(chunk, { stream: true })));
    },
    end() {
      guard(() => {
        parser.write(decoder.decode());
        parser.close();
        if (!sawRoot) throw new Error("the part has no root element");
      });
      onEnd();
    },
  };
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}
