export type UploadErrorKind =
  | 'signature-mismatch'
  | 'expired'
  | 'policy'
  | 'too-large'
  | 'too-small'
  | 'cors'
  | 'network'
  | 'rate-limited'
  | 'server'
  | 'presign'
  /**
   * The presign API refused because the session the upload belongs to (a chat, a form run…) is unknown, or is at a
   * step that takes no file: the app (or its user) must bring the session to such a step, then retry. The vendor's
   * reader says which case (`details`) and what to do (`hint`).
   */
  | 'session'
  | 'malformed-presign'
  | 'invalid-file'
  /**
   * Refused before any request because of what the app or the person chose for the file (its meta, e.g. a
   * category the vendor or the app does not take), not its bytes: set another value, then retry.
   */
  | 'invalid-meta'
  | 'cid-mismatch'
  | 'storage'

export interface UploadErrorInfo {
  kind: UploadErrorKind
  fileName?: string
  status?: number
  /** The service's own code (`SignatureDoesNotMatch`, `BAD_REQUEST` …). */
  code?: string
  /** Whether sending the same request again may succeed (an `expired` one needs a new signature first). */
  retryable: boolean
  /** What to do about it, also the last sentence of the message. */
  hint?: string
  details?: Record<string, string>
  /**
   * A presign call's refusal of several files whose every issue the vendor tied to some of them: their positions in
   * that call. The engine then fails only those files and presigns the others again without them.
   */
  namedFiles?: number[]
  cause?: unknown
}

/** Every failure of an upload, with a message that says which file, what rule, and what to do. */
export class UploadError extends Error {
  readonly info: UploadErrorInfo

  constructor(message: string, info: UploadErrorInfo) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause })
    this.name = 'UploadError'
    this.info = info
  }
}

/**
 * Whether an answer with this status may succeed when the same request is sent again: no answer (0), a timeout
 * (408), a rate limit (429), and 5xx, except 501 and 505, which describe the request or the server's setup, not a
 * moment. Other 4xx never do (a signature mismatch, a file too large, a refused name stay so). 5xx includes
 * gateways' 520–524, which Cloudflare in front of vendor APIs sends for a transient origin failure.
 */
export function isRetryableStatus(status: number): boolean {
  return [0, 408, 429].includes(status) || (status >= 500 && status <= 599 && status !== 501 && status !== 505)
}
