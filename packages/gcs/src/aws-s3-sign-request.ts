import {
  type AwsS3SignRequest,
  type AwsS3SignRequestOptions,
  awsS3Words,
  sanitizeFileName,
  unsignedUrl,
  wholeFileKey,
} from '@uppy-presign/core'
import type { GcsResult, GcsSignedUrlOptions } from './GcsSignedUrl.ts'
import locale from './locale.ts'
import { type MappedSignedPut, mapSignedUrls } from './map-signed-urls.ts'
import { refuseReadAdapter } from './read-adapter.ts'

/**
 * A `signRequest` for `@uppy/aws-s3` 6 from `startrail({ endpoint, category })` (or any `presign`), for apps that
 * keep the official plugin. One signing call per file; the Content-Type GCS signed goes into `headers`, so it
 * replaces the file's own; the name Startrail stored the file under becomes the `key` aws-s3 reports.
 */
export function awsS3SignRequest(
  presign: GcsSignedUrlOptions['presign'],
  { onSigned, locale: appLocale }: AwsS3SignRequestOptions<GcsResult> = {},
): AwsS3SignRequest {
  refuseReadAdapter(presign, 'awsS3SignRequest')
  const { t, presigned } = awsS3Words(locale, appLocale)
  return async (request) => {
    const key = wholeFileKey(request, t)
    // aws-s3's key is `<uuid>-<file name>`, unique already; Startrail still refuses spaces, so the name is made safe.
    const filename = sanitizeFileName(key)
    const signed = await presigned(
      filename,
      async () => mapSignedUrls([filename], await presign([{ fileName: filename }]))[0] as MappedSignedPut,
    )
    onSigned?.({
      key: filename,
      fileName: filename,
      contentType: signed.contentType,
      finalUrl: signed.finalUrl ?? unsignedUrl(signed.url),
    })
    return { url: signed.url, headers: signed.headers, key: filename }
  }
}
