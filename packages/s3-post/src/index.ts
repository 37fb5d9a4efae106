export { awsS3SignRequest, type S3PostSigned } from './aws-s3-sign-request.ts'
export { fitPlan } from './fit-image.ts'
export type { FitTo } from './fit-to.ts'
export { LEONARDO_EXTENSIONS, type LeonardoAdapterOptions, leonardo } from './leonardo.ts'
export type {
  LeonardoDatasetImageResponse,
  LeonardoInitImageResponse,
  LeonardoUploadTarget,
  PolicyRequest,
  PolicyResponse,
  PresignedPost,
  PresignPolicy,
  TypebotUploadUrlResponse,
} from './policy-shapes.ts'
export { default, type S3PostPolicyOptions, type S3PostResult } from './S3PostPolicy.ts'
export { type TypebotAdapterOptions, typebot } from './typebot.ts'
