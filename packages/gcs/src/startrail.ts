import { presignRequest } from '@uppy-presign/core'
import { readStartrailError, type StartrailCategory, type StartrailSignedUrlsResponse } from '@uppy-presign/vendors'

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

/**
 * A client of Startrail's `POST /port/api/v1/commerce/signedUrls`, for `GcsSignedUrl`'s `presign` option. Its
 * `action` property says which URLs it signs: `GcsSignedUrl` refuses a `read` one (reads go through `startrailReads`).
 */
export function startrail({ endpoint, category, action = 'write', headers, fetch }: StartrailAdapterOptions) {
  const sign = (files: Array<{ fileName: string }>): Promise<StartrailSignedUrlsResponse> =>
    presignRequest<StartrailSignedUrlsResponse>({
      vendor: 'Startrail',
      url: `${endpoint.replace(/\/+$/, '')}/port/api/v1/commerce/signedUrls`,
      body: { action, payload: files.map(({ fileName }) => ({ filename: fileName, category })) },
      headers,
      fetch,
      fileNames: files.map((f) => f.fileName),
      readError: readStartrailError,
    })
  return Object.assign(sign, { action } as const)
}
