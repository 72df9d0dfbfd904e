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

/** A part read by the general XML reader alone. */
export function xmlPartReader(partName: string, handlers: XmlHandlers, onEnd: () => void = () => {}): PartSink {
  const reader = new XmlPartReader(partName, handlers);
  return {
    write: (chunk) => reader.writeBytes(chunk),
    end() {
      reader.end();
      onEnd();
    },
  };
}

/**
 * The reader itself, for a caller that reads some stretches of a part by other means
 * (model-part-stream.ts): it writes the bytes around them, and `writeText` keeps line and column
 * numbers in error messages true for the bytes it read itself.
 */
export class XmlPartReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly decoder = new TextDecoder("utf-8");
  private sawRoot = false;
  /** Characters handed to the parser so far. */
  private written = 0;
  /** Local name of the element whose start tag ended exactly at the end of the last write. */
  private openedLast: string | null = null;

  constructor(
    private readonly partName: string,
    handlers: XmlHandlers,
  ) {
    const parser = this.parser;
    parser.on("doctype", () => {
      throw new MeshError(
        "xml-doctype",
        `3MF rejected: part '${partName}' declares a DOCTYPE. 3MF never uses one and it can hide entity attacks, so the hub refuses it. Export the file again from your slicer or CAD program.`,
      );
    });
    parser.on("opentag", (tag: SaxesTagPlain) => {
      this.sawRoot = true;
      const local = localName(tag.name);
      this.openedLast = !tag.isSelfClosing && parser.position === this.written ? local : null;
      handlers.open(local, tag.attributes, tag.name);
    });
    const close = handlers.close;
    parser.on("closetag", (tag: SaxesTagPlain) => {
      this.openedLast = null;
      close?.(localName(tag.name));
    });
  }

  writeBytes(bytes: Uint8Array): void {
    this.writeText(this.decoder.decode(bytes, { stream: true }));
  }

  /** Text that stands for bytes read elsewhere (only whitespace, so nothing but positions moves). */
  writeText(text: string): void {
    this.openedLast = null;
    this.written += text.length;
    this.guard(() => this.parser.write(text));
  }

  /**
   * True when the last write ended with the `>` of a start tag (not self-closing) whose local
   * name is `name`: the parser now stands in that element's content, outside any markup.
   */
  justOpened(name: string): boolean {
    return this.openedLast === name;
  }

  end(): void {
    this.guard(() => {
      this.parser.write(this.decoder.decode());
      this.parser.close();
      if (!this.sawRoot) throw new Error("the part has no root element");
    });
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof MeshError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new MeshError(
        "malformed-xml",
        `3MF rejected: part '${this.partName}' is not well-formed XML (${message.slice(0, 200)}). Export the file again from your slicer or CAD program.`,
      );
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}
