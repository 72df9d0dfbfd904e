/**
 * Reads a fetch Response's body chunk by chunk, reporting bytes received and the expected total
 * (from Content-Length; null when the hub did not send one or the body is compressed, since the
 * length then counts compressed bytes). Returns the whole body as one ArrayBuffer.
 */
export interface TransferProgress {
  readonly loaded: number;
  readonly total: number | null;
}

export type ProgressListener = (progress: TransferProgress) => void;

export async function readWithProgress(response: Response, onProgress: ProgressListener): Promise<ArrayBuffer> {
  const length = Number(response.headers.get("content-length") ?? NaN);
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const total = Number.isInteger(length) && length >= 0 && !encoded ? length : null;
  if (!response.body) {
    const whole = await response.arrayBuffer();
    onProgress({ loaded: whole.byteLength, total: whole.byteLength });
    return whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  onProgress({ loaded, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress({ loaded, total: total !== null && total >= loaded ? total : null });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}
