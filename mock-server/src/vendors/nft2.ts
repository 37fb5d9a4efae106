import type { Hono } from 'hono'
import { extname } from 'pathe'
import statuses from 'statuses'
import type { MockEnv } from '../http/env.ts'
import { randomHex } from '../http/random.ts'
import type { MockState } from '../state.ts'
import type { Presigners } from './presigners.ts'
import { bearer, type ErrorShape, isRecord, jsonBody, vendorError, vendorRoute } from './vendor-route.ts'

/** Documented: "size of array files must be <= 50". */
const NFT2_MAX_FILES = 50
/** Documented: "Image mimeType only support in ["image/png", "image/jpeg", "image/svg+xml"]". */
const NFT2_MIME_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml']
/** Not documented; long enough for any upload queue to start, short enough that a stale queue notices. */
const URL_LIFETIME_SECONDS = 3600

/** The SDK surfaces "some HTTP Exception": a NestJS-style `{statusCode, message, error}`, `error` the status text. */
const nft2Error: ErrorShape = (status, message) => ({
  statusCode: status,
  message: status === 400 ? message.split('\n') : message,
  error: statuses.message[status] ?? 'Error',
})

/**
 * The object key the way the doc's example URLs show it (`file1.png` → `file1-xxx.png`): the name's last path
 * segment, anything outside a safe set replaced, a random suffix so two files of one name never collide.
 */
function objectKey(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? ''
  const ext = extname(base)
    .replace(/[^A-Za-z0-9.]/g, '')
    .slice(0, 16)
  const stem =
    base
      .slice(0, base.length - extname(base).length)
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 100) || 'file'
  return `${stem}-${randomHex(6)}${ext}`
}

/** Why one `files[i]` entry is refused, or undefined. */
function fileProblem(file: unknown, i: number): string | undefined {
  if (!isRecord(file)) return `files.${i} must be an object {fileName, mimeType}`
  const name = typeof file.fileName === 'string' ? file.fileName : ''
  if (!name.trim()) return `files.${i}.fileName must be a non-empty string`
  if (name.includes('\0')) return `files.${i}.fileName (${JSON.stringify(name)}) must not contain NUL`
  if (!NFT2_MIME_TYPES.includes(file.mimeType as string)) {
    return `files.${i} (${name}): mimeType ${JSON.stringify(file.mimeType)} is not supported; use one of ${NFT2_MIME_TYPES.join(', ')}`
  }
  return undefined
}

export function mountNft2(app: Hono<MockEnv>, state: MockState, presigners: Presigners): void {
  const tokens = state.nft2Tokens
  // The SDK's token exchange (darenft-labs/nft2-client-nodejs, src/auth/oauth2client.ts `getTokenAsync`, path from
  // src/auth/constants.ts `AUTHENTICATION.API_KEY_PATH`): `POST {apiEndpoint}/auth/api-key/{apiKey}`, body `{}`.
  app.post('/nft2/auth/api-key/:apiKey', (c) =>
    vendorRoute(
      c,
      state,
      'nft2',
      nft2Error,
      () =>
        c.req.param('apiKey') === state.credentials.nft2.apiKey
          ? Response.json(tokens.issue())
          : vendorError(nft2Error, 401, 'Unauthorized: invalid API key'),
      { presign: false },
    ),
  )
  // `refreshTokenNoCache`: `POST {apiEndpoint}/auth/refresh-token/{refreshToken}`, no body.
  app.post('/nft2/auth/refresh-token/:refreshToken', (c) =>
    vendorRoute(
      c,
      state,
      'nft2',
      nft2Error,
      () => {
        const renewed = tokens.renew(c.req.param('refreshToken'))
        return renewed
          ? Response.json(renewed)
          : vendorError(nft2Error, 401, 'Unauthorized: invalid or expired refresh token')
      },
      { presign: false },
    ),
  )
  // `generatePresignedImage` (src/services/api.service.ts): `POST {apiEndpoint}/upload/presigned-image`, with
  // `Authorization: Bearer <accessToken>` from the exchange above.
  // Authentication first: a refused token is answered before the call counts as a presign call or draws a fault, so
  // `/__stats` and faults see the same calls whether a client's token was fresh or had to be renewed.
  app.post('/nft2/upload/presigned-image', (c) => {
    const token = bearer(c)
    if (!token) return vendorError(nft2Error, 401, 'Unauthorized: missing Bearer access token')
    if (!tokens.accepts(token)) {
      return vendorError(nft2Error, 401, 'Unauthorized: invalid, expired or revoked access token')
    }
    return vendorRoute(c, state, 'nft2', nft2Error, async (malformed) => {
      const body = await jsonBody(c)
      if (!isRecord(body) || !Array.isArray(body.files)) {
        return vendorError(nft2Error, 400, 'body must be JSON {files: [{fileName, mimeType}]}')
      }
      const files: unknown[] = body.files
      if (files.length === 0) return vendorError(nft2Error, 400, 'files should not be empty')
      if (files.length > NFT2_MAX_FILES) {
        // Names the first file past the limit too, so a client can tell where to split.
        const first = files[NFT2_MAX_FILES]
        const name = isRecord(first) && typeof first.fileName === 'string' ? ` (${first.fileName})` : ''
        return vendorError(
          nft2Error,
          400,
          `files must contain no more than ${NFT2_MAX_FILES} elements (got ${files.length}; files.${NFT2_MAX_FILES}${name} and after are over the limit); split the request`,
        )
      }
      const problems = files.map(fileProblem).filter((p) => p !== undefined)
      if (problems.length) return vendorError(nft2Error, 400, problems.join('\n'))
      const urls = await Promise.all(
        files.map((f) => {
          const { fileName, mimeType } = f as { fileName: string; mimeType: string }
          return presigners.putUrl(
            state.credentials.s3.buckets.ipfs,
            objectKey(fileName),
            mimeType,
            URL_LIFETIME_SECONDS,
          )
        }),
      )
      // Malformed: one URL fewer than files asked for, the kind of break a client must notice rather than misalign.
      return Response.json({ urls: malformed ? urls.slice(1) : urls })
    })
  })
}
