/** A presigned PUT: send the raw bytes with exactly these headers. */
export interface SignedPut {
  method: 'PUT'
  url: string
  headers: Record<string, string>
  /** Ms since epoch on the server's clock, when the vendor says so rather than the URL. */
  expiresAt?: number
}

/** A presigned POST policy: a multipart form, every field first, the file last (field `file`). */
export interface SignedPost {
  method: 'POST'
  url: string
  fields: Record<string, string>
  /** Ms since epoch on the server's clock, when the vendor says so rather than the policy. */
  expiresAt?: number
}

export type SignedUpload = SignedPut | SignedPost
