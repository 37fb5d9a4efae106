export type { CategoryPickerOptions } from './category-picker.ts'
export { LeonardoGeneration, type LeonardoGenerationProps } from './LeonardoGeneration.tsx'
export {
  type LeonardoGenerateOptions,
  type LeonardoGenerationState,
  useLeonardoGeneration,
} from './leonardo-generations.ts'
export {
  GcsUploader,
  type GcsUploaderProps,
  IpfsUploader,
  S3PostUploader,
  type S3PostUploaderProps,
} from './presets.tsx'
export type { UploadResultsStrings } from './strings.ts'
export type { UploadResultItem } from './types.ts'
export { Uploader, type UploaderProps } from './Uploader.tsx'
export { UploadResults } from './UploadResults.tsx'
export { useUploadResults } from './use-upload-results.ts'
export { useUppyFlow } from './use-uppy-flow.ts'
