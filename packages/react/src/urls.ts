/** A non-empty string, or nothing. */
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined)

/**
 * Only http(s) URLs become links: they come from presign answers and storage headers, and a `javascript:` or
 * `data:` URL from a compromised proxy must never be one click away.
 */
export function httpUrl(value: unknown): string | undefined {
  const candidate = text(value)
  if (!candidate) return undefined
  try {
    const url = new URL(candidate)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}
