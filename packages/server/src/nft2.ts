import { NFT2_MAX_FILES, NFT2_MIME_TYPES, type Nft2MimeType, nft2ErrorBody } from '@uppy-presign/vendors'
import { isRecord, refuse } from './json.ts'
import { createProxy } from './proxy.ts'
import { assertCount, assertSubset, Problems, plainNameProblem } from './rules.ts'
import type { CommonProxyOptions, ProxyHandler } from './types.ts'

export interface Nft2ProxyOptions extends CommonProxyOptions {
  /** The NFT2 API key, sent as `x-api-key`. Stays on the server. */
  apiKey: string
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
 * mimeType}]}` by calling `POST {baseUrl}/presigned-image` with the API key, after checking the files against
 * `allow`.
 */
export function nft2Proxy(options: Nft2ProxyOptions): ProxyHandler {
  const mimeTypes: readonly string[] = options.allow?.mimeTypes ?? NFT2_MIME_TYPES
  const maxFiles = options.allow?.maxFiles ?? NFT2_MAX_FILES
  assertSubset('allow.mimeTypes', mimeTypes, NFT2_MIME_TYPES)
  assertCount('allow.maxFiles', options.allow?.maxFiles, NFT2_MAX_FILES)

  return createProxy(
    {
      vendor: 'nft2',
      label: 'NFT2',
      errorBody: nft2ErrorBody,
      keyHeaders: { 'x-api-key': options.apiKey },
      secrets: [options.apiKey],
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
              path: '/presigned-image',
              body: { files: checked.map(({ fileName, mimeType }) => ({ fileName, mimeType })) },
            }
          },
        },
      ],
    },
    options,
  )
}
