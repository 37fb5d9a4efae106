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
  | 'malformed-presign'
  | 'invalid-file'
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
