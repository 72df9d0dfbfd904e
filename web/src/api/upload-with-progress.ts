/**
 * A design upload — `POST /api/designs`, or `POST /api/designs/:id/remix` for a remix (the same
 * form and answer) — with XMLHttpRequest, because fetch cannot report upload progress. Reports
 * bytes sent, then resolves with the hub's validated answer; a `{ error, detail }` answer rejects
 * with an ApiRequestError carrying the hub's sentence, as every other API call does.
 */
import { ApiErrorSchema, DesignCreatedSchema, describeZodError, type DesignCreated } from "@peerfab/protocol";
import { ApiRequestError } from "./client.ts";
import { designUploadForm, type DesignUpload } from "./design-upload.ts";
import type { ProgressListener } from "./read-with-progress.ts";

/** `remixOf`: the id of the design the upload remixes. */
export function uploadDesignWithProgress(upload: DesignUpload, onProgress: ProgressListener, signal?: AbortSignal, remixOf?: string): Promise<DesignCreated> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", remixOf === undefined ? "/api/designs" : `/api/designs/${encodeURIComponent(remixOf)}/remix`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.addEventListener("progress", (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    });
    xhr.addEventListener("load", () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = DesignCreatedSchema.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else {
          reject(
            new ApiRequestError(
              xhr.status,
              "invalid_response",
              `The hub's answer to the upload does not match what this app expects (${describeZodError(parsed.error)}). Reload the page: the hub and the web app may be different versions.`,
            ),
          );
        }
        return;
      }
      const error = ApiErrorSchema.safeParse(body);
      reject(
        error.success
          ? new ApiRequestError(xhr.status, error.data.error, error.data.detail)
          : new ApiRequestError(xhr.status, `http_${xhr.status}`, `The hub answered ${xhr.status} ${xhr.statusText} to the upload. Try again; if it persists, ask the hub's operator.`),
      );
    });
    xhr.addEventListener("error", () => {
      reject(new ApiRequestError(0, "unreachable", "The upload did not reach the PeerFab hub. Check your connection and that the hub is running, then try again."));
    });
    xhr.addEventListener("abort", () => reject(new DOMException("The upload was cancelled.", "AbortError")));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(designUploadForm(upload));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
