import type { Translate } from '@uppy-presign/core'
import type {
  LeonardoDatasetImageResponse,
  LeonardoInitImageResponse,
  TypebotUploadUrlResponse,
} from '@uppy-presign/vendors'

/** `createPresignedPost` from `@aws-sdk/s3-presigned-post`, as an app's own backend returns it. */
export interface PresignedPost {
  url: string
  fields: Record<string, string>
}

export type PolicyResponse =
  | LeonardoInitImageResponse
  | LeonardoDatasetImageResponse
  | TypebotUploadUrlResponse
  | PresignedPost

/** What a `presign` function is asked for: one file. */
export interface PolicyRequest {
  name: string
  type: string
  /** Lower case, no dot ('' when the name has none). */
  extension: string
  size: number
  data: Blob
}

/**
 * A policy source. Vendor adapters may carry the vendor's own rules with them: `check` refuses a file before any
 * request, `prepare` returns the bytes to send (Leonardo's `fitTo` scales an image to the generation's bounds), both
 * wording their errors with `words()`, the plugin's translator (loaded on first use), which has the adapter's
 * `locale` strings too.
 */
export type PresignPolicy = ((file: PolicyRequest) => Promise<PolicyResponse>) & {
  check?: (file: PolicyRequest, words: () => Promise<Translate>) => void | Promise<void>
  prepare?: (file: PolicyRequest, words: () => Promise<Translate>) => Blob | Promise<Blob>
  /** The adapter's own strings (its rules' messages), merged into the plugin's locale; the app's still win. */
  locale?: { strings: Record<string, string> }
}
