import { presignRequest } from '@uppy-presign/core'
import { readStartrailError, type StartrailCategory, type StartrailSignedUrlsResponse } from '@uppy-presign/vendors'

export interface StartrailAdapterOptions {
  /** Startrail's `<base_url>` (on the mock: `http://127.0.0.1:4010/startrail`; behind a proxy: `/app/startrail`). */
  endpoint: string
  /**
   * What the files are, as Startrail's categories define it; decides where `finalUrl` points. The default: a file
   * that names its own (`GcsSignedUrl` sends `meta.category`) is signed for that one.
   */
  category: StartrailCategory
  /** `write` (upload, default) or `read` (signed GETs of stored files). */
  action?: 'write' | 'read'
  /** Extra request headers. The commerce-api-key belongs on your server (`startrailProxy`), not here. */
  headers?: Record<string, string>
  fetch?: typeof fetch
}

/** One file to sign: its name, and its own category when it has one (else the adapter's `category`). */
export interface StartrailFileToSign {
  fileName: string
  category?: StartrailCategory
}

/**
 * The signing function `startrail()` makes. `category` is its default, readable by the plugin: a file signed
 * without a category of its own is stored under it, and its result says so. `action` says which URLs it signs:
 * `GcsSignedUrl` refuses a `read` one (reads go through `startrailReads`).
 */
export type StartrailPresign = ((files: StartrailFileToSign[]) => Promise<StartrailSignedUrlsResponse>) & {
  readonly category: StartrailCategory
  readonly action: 'write' | 'read'
}

/** A client of Startrail's `POST /port/api/v1/commerce/signedUrls`, for `GcsSignedUrl`'s `presign` option. */
export function startrail({
  endpoint,
  category,
  action = 'write',
  headers,
  fetch,
}: StartrailAdapterOptions): StartrailPresign {
  const presign = (files: StartrailFileToSign[]): Promise<StartrailSignedUrlsResponse> =>
    presignRequest<StartrailSignedUrlsResponse>({
      vendor: 'Startrail',
      url: `${endpoint.replace(/\/+$/, '')}/port/api/v1/commerce/signedUrls`,
      // Startrail takes a category per payload entry: one call may sign an artwork and its certificate.
      body: { action, payload: files.map((f) => ({ filename: f.fileName, category: f.category ?? category })) },
      headers,
      fetch,
      fileNames: files.map((f) => f.fileName),
      readError: readStartrailError,
    })
  return Object.assign(presign, { category, action })
}

/** The default category a signing function declares (`startrail()`'s `category`), if it is one that does. */
export function defaultCategoryOf(presign: unknown): StartrailCategory | undefined {
  const category = (presign as { category?: unknown } | undefined)?.category
  return typeof category === 'string' ? (category as StartrailCategory) : undefined
}
