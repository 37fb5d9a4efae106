export { awsS3SignRequest, type S3PostSigned } from './aws-s3-sign-request.ts'
export type { FitTo } from './fit-to.ts'
export {
  type LeonardoAdapterOptions,
  type LeonardoGenerationSettings,
  type LeonardoInitImageOptions,
  type LeonardoInitImagePolicy,
  leonardo,
} from './leonardo.ts'
export { type LeonardoApiOptions, LeonardoError, type LeonardoErrorKind } from './leonardo-api.ts'
export { createLeonardoDataset } from './leonardo-dataset.ts'
export {
  followLeonardoGeneration,
  type LeonardoFollowOptions,
  type LeonardoGenerationOptions,
  type LeonardoGenerationOutcome,
  type LeonardoGenerationProgress,
  type LeonardoPollOptions,
  leonardoGeneration,
  readLeonardoGenerationById,
  startLeonardoGeneration,
} from './leonardo-generation.ts'
export { type LeonardoStepStrings, leonardoStepLocale } from './leonardo-step-locale.ts'
export type { PolicyRequest, PolicyResponse, PresignedPost, PresignPolicy } from './policy-shapes.ts'
export { default, type S3PostPolicyOptions, type S3PostResult } from './S3PostPolicy.ts'
export { type TypebotAdapterOptions, typebot } from './typebot.ts'
