export {
  type AwsS3SignableRequest,
  type AwsS3SignedRequest,
  type AwsS3SignRequest,
  type AwsS3SignRequestOptions,
  awsS3Strings,
  awsS3Words,
  wholeFileKey,
} from './aws-s3-compat.ts'
export { backoffDelayMs, type RetryDelayOptions } from './backoff.ts'
export { roundedBytes } from './bytes.ts'
export { decodePolicy, lifetimeOf, policyLifetime } from './expiry.ts'
export type { Explain, FailureInputs, FailureName, ReadVendorError, Translate, VendorErrorReading } from './failures.ts'
export { explainer, translator } from './failures.ts'
export { displayFileName, type SanitizeFileNameOptions, sanitizeFileName } from './file-names.ts'
export type { EngineOptions, Presigned, SignedPost, SignedPut, SignedUpload, UploadFlow } from './flow.ts'
export { engineDefaults, PresignShapeProblem, unsignedUrl } from './flow.ts'
export { imageTypeOf, type SniffedImageType } from './image-type.ts'
export { PresignPlugin, type PresignPluginOptions } from './presign-plugin.ts'
export {
  callJson,
  type JsonCall,
  type PresignRequestInput,
  presignRequest,
  UnexplainedFailure,
} from './presign-request.ts'
export { parseStorageErrorXml } from './storage-error-xml.ts'
export type { StorageResponse } from './transport.ts'
export { isRetryableStatus, UploadError, type UploadErrorInfo, type UploadErrorKind } from './upload-error.ts'
