import { PresignShapeProblem } from '@uppy-presign/core'
import type { LeonardoUploadTarget } from '@uppy-presign/vendors'
import type { PolicyResponse } from './policy-shapes.ts'

/** One file's POST policy, ready to send, and what the app keeps from the vendor's answer. */
export interface MappedPolicy {
  url: string
  fields: Record<string, string>
  data: { id?: string; fileUrl?: string }
}

/**
 * The four documented answer shapes (Leonardo's `uploadInitImage` / `uploadDatasetImage` with `fields` as a JSON
 * string, Typebot's `{ presignedUrl, formData, fileUrl }`, `createPresignedPost`'s `{ url, fields }`) to one
 * `{ url, fields }`. Shared by `S3PostPolicy` and `awsS3SignRequest`, so both read a policy the same way; an answer
 * they cannot use is a `PresignShapeProblem`, worded by the caller.
 */
export function mapPolicyResponse(answer: PolicyResponse): MappedPolicy {
  const fail = (key: string) => new PresignShapeProblem(key)
  const a = answer as unknown as Partial<Record<string, unknown>>
  const target = (a?.uploadInitImage ?? a?.uploadDatasetImage) as LeonardoUploadTarget | undefined
  if (target) {
    let fields: unknown
    try {
      fields = typeof target.fields === 'string' ? JSON.parse(target.fields) : target.fields
    } catch {
      throw fail('presignFieldsNotJson')
    }
    if (typeof target.url !== 'string' || !fields || typeof fields !== 'object') throw fail('presignWithoutFields')
    return { url: target.url, fields: fields as Record<string, string>, data: { id: target.id } }
  }
  if (typeof a?.presignedUrl === 'string') {
    if (!a.formData || typeof a.formData !== 'object') throw fail('presignWithoutFormData')
    if (typeof a.fileUrl !== 'string') throw fail('presignWithoutFileUrl')
    return { url: a.presignedUrl, fields: a.formData as Record<string, string>, data: { fileUrl: a.fileUrl } }
  }
  if (typeof a?.url === 'string' && a.fields && typeof a.fields === 'object') {
    return { url: a.url, fields: a.fields as Record<string, string>, data: {} }
  }
  throw fail('presignShapeExpected')
}
