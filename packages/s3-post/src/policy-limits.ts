import { decodePolicy } from '@uppy-presign/core'

/** The sizes a POST policy lets through, in bytes, from its `content-length-range` condition. */
export interface SizeRange {
  min: number
  max: number
}

const byteCount = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

/**
 * The policy's `["content-length-range", min, max]`, or undefined when the fields carry no readable policy or it
 * sets no range. The storage enforces it while the body streams — real S3 may just reset the connection, which a
 * browser cannot tell from a CORS failure — so a file outside it is better refused before a byte is sent.
 */
export function sizeRangeOf(fields: Record<string, string>): SizeRange | undefined {
  const conditions = decodePolicy(fields)?.conditions
  if (!Array.isArray(conditions)) return undefined
  for (const condition of conditions) {
    if (!Array.isArray(condition) || String(condition[0]).toLowerCase() !== 'content-length-range') continue
    const min = byteCount(condition[1])
    const max = byteCount(condition[2])
    if (min !== undefined && max !== undefined) return { min, max }
  }
  return undefined
}
