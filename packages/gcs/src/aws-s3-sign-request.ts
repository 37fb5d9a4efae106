import {
  type AwsS3SignRequest,
  type AwsS3SignRequestOptions,
  sanitizeFileName,
  UploadError,
  wholeFileKey,
} from '@uppy-presign/core'
import type { GcsResult, GcsSignedUrlOptions } from './GcsSignedUrl.ts'
import locale from './locale.ts'
import { type MappedSignedPut, mapSignedUrls } from './map-signed-urls.ts'

/**
 * A `signRequest` for `@uppy/aws-s3` 6 from `startrail({ endpoint, category })` (or any `presign`), for apps that
 * keep the official plugin. One signing call per file; the Content-Type GCS signed goes into `headers`, so it
 * replaces the file's own; the name Startrail stored the file under becomes the `key` aws-s3 reports.
 */
export function awsS3SignRequest(
  presign: GcsSignedUrlOptions['presign'],
  { onSigned }: AwsS3SignRequestOptions<GcsResult> = {},
): AwsS3SignRequest {
  return async (request) => {
    const key = wholeFileKey(request, 'a GCS signed URL')
    // aws-s3's key is `<uuid>-<file name>`, unique already; Startrail still refuses spaces, so the name is made safe.
    const filename = sanitizeFileName(key)
    const signed = mapSignedUrls(
      [filename],
      await presign([{ filename }]),
      (problem) =>
        new UploadError(fill(locale.strings.malformedPresignFor, { name: filename, problem }), {
          kind: 'malformed-presign',
          fileName: filename,
          retryable: false,
        }),
    )[0] as MappedSignedPut
    onSigned?.({
      key: filename,
      filename,
      contentType: signed.contentType,
      finalUrl: signed.finalUrl ?? stripQuery(signed.url),
    })
    return { url: signed.url, headers: signed.headers, key: filename }
  }
}

const stripQuery = (url: string) => url.split('?')[0] ?? url

/** The plugin's locale string without a plugin instance (a function replacement: `$&` in a problem stays text). */
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/%\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
