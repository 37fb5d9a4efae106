import type { SignedUpload } from './flow.ts'

/** `20261122T025314Z`, the basic ISO 8601 form SigV4 and GCS V4 put in `X-Amz-Date` / `X-Goog-Date`. */
function parseBasicIsoDate(value: string | undefined): number | undefined {
  const iso = value?.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6.000Z')
  if (iso === undefined || iso === value) return undefined
  const time = Date.parse(iso)
  // Date.parse rolls 30 February and 24:00 over; a time that does not print back as written does not exist.
  return Number.isFinite(time) && new Date(time).toISOString() === iso ? time : undefined
}

/** Whole seconds, as the signers write them; a sign, a fraction or an exponent means this is not a signer's value. */
const parseSeconds = (value: string | undefined): number | undefined =>
  value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined

function queryParams(url: string): Map<string, string> {
  const params = new Map<string, string>()
  const start = url.indexOf('?')
  if (start < 0) return params
  const end = url.indexOf('#', start)
  // URLSearchParams never throws; `new URL` would, on the relative URLs some backends hand out.
  for (const [name, value] of new URLSearchParams(url.slice(start + 1, end < 0 ? undefined : end))) {
    const key = name.toLowerCase()
    if (!params.has(key)) params.set(key, value)
  }
  return params
}

/**
 * When a presigned URL lapses, in ms since epoch on the signer's clock, from what the URL itself says: SigV4
 * (`X-Amz-Date` + `X-Amz-Expires`), GCS V4 (`X-Goog-Date` + `X-Goog-Expires`), or the older V2 form both services
 * still accept (`Expires` = epoch seconds, beside `Signature`). Names are matched case-insensitively: Google's
 * libraries send lower-case names in some styles. Anything unreadable → undefined.
 */
export function expiresAtFromUrl(url: string): number | undefined {
  if (typeof url !== 'string') return undefined
  const params = queryParams(url)
  for (const prefix of ['x-amz-', 'x-goog-']) {
    const date = params.get(`${prefix}date`)
    const expires = parseSeconds(params.get(`${prefix}expires`))
    if (date === undefined || expires === undefined) continue
    const signedAt = parseBasicIsoDate(date)
    if (signedAt !== undefined) return signedAt + expires * 1000
  }
  const v2Expires = parseSeconds(params.get('expires'))
  if (v2Expires !== undefined && params.has('signature')) return v2Expires * 1000
  return undefined
}

// Policies in the wild come in standard base64 (what S3 requires), but hand-rolled signers and proxies also
// produce base64url and drop the padding; all of them decode to the same JSON. `atob` takes missing padding and
// throws on anything that is not base64.
function decodeBase64(text: string): string | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
  } catch {
    return undefined
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/

/** The JSON of a POST form's `Policy` field (any case), or undefined when there is none or it does not decode. */
export function decodePolicy(
  fields: Record<string, string>,
): { expiration?: unknown; conditions?: unknown } | undefined {
  if (typeof fields !== 'object' || fields === null) return undefined
  const encoded = Object.entries(fields).find(([name]) => name.toLowerCase() === 'policy')?.[1]
  if (typeof encoded !== 'string') return undefined
  const json = decodeBase64(encoded.trim())
  if (json === undefined) return undefined
  try {
    const policy: unknown = JSON.parse(json)
    return typeof policy === 'object' && policy !== null ? policy : undefined
  } catch {
    return undefined
  }
}

/** When a POST policy lapses: its `expiration` (ms since epoch, signer's clock); anything unreadable → undefined. */
export function expiresAtFromPolicy(fields: Record<string, string>): number | undefined {
  const expiration = decodePolicy(fields)?.expiration
  if (typeof expiration !== 'string' || !ISO_DATE_TIME.test(expiration)) return undefined
  const time = Date.parse(expiration)
  return Number.isFinite(time) ? time : undefined
}

const finite = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined)

/**
 * When a signed upload lapses (ms since epoch, server's clock): what the flow said explicitly (a vendor's expiry, a
 * policy's expiration), else what the URL says, else undefined (unknown, which is not the same as "never").
 */
export function expiresAtOf(signed: SignedUpload): number | undefined {
  if (typeof signed !== 'object' || signed === null) return undefined
  return finite(signed.expiresAt) ?? expiresAtFromUrl(signed.url)
}

/**
 * When a signed upload was signed and when it lapses, both on the signer's clock, as far as the upload says: what
 * the flow set (`signedAt`, `expiresAt`), else its URL's `X-Amz-Date` / `X-Goog-Date` and expiry. Their difference is
 * the lifetime, which needs no agreement between our clock and the server's.
 */
export function lifetimeOf(signed: SignedUpload): { signedAt?: number; expiresAt?: number } {
  const params = queryParams(signed.url)
  const signedAt = finite(signed.signedAt) ?? parseBasicIsoDate(params.get('x-amz-date') ?? params.get('x-goog-date'))
  return { signedAt, expiresAt: expiresAtOf(signed) }
}

/**
 * A POST policy's own lifetime, for its `SignedPost` (a POST-policy flow sets it; a PUT flow never loads this):
 * its `X-Amz-Date` field (any case) and its `expiration`.
 */
export function policyLifetime(fields: Record<string, string>): { signedAt?: number; expiresAt?: number } {
  const date = Object.entries(fields).find(([name]) => name.toLowerCase() === 'x-amz-date')?.[1]
  return { signedAt: parseBasicIsoDate(date), expiresAt: expiresAtFromPolicy(fields) }
}
