import { presignRequest } from '@uppy-presign/core'

export const STARTRAIL_CATEGORIES = [
  'certificate',
  'for_authenticity',
  'artwork',
  'installation',
  'non_attachment_file',
] as const
export type StartrailCategory = (typeof STARTRAIL_CATEGORIES)[number]
/** Documented: "filesize < 2^31". */
export const STARTRAIL_MAX_BYTES = 2 ** 31 - 1

/** One result of Startrail's `signedUrls`: send exactly `contentType`; keep `finalUrl`. */
export interface StartrailResult {
  filename: string
  contentType: string
  url: string
  finalUrl: string
}
export interface StartrailSignedUrlsResponse {
  results: StartrailResult[]
}

export interface StartrailAdapterOptions {
  /** Startrail's `<base_url>` (on the mock: `http://127.0.0.1:4010/startrail`; behind a proxy: `/app/startrail`). */
  endpoint: string
  /** What the files are, as Startrail's categories define it; decides where `finalUrl` points. */
  category: StartrailCategory
  /** `write` (upload, default) or `read` (signed GETs of stored files). */
  action?: 'write' | 'read'
  /** Extra request headers. The commerce-api-key belongs on your server (`startrailProxy`), not here. */
  headers?: Record<string, string>
  fetch?: typeof fetch
}

/** A client of Startrail's `POST /port/api/v1/commerce/signedUrls`, for `GcsSignedUrl`'s `presign` option. */
export function startrail({ endpoint, category, action = 'write', headers, fetch }: StartrailAdapterOptions) {
  return (files: Array<{ filename: string }>): Promise<StartrailSignedUrlsResponse> =>
    presignRequest<StartrailSignedUrlsResponse>({
      vendor: 'Startrail',
      url: `${endpoint.replace(/\/+$/, '')}/port/api/v1/commerce/signedUrls`,
      body: { action, payload: files.map(({ filename }) => ({ filename, category })) },
      headers,
      fetch,
      fileNames: files.map((f) => f.filename),
    })
}
