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
export { StartrailDownloadButton, type StartrailDownloadButtonProps } from './StartrailDownloadButton.tsx'
export { StartrailFiles, type StartrailFilesProps } from './StartrailFiles.tsx'
export { useStartrailResultActions } from './startrail-result-actions.tsx'
export type { StartrailFilesStrings } from './startrail-strings.ts'
export type { UploadResultsStrings } from './strings.ts'
export type { UploadResultItem } from './types.ts'
export { Uploader, type UploaderProps } from './Uploader.tsx'
export { type RenderResultExtra, UploadResults } from './UploadResults.tsx'
export {
  type StartrailDownloads,
  type StartrailDownloadsOptions,
  type StoredFileItem,
  type StoredFileStatus,
  useStartrailDownloads,
} from './use-startrail-downloads.ts'
export { useUploadResults } from './use-upload-results.ts'
export { useUppyFlow } from './use-uppy-flow.ts'
