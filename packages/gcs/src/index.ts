export { awsS3SignRequest } from './aws-s3-sign-request.ts'
export { default, type GcsResult, type GcsSignedUrlOptions, type PresignedPut } from './GcsSignedUrl.ts'
export { type StartrailAdapterOptions, startrail } from './startrail.ts'
