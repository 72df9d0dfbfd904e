/**
 * What a designer changes after publishing: the text, tags and license of their design (PATCH),
 * new files and new versions of files, and remixes (a new design crediting the one it builds on).
 * Only the owner edits a design; a remix's license must be one its original allows; the remix link
 * is set once and never edited.
 */
import { type Design, type DesignCreated, type DesignFile, type DesignPatch, type DesignRef, type License, remixLicenseProblem, remixLicenses } from "@peerfab/protocol";
import { HttpError, notFound } from "../errors.ts";
import { nowIso } from "../ids.ts";
import type { DesignRepository } from "../repositories/designs.ts";
import type { User } from "../repositories/users.ts";
import type { AddedFile, DesignIngest, DesignSubmission } from "./design-ingest.ts";

/** A remix upload: like a new design, but the license may be left to follow the original. */
export type RemixSubmission = Omit<DesignSubmission, "author" | "license" | "remixOf"> & { license?: License | undefined };

export class DesignEdits {
  constructor(
    private readonly designs: DesignRepository,
    private readonly ingest: DesignIngest,
  ) {}

  async patch(user: User, designId: string, patch: DesignPatch): Promise<Design> {
    const design = await this.ownDesign(user, designId, "edit");
    const original = design.remixOf?.[0];
    if (patch.license !== undefined && original) checkRemixLicense(original, patch.license);
    if (Object.keys(patch).length === 0) return design;
    await this.designs.update(designId, patch, nowIso());
    return this.design(designId);
  }

  /** A new file, or a new version of the file with the same name. Identical bytes to the newest version are refused. */
  async addFile(user: User, designId: string, added: AddedFile): Promise<{ design: Design; file: DesignFile }> {
    await this.ownDesign(user, designId, "add files to");
    const name = added.file.fileName;
    const [newest] = await this.designs.fileVersions(designId, name);
    if (newest) {
      const wasGcode = newest.kind === "gcode";
      if (wasGcode !== (added.kind === "gcode")) {
        throw new HttpError(
          400,
          "file-kind-mismatch",
          wasGcode
            ? `'${name}' is a G-code variant of this design; a new version of it goes in the field 'gcode', not 'file'.`
            : `'${name}' is a mesh of this design; a new version of it goes in the field 'file', not 'gcode'.`,
        );
      }
      if (newest.sha256 === added.file.staged.sha256) {
        throw new HttpError(
          409,
          "same-as-current-version",
          `'${name}' is the same as version ${newest.version} (identical bytes), so there is nothing new to store. Upload the changed file, or give it another name to add it as a separate file.`,
        );
      }
    }
    return this.ingest.addFile(designId, added);
  }

  /** A new design owned by `user` that credits `originalId`; its license defaults to the original's. */
  async remix(user: User, originalId: string, submission: RemixSubmission): Promise<DesignCreated> {
    const original = await this.design(originalId);
    const license = submission.license ?? remixLicenses(original.license)[0] ?? original.license;
    checkRemixLicense(original, license);
    return this.ingest.ingest({ ...submission, author: user, license, remixOf: original.id });
  }

  private async ownDesign(user: User, designId: string, action: string): Promise<Design> {
    const design = await this.design(designId);
    if (design.authorId !== user.id) {
      throw new HttpError(
        403,
        "not-owner",
        `Only ${design.authorName}, who published '${design.title}', can ${action} this design. To build on it, remix it (POST /api/designs/${designId}/remix).`,
      );
    }
    return design;
  }

  private async design(designId: string): Promise<Design> {
    const design = await this.designs.get(designId);
    if (!design) throw notFound("design", `There is no design '${designId}'. It may have been deleted; reload the design list.`);
    return design;
  }
}

function checkRemixLicense(original: Pick<DesignRef, "title" | "authorName" | "license">, license: License): void {
  const problem = remixLicenseProblem(original.license, license);
  if (problem) {
    throw new HttpError(400, "license-not-allowed-for-remix", `${problem} This design remixes '${original.title}' by ${original.authorName}; choose one of: ${remixLicenses(original.license).join(", ")}.`);
  }
}
