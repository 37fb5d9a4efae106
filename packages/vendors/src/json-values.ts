/** Vendor bodies arrive as parsed JSON or as its text; a text that does not parse is no vendor's shape. */
export function parsedBody(body: unknown): unknown {
  if (typeof body !== 'string') return body
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A scalar as text; objects, arrays and null are not text a vendor meant to be read. */
export const asText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined

/** Any JSON value as a line of text, for list entries that are not strings; never throws (cycles, BigInt). */
export function anyAsText(value: unknown): string {
  const text = asText(value)
  if (text !== undefined) return text
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}
