import { expiresAtOf } from './expiry.ts'
import type { SignedUpload } from './signed-upload.ts'

/** `20261122T031500Z` (SigV4 / GCS V4 request time) → ms since epoch. */
function parseAmzDate(value: string | undefined | null): number | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[]
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s)
}

function signedAtOf(signed: SignedUpload): number | undefined {
  if (signed.method === 'POST') {
    const entry = Object.entries(signed.fields).find(([k]) => k.toLowerCase() === 'x-amz-date')
    return parseAmzDate(entry?.[1])
  }
  try {
    for (const [k, v] of new URL(signed.url).searchParams) {
      if (k.toLowerCase() === 'x-amz-date' || k.toLowerCase() === 'x-goog-date') return parseAmzDate(v)
    }
  } catch {
    return undefined
  }
  return undefined
}

/**
 * When a signed upload was signed and when it lapses, both on the signer's clock, as far as the upload itself says.
 * Their difference is the lifetime, which needs no agreement between our clock and the server's.
 */
export function lifetimeOf(signed: SignedUpload): { signedAt?: number; expiresAt?: number } {
  return { signedAt: signedAtOf(signed), expiresAt: expiresAtOf(signed) }
}
