import type { OptionalPluralizeLocale } from '@uppy/core/utils'
import { explainer, type Translate, translator } from './failures.ts'
import { PresignShapeProblem } from './flow.ts'
import { UnexplainedFailure } from './presign-request.ts'
import { UploadError } from './upload-error.ts'

/**
 * What `@uppy/aws-s3` 6 asks its `signRequest` to sign: one S3 request, never the file. Declared here rather than
 * imported because the package exports no such type, and so the flows need no dependency on it; every request type
 * of its `PresignableRequest` union is assignable to this one.
 */
export interface AwsS3SignableRequest {
  method: 'PUT' | 'POST' | 'GET' | 'DELETE'
  /** The object key aws-s3 proposes: `generateObjectKey(file)`, by default `<random UUID>-<file name>`. */
  key: string
  /** On a whole-file PUT: `file.type`, or `application/octet-stream`. */
  contentType?: string
  /** Only on multipart steps. */
  uploadId?: string
  partNumber?: number
  expiresIn?: number
}

/** What `signRequest` answers (aws-s3's `PresignedResponse`). */
export interface AwsS3SignedRequest {
  url: string
  /** The key the object is stored under, when the signer chose it; aws-s3 reports it in `upload-success`. */
  key?: string
  /** Sent on the PUT; a `Content-Type` here replaces the file's own. */
  headers?: Record<string, string>
  /** POST-policy form fields: with them aws-s3 posts a form (fields first, file last) instead of a PUT. */
  fields?: Record<string, string>
}

export type AwsS3SignRequest = (request: AwsS3SignableRequest) => Promise<AwsS3SignedRequest>

export interface AwsS3SignRequestOptions<T> {
  /**
   * Called once per signed file with what the vendor answered beyond the URL (a finalUrl, an id, a fileUrl), under
   * the `key` aws-s3 will report in `upload-success`: its result is only `{ location, key }`, with no room for them.
   */
  onSigned?: (signed: T & { key: string }) => void
  /** Strings that replace the adapter's and the failure messages' defaults (an Uppy locale's `strings`). */
  locale?: OptionalPluralizeLocale
}

/** The strings of `wholeFileKey`; the adapters put them first in their translator, before the app's locale. */
export const awsS3Strings = {
  strings: {
    // @uppy/aws-s3 switched to multipart; %{step} is one of the two strings below, %{signer} what the adapter signs
    // (the flow's `awsS3Signer` string).
    multipartRefused:
      '%{name}: @uppy/aws-s3 asked to sign %{step}, but %{signer} signs whole files only. Set `shouldUseMultipart: false` on the AwsS3 plugin (by default it uses multipart above 100 MiB).',
    // %{part} is the part's number.
    multipartPart: 'part %{part} of a multipart upload',
    // %{method} is the HTTP method of the step.
    multipartStep: 'a %{method} request of a multipart upload',
  },
}

/**
 * The key of the one request a presign vendor can sign: a whole-file PUT. aws-s3 switches to multipart (create,
 * parts, complete) on its own above 100 MiB, and no vendor here signs those steps, so they get an error that says
 * which option to set instead of a vendor's 4xx about a request it never documented. `t` words it (with
 * `awsS3Strings` and the flow's `awsS3Signer`).
 */
export function wholeFileKey(request: AwsS3SignableRequest, t: Translate): string {
  const key = String(request?.key ?? '')
  if (request?.method === 'PUT' && request.uploadId === undefined) return key
  const step =
    request?.partNumber !== undefined
      ? t('multipartPart', { part: request.partNumber })
      : t('multipartStep', { method: request?.method ?? '' })
  throw new UploadError(t('multipartRefused', { name: key, step, signer: t('awsS3Signer') }), {
    kind: 'presign',
    fileName: key,
    retryable: false,
  })
}

/**
 * The words of an `awsS3SignRequest` adapter: `t` over `awsS3Strings`, the flow's strings and the app's `locale`,
 * and `presigned(fileName, step)`, which runs the adapter's presign step and words what it throws as the plugin
 * would (a vendor's refusal, an answer it cannot use).
 */
export function awsS3Words(flowLocale: OptionalPluralizeLocale, appLocale: OptionalPluralizeLocale) {
  const t = translator([awsS3Strings, flowLocale, appLocale])
  const explain = explainer(() => [appLocale])
  const presigned = async <T>(fileName: string, step: () => Promise<T>): Promise<T> => {
    try {
      return await step()
    } catch (error) {
      if (error instanceof UnexplainedFailure) throw await explain(error.failure, error.input)
      if (!(error instanceof PresignShapeProblem)) throw error
      throw new UploadError(t('malformedPresign', { names: fileName, problem: t(error.key, error.values) }), {
        kind: 'malformed-presign',
        fileName,
        retryable: false,
      })
    }
  }
  return { t, presigned }
}
