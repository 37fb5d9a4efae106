/**
 * Deterministic pseudo-random bytes (a tiny LCG), the same in Node and in a page: a failing CID or checksum names the
 * same input on every run, and a browser test can regenerate exactly what Node hashed.
 */
export function bytesOf(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size)
  let x = seed >>> 0
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = x >>> 24
  }
  return out
}
