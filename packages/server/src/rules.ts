import { isMediaType, isPlainFileName } from '@uppy-presign/vendors'
import type { Refusal } from './types.ts'

/** Longer names than most file systems keep are not a real user's file. */
export const MAX_NAME_LENGTH = 255
/** Ids a vendor hands out (UUIDs, cuids) fit this; anything else could change the vendor path it is put into. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/

/** Either a list of allowed values or a predicate that may look at the request too (its session, its cookies). */
export type AllowPolicy<T> = readonly T[] | ((value: T, request: Request) => boolean | Promise<boolean>)

export async function allows<T>(policy: AllowPolicy<T> | undefined, value: T, request: Request): Promise<boolean> {
  if (policy === undefined) return true
  return typeof policy === 'function' ? await policy(value, request) : policy.includes(value)
}

/**
 * Why a name cannot be a file name, or nothing. Names become object keys: anything that could climb out of the
 * folder they are put in (`/`, `\`, `..`) or hide in a log (control characters) is refused, and so is `${`: S3 and
 * GCS POST policies read `${filename}` in a key as a variable, and AWS's SDK then signs `starts-with $key` for the
 * folder instead of the one key, so the browser could store any name under it.
 */
export function plainNameProblem(name: unknown, field: string): string | undefined {
  if (typeof name !== 'string' || name === '') return `${field} must be a non-empty string`
  if (!isPlainFileName(name)) {
    return `${field} (${JSON.stringify(name)}) must be a plain file name (no "/", "\\" or control characters)`
  }
  if (name.includes('${')) {
    return `${field} (${JSON.stringify(name)}) must not contain "\${": the storage policy would read it as a variable and sign a prefix instead of one key`
  }
  return undefined
}

export const isSafeId = (id: string) => SAFE_ID.test(id)

/**
 * Why a declared type is not a media type, or nothing. It becomes the stored object's Content-Type: a CR/LF or a
 * list in it would be a header the storage either splits or cannot send back.
 */
export function mediaTypeProblem(type: string, field: string): string | undefined {
  return isMediaType(type)
    ? undefined
    : `${field} (${JSON.stringify(type)}) must be a media type as RFC 9110 writes it (type/subtype, e.g. image/png)`
}

/**
 * `image/*` matches any image type and the wildcard in both halves any type; anything else matches itself only.
 * Case-insensitive and on the essence (parameters such as `; charset=utf-8` aside), as media types compare.
 */
export function mimeMatches(pattern: string, type: string): boolean {
  const p = pattern.toLowerCase()
  const t = (type.split(';')[0] ?? '').trim().toLowerCase()
  if (p === '*/*') return true
  return p.endsWith('/*') ? t.startsWith(p.slice(0, -1)) : p === t
}

export const normaliseExtension = (extension: string) => extension.replace(/^\./, '').toLowerCase()

/** Options are checked once, when the proxy is made: a typo should fail at start-up, not on a user's upload. */
export function assertSubset(option: string, values: readonly string[], documented: readonly string[]): void {
  const unknown = values.filter((v) => !documented.includes(v))
  if (unknown.length) {
    throw new TypeError(
      `${option}: ${unknown.map((v) => JSON.stringify(v)).join(', ')} not accepted by the vendor; use some of ${documented.join(', ')}`,
    )
  }
}

export function assertCount(option: string, value: number | undefined, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= max)) {
    throw new RangeError(`${option} must be an integer from 1 to ${max} (got ${value})`)
  }
}

/**
 * Problems found in one request, sorted into the two kinds of no: 400 for what is malformed or against the
 * vendor's own documented rules (the vendor would refuse it too), 403 for what the vendor would take but this app
 * did not allow. Malformed wins: the caller must fix the request before the app's rules mean anything.
 */
export class Problems {
  readonly #malformed: string[] = []
  readonly #forbidden: string[] = []
  #malformedPath: string | undefined
  #forbiddenPath: string | undefined

  malformed(message: string, path?: string): void {
    this.#malformed.push(message)
    this.#malformedPath ??= path
  }
  forbidden(message: string, path?: string): void {
    this.#forbidden.push(message)
    this.#forbiddenPath ??= path
  }
  get malformedCount(): number {
    return this.#malformed.length
  }
  refusal(): Refusal | undefined {
    const at = (path: string | undefined) => (path === undefined ? {} : { path })
    if (this.#malformed.length) return { status: 400, problems: this.#malformed, ...at(this.#malformedPath) }
    if (this.#forbidden.length) return { status: 403, problems: this.#forbidden, ...at(this.#forbiddenPath) }
    return undefined
  }
}
