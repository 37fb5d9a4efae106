// The categories a file may be signed for (its `meta.category`), for an app's own picker.
export { STARTRAIL_CATEGORIES, type StartrailCategory } from '@uppy-presign/vendors'
export { awsS3SignRequest } from './aws-s3-sign-request.ts'
export { default, type GcsResult, type GcsSignedUrlOptions, type PresignedPut } from './GcsSignedUrl.ts'
export { saveBlob } from './save-blob.ts'
export {
  type StartrailAdapterOptions,
  type StartrailFileToSign,
  type StartrailPresign,
  startrail,
} from './startrail.ts'
export {
  type DownloadOptions,
  type SaveOptions,
  type SignedRead,
  type StartrailReads,
  type StartrailReadsOptions,
  type StoredFile,
  startrailReads,
} from './startrail-reads.ts'
