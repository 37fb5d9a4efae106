import { type AwsS3SignRequest, type AwsS3SignRequestOptions, awsS3Words, wholeFileKey } from '@uppy-presign/core'
import { extensionOf } from '@uppy-presign/vendors'
import locale from './locale.ts'
import { mapPolicyResponse } from './map-policy.ts'
import type { PresignPolicy } from './policy-shapes.ts'

/** What the app keeps from a POST-policy vendor: Leonardo's image `id`, Typebot's `fileUrl`. */
export interface S3PostSigned {
  id?: string
  fileUrl?: string
}

/**
 * A `signRequest` for `@uppy/aws-s3` 6 from `leonardo.initImage`, `leonardo.datasetImage`, `typebot` or any
 * `PresignPolicy`, for apps that keep the official plugin: it answers with the policy's `{ url, fields }`, which aws-s3
 * posts as a form, fields first and the file last.
 *
 * aws-s3 hands the signer a key and a content type, never the file: `presign` is asked with the key's last
 * segment as `name`, `size` NaN and an empty `data`, and the adapter's own checks (Leonardo: the bytes match the
 * extension) do not run. An adapter that must change the bytes first (Leonardo's `fitTo`) is refused here.
 */
export function awsS3SignRequest(
  presign: PresignPolicy,
  { onSigned, locale: appLocale }: AwsS3SignRequestOptions<S3PostSigned> = {},
): AwsS3SignRequest {
  if (presign.prepare) {
    throw new TypeError(
      'awsS3SignRequest: this policy source rewrites the file before it is sent (Leonardo `fitTo`), but @uppy/aws-s3 never gives the signer the file. Use S3PostPolicy, or drop `fitTo`.',
    )
  }
  const { t, presigned } = awsS3Words(locale, appLocale)
  return async (request) => {
    const key = wholeFileKey(request, t)
    const name = key.slice(key.lastIndexOf('/') + 1)
    const asked = { name, type: request.contentType ?? '', extension: extensionOf(name), size: Number.NaN }
    const { url, fields, data } = await presigned(name, async () =>
      mapPolicyResponse(await presign({ ...asked, data: new Blob([]) })),
    )
    // aws-s3 stores under `fields.key` and reports it in `upload-success`.
    onSigned?.({ ...data, key: fields.key ?? '' })
    return { url, fields }
  }
}
