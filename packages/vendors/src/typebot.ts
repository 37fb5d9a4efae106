// Typebot `POST /v2/generate-upload-url` (OpenAPI): https://docs.typebot.com/api-reference/chat/generate-upload-url
import { asText, isRecord, parsedBody } from './json-values.ts'
import type { VendorErrorInput, VendorErrorReading } from './vendor-error.ts'

export interface TypebotUploadUrlRequest {
  sessionId: string
  fileName: string
  /** Fixes the upload's Content-Type in the policy when given. */
  fileType?: string
}

/** The upload form: post `formData`'s fields to `presignedUrl`, the file last; `fileUrl` is where it ends up. */
export interface TypebotUploadUrlResponse {
  presignedUrl: string
  formData: Record<string, string>
  fileUrl: string
}

/** The OpenAPI's error schema (tRPC's): a headline, tRPC's code, and the zod issues that caused it. */
export interface TypebotErrorBody {
  message: string
  code: string
  issues?: Array<{ message: string }>
}

/** tRPC's codes, with the OpenAPI's summary message for each. */
const CODES: Record<number, [code: string, message: string]> = {
  400: ['BAD_REQUEST', 'Invalid input data'],
  401: ['UNAUTHORIZED', 'Authorization not provided'],
  403: ['FORBIDDEN', 'Insufficient access'],
  404: ['NOT_FOUND', 'Not found'],
  405: ['METHOD_NOT_SUPPORTED', 'Method not supported'],
  413: ['PAYLOAD_TOO_LARGE', 'Payload too large'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests'],
  502: ['BAD_GATEWAY', 'Bad gateway'],
  504: ['GATEWAY_TIMEOUT', 'Gateway timeout'],
}

/** A refusal in Typebot's own error shape, one issue per problem. */
export const typebotErrorBody = ({ status, problems }: VendorErrorInput): TypebotErrorBody => {
  const [code, message] = CODES[status] ?? ['INTERNAL_SERVER_ERROR', 'Internal server error']
  return { message, code, issues: problems.map((problem) => ({ message: problem })) }
}

/** One zod issue as text: its `path` (`['fileName']`) says which field, when its message does not already. */
function causeOf(issue: unknown): string | undefined {
  if (!isRecord(issue)) return undefined
  const message = asText(issue.message)?.trim()
  if (!message) return undefined
  const path = Array.isArray(issue.path) ? issue.path.map(asText) : []
  if (path.length === 0 || path.includes(undefined)) return message
  const field = path.join('.')
  return message.startsWith(field) ? message : `${field}: ${message}`
}

/**
 * Typebot's refusals for a session that takes no file now, by the message its upload-URL handler throws
 * (`handleGenerateUploadUrl.ts` in baptisteArno/typebot.io): which case, and what gets the chat there.
 */
const RESTART = 'Start the chat again (a new session) and continue it to its file-upload block, then retry the file.'
// A Map, not an object: the message is the service's text, and `constructor` is no case.
const SESSION_CASES = new Map<string, { session: string; hint: string }>([
  ["Can't find session", { session: 'not-found', hint: RESTART }],
  // A session with no current block has ended: only a new one gets to a file block.
  ["Can't find currentBlockId in session state", { session: 'not-found', hint: RESTART }],
  [
    'Current block does not expect file upload',
    {
      session: 'not-at-file-block',
      hint: 'Continue the chat to a block that asks for a file (a file input, or a text input with attachments), then retry the file.',
    },
  ],
])

/**
 * A Typebot error answer (parsed JSON or its text); undefined when the body is not in Typebot's shape. The headline
 * (`Invalid input data`) says little alone: it is joined with the causes that differ from it, as one issue.
 */
export function readTypebotError(body: unknown): VendorErrorReading | undefined {
  const record = parsedBody(body)
  if (!isRecord(record)) return undefined
  const code = asText(record.code)
  const headline = asText(record.message)?.trim()
  const causes = (Array.isArray(record.issues) ? record.issues.map(causeOf) : []).filter(
    (cause): cause is string => cause !== undefined,
  )
  if (code === undefined || (!headline && causes.length === 0)) return undefined
  // The handler's own refusal (no zod issues): the chat is not where a file is taken.
  const sessionCase =
    code === 'BAD_REQUEST' && headline && causes.length === 0 ? SESSION_CASES.get(headline) : undefined
  if (sessionCase) {
    return {
      issues: [{ message: `the chat session does not accept a file now (${headline})` }],
      code,
      kind: 'session',
      hint: sessionCase.hint,
      details: { session: sessionCase.session },
    }
  }
  const news = causes.filter((cause) => cause.toLowerCase() !== headline?.toLowerCase())
  const issues = headline
    ? [{ message: news.length > 0 ? `${headline}: ${news.join('; ')}` : headline }]
    : causes.map((message) => ({ message }))
  return { issues, code }
}
