/**
 * The four vendors' presign contracts — their documented rules, request and answer types, and error shapes — in
 * one place that the browser plugins and the presign proxies both read, so the two cannot disagree.
 */

export { extensionOf, isPlainFileName } from './file-names.ts'
export {
  LEONARDO_EXTENSIONS,
  type LeonardoDatasetImageResponse,
  type LeonardoErrorBody,
  type LeonardoExtension,
  type LeonardoInitImageResponse,
  type LeonardoUploadRequest,
  type LeonardoUploadTarget,
  leonardoErrorBody,
  readLeonardoError,
} from './leonardo.ts'
export {
  isLeonardoDatasetAnswer,
  isLeonardoGenerationJob,
  LEONARDO_GENERATION_SIZE,
  LEONARDO_INIT_STRENGTH,
  LEONARDO_JOB_STATUSES,
  LEONARDO_MAX_IMAGES,
  type LeonardoCreateDatasetRequest,
  type LeonardoCreateDatasetResponse,
  type LeonardoGeneratedImage,
  type LeonardoGeneration,
  type LeonardoGenerationFields,
  type LeonardoGenerationJobResponse,
  type LeonardoGenerationRequest,
  type LeonardoGenerationResponse,
  type LeonardoJobStatus,
  type LeonardoRequestProblem,
  leonardoDatasetProblems,
  leonardoGenerationProblems,
  readLeonardoGeneration,
} from './leonardo-generations.ts'
export { isMediaType } from './media-type.ts'
export {
  NFT2_MAX_FILES,
  NFT2_MIME_TYPES,
  type Nft2ErrorBody,
  type Nft2MimeType,
  type Nft2PresignRequest,
  type Nft2PresignResponse,
  nft2ErrorBody,
  readNft2Error,
} from './nft2.ts'
export {
  readStartrailError,
  STARTRAIL_ACTIONS,
  STARTRAIL_CATEGORIES,
  STARTRAIL_MAX_BYTES,
  STARTRAIL_NAME_RULES,
  type StartrailAction,
  type StartrailCategory,
  type StartrailErrorBody,
  type StartrailNameRule,
  type StartrailResult,
  type StartrailSignedUrlsRequest,
  type StartrailSignedUrlsResponse,
  startrailErrorBody,
  startrailNameRulesBroken,
} from './startrail.ts'
export {
  readTypebotError,
  type TypebotErrorBody,
  type TypebotUploadUrlRequest,
  type TypebotUploadUrlResponse,
  typebotErrorBody,
} from './typebot.ts'
export type { VendorErrorInput, VendorErrorReading } from './vendor-error.ts'
