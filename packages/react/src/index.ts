export {
  type UseGcsUppyOptions,
  type UseIpfsUppyOptions,
  type UseS3PostUppyOptions,
  useGcsUppy,
  useIpfsUppy,
  useS3PostUppy,
} from './hooks.ts'
export { getUploadResultItems } from './result-items.ts'
export { defaultUploadResultsStrings, type UploadResultsStrings } from './strings.ts'
export type { UploaderTheme, UploadResultItem, UploadStatus, UppyOptions } from './types.ts'
export {
  type CommonUploaderProps,
  FILEBASE_GATEWAY,
  GcsUploader,
  type GcsUploaderProps,
  IpfsUploader,
  type IpfsUploaderProps,
  S3PostUploader,
  type S3PostUploaderProps,
  type UploaderDashboardOptions,
  UppyProvider,
} from './Uploaders.tsx'
export { UploadResults, type UploadResultsProps } from './UploadResults.tsx'
export { useUploadResults } from './use-upload-results.ts'
