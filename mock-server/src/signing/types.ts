/** Why a signed request was refused, in the terms S3 / GCS use in their XML error bodies. */
export interface SigningFailure {
  status: 400 | 403
  code: string // e.g. 'SignatureDoesNotMatch', 'AccessDenied', 'AuthorizationQueryParametersError', 'ExpiredToken', 'InvalidAccessKeyId'
  message: string // the service's own wording, e.g. 'Request has expired'
  details?: Record<string, string> // extra XML elements the real service adds, e.g. { CanonicalRequest, StringToSign, SignatureProvided, AWSAccessKeyId, Expires, ServerTime }
}
export type Verified<T> = { ok: true; value: T } | { ok: false; error: SigningFailure }
