import { PresignShapeProblem } from '@uppy-presign/core'
import type { StartrailSignedUrlsResponse } from '@uppy-presign/vendors'
import type { PresignedPut } from './GcsSignedUrl.ts'

/** One file's signed PUT, ready to send: `headers` carries exactly the Content-Type GCS signed. */
export interface MappedSignedPut {
  fileName: string
  url: string
  contentType: string
  headers: Record<string, string>
  finalUrl?: string
}

/**
 * Startrail's `{ results }`, or a list of `{ url, contentType?, headers? }`, matched to the names that were asked
 * for. Shared by `GcsSignedUrl` and `awsS3SignRequest`, so both read a signing answer the same way; an answer
 * they cannot use is a `PresignShapeProblem`, worded by the caller.
 */
export function mapSignedUrls(
  filenames: string[],
  answer: StartrailSignedUrlsResponse | PresignedPut[],
): MappedSignedPut[] {
  const list: unknown = Array.isArray(answer) ? answer : (answer as { results?: unknown })?.results
  if (!Array.isArray(list)) throw new PresignShapeProblem('presignShapeExpected')
  return filenames.map((filename, i) => {
    // Match by name when the vendor says which file a result is for; fall back to order.
    const item = (list.find((r) => (r as { filename?: unknown } | null)?.filename === filename) ?? list[i]) as
      | (PresignedPut & { filename?: unknown })
      | undefined
    if (typeof item?.filename === 'string' && item.filename !== filename) {
      // Uploading with it would store the file under another name, where its finalUrl does not point.
      throw new PresignShapeProblem('presignResultForOther', { name: filename, index: i, other: item.filename }, i)
    }
    const headers = Object.entries(item?.headers ?? {})
    const contentType = item?.contentType ?? headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]
    if (typeof item?.url !== 'string' || typeof contentType !== 'string') {
      const key = typeof item?.url !== 'string' ? 'presignResultWithoutUrl' : 'presignResultWithoutType'
      throw new PresignShapeProblem(key, { name: filename }, i)
    }
    // GCS signs content-type: send exactly what the signer chose, whatever the file's own type says, and no second
    // Content-Type in another casing (the browser would join them, and errors would read the signed value from it).
    const otherHeaders = Object.fromEntries(headers.filter(([name]) => name.toLowerCase() !== 'content-type'))
    return {
      fileName: filename,
      url: item.url,
      contentType,
      headers: { ...otherHeaders, 'Content-Type': contentType },
      ...(typeof item.finalUrl === 'string' ? { finalUrl: item.finalUrl } : {}),
    }
  })
}
