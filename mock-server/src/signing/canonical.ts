// Pieces shared by the S3 (SigV4) and GCS (GOOG4) verifiers. Both services build the same
// "canonical request" shape, so a mistake here would show up in both: keep it small and exact.
import { utf8ToBytes } from './hashes.ts'
import type { SigningFailure, Verified } from './types.ts'

/**
 * RFC 3986 percent-encoding: everything except A-Z a-z 0-9 - . _ ~ is escaped, as UTF-8 bytes.
 * encodeURIComponent leaves !'()* alone, which SigV4 and GOOG4 both escape, hence the extra step.
 */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

// A segment like '%E0%A4%A' cannot be decoded; it is then compared as sent, which can only
// make the signature differ (the signer never produces such a path), never make it pass wrongly.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * The canonical URI of S3 and GCS: each path segment URI-encoded exactly once, '/' kept.
 * Clients differ in how much they escape in the URL they send (the AWS SDK escapes ' and ( ,
 * a browser may not), so decode what arrived and re-encode it the one canonical way.
 */
export function canonicalUri(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => uriEncode(decodeSegment(segment)))
    .join('/')
}

// Code-unit order: the encoded strings are pure ASCII, so this is the byte order both specs ask for.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Every query parameter but the signature, name and value encoded, sorted by name then value. */
export function canonicalQuery(params: URLSearchParams, isSignature: (name: string) => boolean): string {
  return [...params]
    .filter(([name]) => !isSignature(name))
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

/** Header values are trimmed and inner runs of whitespace become one space (SigV4 "Trimall"). */
export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ')
}

/** Parses the basic ISO 8601 form both services use, 'yyyymmddThhmmssZ'; undefined if it is not one. */
export function parseBasicIsoDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  // Date.UTC rolls '20130231' over into March; a real calendar date must survive the round trip.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined
  return date
}

/** S3 writes times in its error bodies as '2013-05-25T00:00:00Z' (no milliseconds). */
export function s3Time(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** S3's <StringToSignBytes>/<CanonicalRequestBytes>: the UTF-8 bytes as lower-case hex pairs, space separated. */
export function hexBytes(value: string): string {
  return [...utf8ToBytes(value)].map((b) => b.toString(16).padStart(2, '0')).join(' ')
}

/**
 * Constant-time string comparison (every byte is looked at whatever differs first). The length of a hex signature
 * is public anyway, so a length mismatch simply answers false.
 */
export function safeEqual(provided: string, expected: string): boolean {
  const a = utf8ToBytes(provided)
  const b = utf8ToBytes(expected)
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number)
  return difference === 0
}

export function fail<T>(
  status: SigningFailure['status'],
  code: string,
  message: string,
  details?: Record<string, string>,
): Verified<T> {
  return { ok: false, error: details ? { status, code, message, details } : { status, code, message } }
}
