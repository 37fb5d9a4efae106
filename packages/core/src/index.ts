export {
  type AwsS3SignableRequest,
  type AwsS3SignedRequest,
  type AwsS3SignRequest,
  type AwsS3SignRequestOptions,
  wholeFileKey,
} from './aws-s3-compat.ts'
export { planBatches } from './batching.ts'
export { ClockSkew, parseHttpDate } from './clock-skew.ts'
export {
  defaultEngineOptions,
  type EngineOptions,
  type PresignedFile,
  PresignUploadEngine,
  type UploadFlow,
} from './engine.ts'
export { expiresAtFromPolicy, expiresAtFromUrl, expiresAtOf, lifetimeOf } from './expiry.ts'
// The failure explanations, for code that builds its own errors; the kit loads them on demand (`explanations`).
export type { NoResponseInput, StorageErrorInput } from './failure-explanations.ts'
export {
  corsError,
  describeNameProblems,
  hiddenHeaderError,
  networkError,
  parseStorageErrorXml,
  storageError,
  vendorApiError,
} from './failure-explanations.ts'
export type { FileNameRules, SanitizeFileNameOptions } from './file-names.ts'
export { brokenNameRules, displayFileName, extensionOf, sanitizeFileName } from './file-names.ts'
export { type Explanations, explanations } from './load-explanations.ts'
export { PresignPlugin, type PresignPluginOptions } from './presign-plugin.ts'
export { type PresignRequestInput, presignRequest } from './presign-request.ts'
export type { RetryDelayOptions } from './retry.ts'
export { retryAfterMs, retryDelayMs } from './retry.ts'
export type { SignedPost, SignedPut, SignedUpload } from './signed-upload.ts'
export { type SendOptions, StorageRequestFailed, type StorageResponse, sendSignedUpload } from './transport.ts'
export type { UploadErrorInfo, UploadErrorKind } from './upload-error.ts'
export { isRetryableStatus, UploadError } from './upload-error.ts'
