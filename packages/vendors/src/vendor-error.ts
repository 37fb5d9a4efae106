/** What a vendor's error answer says, read out of its own shape. */
export interface VendorErrorReading {
  /** One entry per problem the vendor listed; `fileIndex` when it names a file of the request by position. */
  issues: Array<{ message: string; fileIndex?: number }>
  /** The vendor's own error code (`BAD_REQUEST` …). */
  code?: string
  details?: Record<string, string>
  /**
   * `session` when the refusal is about the state of the session the upload belongs to, not the request (the
   * `UploadError`'s kind then is `session`, not `presign`).
   */
  kind?: 'session'
  /** What to do, in the vendor's terms; replaces the hint the status alone would give. One sentence. */
  hint?: string
}

/**
 * Why a request is refused, for a builder to word in a vendor's own error shape: the proxy answers in that shape so
 * the browser reads one shape whether the vendor or the proxy said no.
 */
export interface VendorErrorInput {
  /** HTTP status of the answer. */
  status: number
  /** One entry per problem, each naming the field (`files.3.mimeType`) or rule it breaks. */
  problems: readonly string[]
  /** Where in the body the first problem is, as a JSON path (`$.extension`), for vendors whose errors carry one. */
  path?: string
}
