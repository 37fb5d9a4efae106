import { typebotErrorBody } from '@uppy-presign/vendors'
import { isRecord } from './json.ts'
import { createProxy } from './proxy.ts'
import { allows, MAX_NAME_LENGTH, mediaTypeProblem, mimeMatches, Problems, plainNameProblem } from './rules.ts'
import type { CommonProxyOptions, ProxyHandler } from './types.ts'

/**
 * What a chat attachment usually is, and what a browser shows without running it: raster images, PDF, plain text and
 * CSV, office documents, and the audio a voice message is recorded in. Not SVG, HTML or XML: Typebot serves uploads
 * publicly, and such a file would run script from the storage's origin.
 */
export const TYPEBOT_DEFAULT_FILE_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'audio/webm',
  'audio/mp4',
  'audio/mpeg',
  'audio/ogg',
]

export interface TypebotProxyOptions extends CommonProxyOptions {
  /** The Typebot API token, sent as `Authorization: Bearer …`. Stays on the server. */
  token: string
  /** What browsers may ask to upload. */
  allow?: {
    /**
     * Mime types a file may declare in `fileType` (`image/*` matches any image, `*` + `/*` any type). `fileType` is
     * required: without it the upload policy would not fix the Content-Type, and the browser could store HTML.
     * Whatever this says, a `fileType` that is not a media type (RFC 9110 `type/subtype; param=value`) is refused.
     * Default: {@link TYPEBOT_DEFAULT_FILE_TYPES}.
     */
    fileTypes?: readonly string[]
    /** Longest file name, in characters. Default: {@link MAX_NAME_LENGTH}. */
    maxFileNameLength?: number
    /**
     * Which chat sessions may upload: e.g. check that the session is the caller's own (the request is there to read
     * its cookie). Default: any well-formed session id.
     */
    sessionIds?: (sessionId: string, request: Request) => boolean | Promise<boolean>
  }
}

/** A zod-style issue for a field that must be a string, or nothing. */
function stringIssue(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field]
  if (value === undefined) return required ? `${field}: Required` : undefined
  if (typeof value !== 'string') return `${field}: Expected string, received ${value === null ? 'null' : typeof value}`
  return undefined
}

/**
 * A presign proxy for Typebot's `POST …/v2/generate-upload-url` (`baseUrl` = `…/api`): checks the session, the
 * file name and type against `allow`, then calls Typebot with the token.
 */
export function typebotProxy(options: TypebotProxyOptions): ProxyHandler {
  const fileTypes = options.allow?.fileTypes ?? TYPEBOT_DEFAULT_FILE_TYPES
  const maxFileNameLength = options.allow?.maxFileNameLength ?? MAX_NAME_LENGTH
  if (!(Number.isInteger(maxFileNameLength) && maxFileNameLength >= 1)) {
    throw new RangeError(`allow.maxFileNameLength must be a positive integer (got ${maxFileNameLength})`)
  }

  return createProxy(
    {
      vendor: 'typebot',
      label: 'Typebot',
      errorBody: typebotErrorBody,
      keyHeaders: { Authorization: `Bearer ${options.token}` },
      secrets: [options.token],
      routes: [
        {
          name: 'v2/generate-upload-url',
          method: 'POST',
          suffix: /\/v2\/generate-upload-url$/,
          async prepare({ body, request }) {
            const problems = new Problems()
            if (!isRecord(body)) {
              problems.malformed(`body: Expected object, received ${Array.isArray(body) ? 'array' : typeof body}`)
              return problems.refusal() ?? { path: '' }
            }
            for (const [field, required] of [
              ['sessionId', true],
              ['fileName', true],
              ['fileType', false],
            ] as const) {
              const issue = stringIssue(body, field, required)
              if (issue) problems.malformed(issue)
            }
            const { sessionId, fileName, fileType } = body as { sessionId: string; fileName: string; fileType?: string }
            // Both end up in the object key (`…/sessions/<sessionId>/<fileName>`): neither may leave its folder.
            for (const [field, value] of [
              ['sessionId', sessionId],
              ['fileName', fileName],
            ] as const) {
              const problem = typeof value === 'string' ? plainNameProblem(value, `${field}:`) : undefined
              if (problem) problems.malformed(problem)
            }
            // It becomes the stored object's Content-Type, sent back to every reader: a CRLF in it is a header.
            const typeProblem = typeof fileType === 'string' ? mediaTypeProblem(fileType, 'fileType:') : undefined
            if (typeProblem) problems.malformed(typeProblem)
            if (problems.malformedCount) return problems.refusal() ?? { path: '' }

            if ([...fileName].length > maxFileNameLength) {
              problems.forbidden(
                `fileName: ${[...fileName].length} characters is too long (allow.maxFileNameLength: ${maxFileNameLength})`,
              )
            }
            if (fileType === undefined) {
              problems.forbidden(`fileType: Required here (allow.fileTypes: ${fileTypes.join(', ')})`)
            } else if (!fileTypes.some((pattern) => mimeMatches(pattern, fileType))) {
              problems.forbidden(
                `fileType: ${JSON.stringify(fileType)} is not allowed here (allow.fileTypes: ${fileTypes.join(', ')})`,
              )
            }
            if (!(await allows(options.allow?.sessionIds, sessionId, request))) {
              problems.forbidden(`sessionId: ${sessionId} is not allowed here (allow.sessionIds)`)
            }
            return (
              problems.refusal() ?? {
                path: '/v2/generate-upload-url',
                body: { sessionId, fileName, ...(fileType === undefined ? {} : { fileType }) },
              }
            )
          },
        },
      ],
    },
    options,
  )
}
