import { NFT2_MAX_FILES, NFT2_MIME_TYPES, type Nft2MimeType, nft2ErrorBody } from '@uppy-presign/vendors'
import { isRecord, refuse } from './json.ts'
import { Nft2Session } from './nft2-session.ts'
import { createProxy } from './proxy.ts'
import { assertCount, assertSubset, Problems, plainNameProblem } from './rules.ts'
import type { CommonProxyOptions, ProxyHandler } from './types.ts'

export interface Nft2ProxyOptions extends CommonProxyOptions {
  /**
   * The NFT2 API key. Stays on the server: the proxy exchanges it for a bearer token (`POST {baseUrl}/auth/api-key/…`,
   * as NFT2's SDK does) and sends only the token, to NFT2 only.
   */
  apiKey: string
  /**
   * The clock a token's expiry is judged by, in ms since the epoch. Default: `Date.now`. Tests that move the NFT2
   * mock's clock pass the same offset here.
   */
  now?: () => number
  /** What browsers may ask to presign. Omitted fields allow all that NFT2 accepts. */
  allow?: {
    /** Mime types a file may declare: some of {@link NFT2_MIME_TYPES}. Default: all three. */
    mimeTypes?: readonly Nft2MimeType[]
    /** Files per presign call, 1–50 (NFT2's own limit). Default: 50. */
    maxFiles?: number
  }
}

/**
 * A presign proxy for NFT2's `generatePresignedImage`: answers `POST …/presigned-image` with `{files: [{fileName,
 * mimeType}]}` by calling `POST {baseUrl}/upload/presigned-image` with a bearer token, after checking the files
 * against `allow`. `baseUrl` is the NFT2 API root (the SDK's `apiEndpoint`, `https://protocol-api.nft2scan.com` by
 * default). The token comes from exchanging the API key; each proxy keeps its own in memory, renews it before it
 * expires and once after NFT2 refuses it (401), then replays the call.
 */
export function nft2Proxy(options: Nft2ProxyOptions): ProxyHandler {
  const mimeTypes: readonly string[] = options.allow?.mimeTypes ?? NFT2_MIME_TYPES
  const maxFiles = options.allow?.maxFiles ?? NFT2_MAX_FILES
  assertSubset('allow.mimeTypes', mimeTypes, NFT2_MIME_TYPES)
  assertCount('allow.maxFiles', options.allow?.maxFiles, NFT2_MAX_FILES)

  const session = new Nft2Session({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    apiKey: options.apiKey,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    now: options.now ?? Date.now,
  })

  return createProxy(
    {
      vendor: 'nft2',
      label: 'NFT2',
      errorBody: nft2ErrorBody,
      keyHeaders: {},
      secrets: [options.apiKey],
      auth: {
        authorize: () => session.authorize(),
        refused: (status, used) => session.refused(status, used),
        secrets: () => session.secrets(),
      },
      routes: [
        {
          name: 'presigned-image',
          method: 'POST',
          suffix: /\/presigned-image$/,
          prepare({ body }) {
            if (!isRecord(body) || !Array.isArray(body.files)) {
              return refuse(400, 'body must be JSON {files: [{fileName, mimeType}]}')
            }
            const files: unknown[] = body.files
            if (files.length === 0) return refuse(400, 'files should not be empty')
            if (files.length > NFT2_MAX_FILES) {
              return refuse(
                400,
                `files must contain no more than ${NFT2_MAX_FILES} elements (got ${files.length}); split the request`,
              )
            }
            const problems = new Problems()
            if (files.length > maxFiles) {
              problems.forbidden(
                `files: ${files.length} files in one call; allow.maxFiles is ${maxFiles}; split the request`,
              )
            }
            for (const [i, file] of files.entries()) {
              if (!isRecord(file)) {
                problems.malformed(`files.${i} must be an object {fileName, mimeType}`)
                continue
              }
              const nameProblem = plainNameProblem(file.fileName, `files.${i}.fileName`)
              if (nameProblem) problems.malformed(nameProblem)
              const { mimeType } = file
              const label = `files.${i}${typeof file.fileName === 'string' ? ` (${file.fileName})` : ''}`
              if (!NFT2_MIME_TYPES.includes(mimeType as Nft2MimeType)) {
                problems.malformed(
                  `${label}: mimeType ${JSON.stringify(mimeType)} is not supported; use one of ${NFT2_MIME_TYPES.join(', ')}`,
                )
              } else if (!mimeTypes.includes(mimeType as string)) {
                problems.forbidden(
                  `${label}: mimeType ${JSON.stringify(mimeType)} is not allowed here (allow.mimeTypes: ${mimeTypes.join(', ')})`,
                )
              }
            }
            const refusal = problems.refusal()
            if (refusal) return refusal
            const checked = files as Array<{ fileName: string; mimeType: string }>
            return {
              path: '/upload/presigned-image',
              body: { files: checked.map(({ fileName, mimeType }) => ({ fileName, mimeType })) },
            }
          },
        },
      ],
    },
    options,
  )
}
