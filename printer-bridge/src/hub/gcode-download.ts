/** Fetches a job's G-code (or model, to slice) from the hub and checks it against the sha256 the hub promised. */
import { createHash } from "node:crypto";

export class GcodeDownloadError extends Error {
  constructor(
    readonly code: "download-failed" | "checksum-mismatch",
    message: string,
  ) {
    super(message);
  }
}

/** The bytes at `path` on the hub; `what` names them in errors ("G-code", "model"). */
export async function downloadVerified(hubUrl: string, path: string, token: string, sha256: string, what: string): Promise<Buffer> {
  const url = new URL(path, hubUrl).toString();
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new GcodeDownloadError("download-failed", `Could not download ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new GcodeDownloadError("download-failed", `Downloading ${url} failed with HTTP ${response.status}.`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== sha256)
    throw new GcodeDownloadError(
      "checksum-mismatch",
      `The ${what} downloaded from ${url} has sha256 ${actual}, not ${sha256}; it was corrupted or changed. Dispatch the job again.`,
    );
  return bytes;
}

export async function downloadGcode(hubUrl: string, gcodePath: string, token: string, sha256: string): Promise<string> {
  return (await downloadVerified(hubUrl, gcodePath, token, sha256, "G-code")).toString("utf8");
}
