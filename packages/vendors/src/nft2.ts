// NFT2 (Derachain) SDK `generatePresignedImage`:
// https://docs.derachain.com/nft2.0/sdk/api-reference/generate-presigned-url-to-upload-image-ipfs
import { readNestJsError } from './nestjs-error.ts'
import { REASON_PHRASES } from './reason-phrases.ts'
import type { VendorErrorInput, VendorErrorReading } from './vendor-error.ts'

/** Documented: "size of array files must be <= 50". */
export const NFT2_MAX_FILES = 50
/** Documented: "Image mimeType only support in ["image/png", "image/jpeg", "image/svg+xml"]". */
export const NFT2_MIME_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const

export type Nft2MimeType = (typeof NFT2_MIME_TYPES)[number]

/**
 * The body of `generatePresignedImage` (NFT2: `POST {apiEndpoint}/upload/presigned-image` with a bearer token; the
 * presign proxy: `POST …/presigned-image`): at most {@link NFT2_MAX_FILES} files.
 */
export interface Nft2PresignRequest {
  files: Array<{ fileName: string; mimeType: string }>
}

/** NFT2's answer: one presigned S3 `PUT` URL per file, in request order. */
export interface Nft2PresignResponse {
  urls: string[]
}

/** NestJS's shape, which the NFT2 SDK surfaces: `message` is a list on a 400, `error` the reason phrase. */
export interface Nft2ErrorBody {
  statusCode: number
  message: string | string[]
  error: string
}

/** A refusal in NFT2's own error shape. */
export const nft2ErrorBody = ({ status, problems }: VendorErrorInput): Nft2ErrorBody => ({
  statusCode: status,
  message: status === 400 ? [...problems] : problems.join('; '),
  error: REASON_PHRASES[status] ?? 'Error',
})

/** An NFT2 error answer (parsed JSON or its text); undefined when the body is not in NFT2's shape. */
export const readNft2Error = (body: unknown): VendorErrorReading | undefined => readNestJsError(body, 'files')
