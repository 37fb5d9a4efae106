export { awsS3SignRequest } from './aws-s3-sign-request.ts'
export { default, type GcsResult, type GcsSignedUrlOptions, type SignedGcsPut } from './GcsSignedUrl.ts'
export {
  STARTRAIL_CATEGORIES,
  STARTRAIL_MAX_BYTES,
  type StartrailAdapterOptions,
  type StartrailCategory,
  type StartrailResult,
  type StartrailSignedUrlsResponse,
  startrail,
} from './startrail.ts'
