import { presignRequest } from '@uppy-presign/core'
import { NFT2_MAX_FILES, type Nft2PresignRequest, type Nft2PresignResponse, readNft2Error } from '@uppy-presign/vendors'

export interface Nft2AdapterOptions {
  /**
   * Your presign proxy (`nft2Proxy` of `@uppy-presign/server`, e.g. `/app/nft2`); `/presigned-image` is appended. NFT2
   * itself wants a bearer token got for the API key (`…/upload/presigned-image`), which only a server should hold.
   */
  endpoint: string
  /** Extra request headers (an app session token, say). Never put the NFT2 API key here in browser code: use a proxy. */
  headers?: Record<string, string>
  fetch?: typeof fetch
}

/**
 * `nft2()`'s presign function, which declares NFT2's limit of files per call (`IpfsPresign` refuses a larger batch)
 * and that names must be plain file names (`IpfsPresign` refuses others before the call).
 */
export type Nft2Presign = ((files: Nft2PresignRequest['files']) => Promise<Nft2PresignResponse>) & {
  readonly vendor: 'NFT2'
  readonly maxFiles: typeof NFT2_MAX_FILES
  readonly plainNames: true
}

/** A client of NFT2's presign API (`generatePresignedImage`), for `IpfsPresign`'s `presign` option. */
export function nft2({ endpoint, headers, fetch }: Nft2AdapterOptions): Nft2Presign {
  const presign = (files: Nft2PresignRequest['files']): Promise<Nft2PresignResponse> =>
    presignRequest<Nft2PresignResponse>({
      vendor: 'NFT2',
      url: `${endpoint.replace(/\/+$/, '')}/presigned-image`,
      body: { files },
      headers,
      fetch,
      fileNames: files.map((f) => f.fileName),
      readError: readNft2Error,
    })
  // Plain names: nft2Proxy refuses a name that is a path, as a key it would put into the bucket.
  return Object.assign(presign, { vendor: 'NFT2', maxFiles: NFT2_MAX_FILES, plainNames: true } as const)
}
