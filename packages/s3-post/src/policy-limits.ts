/** The sizes a POST policy lets through, in bytes, from its `content-length-range` condition. */
export interface SizeRange {
  min: number
  max: number
}

// S3 requires standard base64, but hand-rolled signers also send base64url without padding: read both.
function decodeBase64Json(text: string): unknown {
  const standard = text.trim().replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (standard.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(standard)) return undefined
  try {
    const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='))
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))))
  } catch {
    return undefined
  }
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
  const encoded = Object.entries(fields).find(([name]) => name.toLowerCase() === 'policy')?.[1]
  if (typeof encoded !== 'string') return undefined
  const policy = decodeBase64Json(encoded) as { conditions?: unknown } | undefined
  if (!policy || !Array.isArray(policy.conditions)) return undefined
  for (const condition of policy.conditions) {
    if (!Array.isArray(condition) || String(condition[0]).toLowerCase() !== 'content-length-range') continue
    const min = byteCount(condition[1])
    const max = byteCount(condition[2])
    if (min !== undefined && max !== undefined) return { min, max }
  }
  return undefined
}

/** `10485761 bytes (10 MiB)`: exact for the reader who compares, rounded for the one who does not. */
export function formatBytes(bytes: number): string {
  let size = bytes
  let unit = ''
  for (const next of ['KiB', 'MiB', 'GiB', 'TiB']) {
    if (size < 1024) break
    size /= 1024
    unit = next
  }
  const plural = bytes === 1 ? 'byte' : 'bytes'
  return unit ? `${bytes} ${plural} (${Number(size.toFixed(1))} ${unit})` : `${bytes} ${plural}`
}
