import { presignRequest, sanitizeFileName } from '@uppy-presign/core'
import { readTypebotError, type TypebotUploadUrlResponse } from '@uppy-presign/vendors'
import type { PolicyRequest, PresignPolicy } from './policy-shapes.ts'

export interface TypebotAdapterOptions {
  /** Typebot's API base, `…/api` (on the mock: `http://127.0.0.1:4010/typebot/api`; behind a proxy: `/app/typebot`). */
  endpoint: string
  /** The chat session the files belong to. */
  sessionId: string
  /** Extra request headers. The Typebot token belongs on your server (`typebotProxy`), not here. */
  headers?: Record<string, string>
  fetch?: typeof fetch
}

/** A client of Typebot's `POST /v2/generate-upload-url`, for `S3PostPolicy`'s `presign`. */
export function typebot({ endpoint, sessionId, headers, fetch }: TypebotAdapterOptions): PresignPolicy {
  return (file: PolicyRequest) =>
    presignRequest<TypebotUploadUrlResponse>({
      vendor: 'Typebot',
      url: `${endpoint.replace(/\/+$/, '')}/v2/generate-upload-url`,
      // The name becomes part of the object key: only a safe last segment may get there.
      body: { sessionId, fileName: sanitizeFileName(file.name), ...(file.type ? { fileType: file.type } : {}) },
      headers,
      fetch,
      fileNames: [file.name],
      readError: readTypebotError,
    })
}
