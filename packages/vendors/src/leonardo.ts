// Leonardo.ai: upload an init or dataset image with a presigned URL:
// https://docs.leonardo.ai/docs/how-to-upload-an-image-using-a-presigned-url
import { asText, isRecord, parsedBody } from './json-values.ts'
import type { VendorErrorInput, VendorErrorReading } from './vendor-error.ts'

/** The extensions `init-image` and `datasets/{id}/upload` take; the bytes must be in that format. */
export const LEONARDO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const
export type LeonardoExtension = (typeof LEONARDO_EXTENSIONS)[number]

/** The body of `POST …/init-image` and `POST …/datasets/{id}/upload`. */
export interface LeonardoUploadRequest {
  extension: LeonardoExtension
}

/** Where to post the file: `fields` is a JSON *string* of the form fields; `id` names the image afterwards. */
export interface LeonardoUploadTarget {
  id: string
  fields: string
  key: string
  url: string
}
export interface LeonardoInitImageResponse {
  uploadInitImage: LeonardoUploadTarget
}
export interface LeonardoDatasetImageResponse {
  uploadDatasetImage: LeonardoUploadTarget
}

/** Hasura's shape, which Leonardo's REST API answers with: `path` is a JSON path (`$.extension`). */
export interface LeonardoErrorBody {
  error: string
  path: string
  code: string
}

/** Hasura's error codes, by the status they come with. */
function hasuraCode(status: number): string {
  if (status === 401) return 'invalid-jwt'
  if (status === 403) return 'access-denied'
  if (status === 404) return 'not-found'
  if (status === 405) return 'not-supported'
  if (status === 429) return 'rate-limit-exceeded'
  return status >= 500 ? 'unexpected' : 'validation-failed'
}

/** A refusal in Leonardo's own error shape. */
export const leonardoErrorBody = ({ status, problems, path }: VendorErrorInput): LeonardoErrorBody => ({
  error: problems.join('; '),
  path: path ?? '$',
  code: hasuraCode(status),
})

/**
 * A Leonardo error answer (parsed JSON or its text); undefined when the body is not in Leonardo's shape, which is
 * told from NestJS's (which also has `error`) by its `path` or `code`.
 */
export function readLeonardoError(body: unknown): VendorErrorReading | undefined {
  const record = parsedBody(body)
  if (!isRecord(record) || typeof record.error !== 'string' || !record.error.trim()) return undefined
  const path = asText(record.path)
  const code = asText(record.code)
  if (path === undefined && code === undefined) return undefined
  const error = record.error.trim()
  return {
    issues: [{ message: path ? `${error} (at ${path})` : error }],
    ...(code ? { code } : {}),
    details: path ? { path } : {},
  }
}
