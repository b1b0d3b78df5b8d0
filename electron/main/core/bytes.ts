/**
 * Chunks joined into one Uint8Array with its own ArrayBuffer (a single chunk is returned as is). Not
 * Buffer.concat: for small results that returns a slice of Node's shared pool, which must never be
 * transferred to another thread (encoded audio is; derive-pool/derive-tasks.ts transferablesOf).
 */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
