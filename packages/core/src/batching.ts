/**
 * Splits items into consecutive batches of at most `maxPerBatch`, order kept: one presign call per batch.
 * `Infinity` means the vendor takes any number of files in one call.
 */
export function planBatches<T>(items: readonly T[], maxPerBatch: number): T[][] {
  if (!(Number.isInteger(maxPerBatch) || maxPerBatch === Number.POSITIVE_INFINITY) || maxPerBatch < 1) {
    throw new RangeError(`maxPerBatch must be a whole number ≥ 1 (or Infinity), got ${String(maxPerBatch)}`)
  }
  const batches: T[][] = []
  const size = Math.min(maxPerBatch, Math.max(items.length, 1))
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size))
  return batches
}
