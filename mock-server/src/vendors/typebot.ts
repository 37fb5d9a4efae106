import type { Hono } from 'hono'
import type { MockEnv } from '../http/env.ts'
import type { MockState } from '../state.ts'
import type { Presigners } from './presigners.ts'
import { bearer, type ErrorShape, isRecord, jsonBody, vendorError, vendorRoute } from './vendor-route.ts'

/** Not in the OpenAPI; Typebot's file-upload block defaults to a 10 MB limit. */
const TYPEBOT_MAX_BYTES = 10 * 1024 * 1024
const POLICY_LIFETIME_SECONDS = 10 * 60

const CODES: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Invalid input data'],
  401: ['UNAUTHORIZED', 'Authorization not provided'],
  403: ['FORBIDDEN', 'Insufficient access'],
  // Not in the OpenAPI; tRPC's code for 429, so a throttled call is not dressed as a server error.
  429: ['TOO_MANY_REQUESTS', 'Too many requests'],
  500: ['INTERNAL_SERVER_ERROR', 'Internal server error'],
}

/** The OpenAPI's error schema: `{message, code, issues: [{message}]}`; `message` here becomes the one issue. */
const typebotError: ErrorShape = (status, message) => {
  const [code, summary] = CODES[status] ?? CODES[500] ?? ['INTERNAL_SERVER_ERROR', 'Internal server error']
  return { message: summary, code, issues: [{ message }] }
}

/** Zod-style issues for the request body, each naming its field. */
function bodyIssues(body: unknown): string[] {
  if (!isRecord(body)) return [`body: Expected object, received ${body === undefined ? 'invalid JSON' : typeof body}`]
  const issues: string[] = []
  for (const field of ['sessionId', 'fileName'] as const) {
    if (body[field] === undefined) issues.push(`${field}: Required`)
    else if (typeof body[field] !== 'string') issues.push(`${field}: Expected string, received ${typeof body[field]}`)
    else if (body[field] === '') issues.push(`${field}: String must contain at least 1 character(s)`)
  }
  if (body.fileType !== undefined && typeof body.fileType !== 'string')
    issues.push(`fileType: Expected string, received ${typeof body.fileType}`)
  const name = body.fileName
  // Not in the OpenAPI; the name becomes part of an object key, so nothing that could leave its folder is taken.
  if (typeof name === 'string' && (/[\\/\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..')) {
    issues.push('fileName: must be a plain file name (no "/", "\\" or control characters)')
  }
  if (typeof body.sessionId === 'string' && !/^[A-Za-z0-9_-]{1,128}$/.test(body.sessionId)) {
    issues.push('sessionId: Invalid session id')
  }
  return issues
}

/**
 * The block a chat session waits at, as Typebot stores it: `type` is its `InputBlockType` (`file input`, `text input`,
 * `choice input` …); a text input takes files when its attachments or audio clips are enabled.
 */
interface SessionBlock {
  id?: string
  type: string
  options?: { attachments?: { isEnabled?: boolean }; audioClip?: { isEnabled?: boolean } }
}

/** The session's state: `null` when it has no current block (Typebot's `currentBlockId` undefined). */
type Session = { currentBlock: SessionBlock | null }

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/

/** Typebot's test for a block that takes an upload (`handleGenerateUploadUrl`): a file input, or a text input with attachments or audio clips. */
const expectsFile = (block: SessionBlock) =>
  block.type === 'file input' ||
  (block.type === 'text input' &&
    (block.options?.attachments?.isEnabled === true || block.options?.audioClip?.isEnabled === true))

/**
 * A refusal thrown by the handler (a `TRPCError`), as trpc-to-openapi answers it: tRPC's error shape with `code`
 * replaced by the key and no `issues` (those are for input validation only).
 */
const refused = (message: string) =>
  Response.json(
    { message, code: 'BAD_REQUEST', data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'generateUploadUrlV2' } },
    { status: 400 },
  )

/** The control route's reading of a block; a string says what is wrong. */
function sessionBlock(value: unknown): SessionBlock | null | string {
  if (value === undefined) return { type: 'file input' }
  if (value === null) return null
  if (!isRecord(value) || typeof value.type !== 'string' || !value.type)
    return 'currentBlock must be null or {"type": "<Typebot block type, e.g. file input>", "id"?, "options"?}'
  if (value.id !== undefined && typeof value.id !== 'string') return 'currentBlock.id must be a string'
  if (value.options !== undefined && !isRecord(value.options)) return 'currentBlock.options must be an object'
  return value as unknown as SessionBlock
}

/** What the demo app backend may ask of the emulator: whether a chat session was started (and not ended). */
export interface TypebotSessions {
  has(sessionId: string): boolean
}

export function mountTypebot(app: Hono<MockEnv>, state: MockState, presigners: Presigners): TypebotSessions {
  const { credentials, endpoints } = state
  const bucket = credentials.s3.buckets.uploads
  /** Chat sessions by id. Typebot starts them with `startChat`; here a control route does (not a Typebot API). */
  const sessions = new Map<string, Session>()
  state.onReset.push(() => sessions.clear())

  // Dev control: create a session, or move one to another block (`currentBlock`, a file input unless given).
  app.post('/__typebot/sessions', async (c) => {
    const body = await jsonBody(c)
    const sessionId = isRecord(body) ? body.sessionId : undefined
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId))
      return c.json(
        { error: 'body must be {"sessionId": "<letters, digits, _ or ->", "currentBlock"?: {...} | null}' },
        400,
      )
    const currentBlock = sessionBlock((body as Record<string, unknown>).currentBlock)
    if (typeof currentBlock === 'string') return c.json({ error: currentBlock }, 400)
    const existed = sessions.has(sessionId)
    sessions.set(sessionId, { currentBlock })
    return c.json({ sessionId, currentBlock }, existed ? 200 : 201)
  })
  app.get('/__typebot/sessions', (c) =>
    c.json([...sessions].map(([sessionId, { currentBlock }]) => ({ sessionId, currentBlock }))),
  )
  app.delete('/__typebot/sessions/:sessionId', (c) =>
    sessions.delete(c.req.param('sessionId')) ? c.json({ ok: true }) : c.json({ error: 'no such session' }, 404),
  )

  app.post('/typebot/api/v2/generate-upload-url', (c) =>
    vendorRoute(c, state, 'typebot', typebotError, async (malformed) => {
      const token = bearer(c)
      if (!token) return vendorError(typebotError, 401, 'Send Authorization: Bearer <token>')
      if (token !== credentials.typebot.token)
        return vendorError(typebotError, 403, 'The token is not valid for this workspace')
      const body = await jsonBody(c)
      const issues = bodyIssues(body)
      if (issues.length)
        return Response.json(
          { message: 'Invalid input data', code: 'BAD_REQUEST', issues: issues.map((message) => ({ message })) },
          { status: 400 },
        )
      const { sessionId, fileName, fileType } = body as { sessionId: string; fileName: string; fileType?: string }
      // Typebot's checks, in its order, once the input is valid.
      const session = sessions.get(sessionId)
      if (!session) return refused("Can't find session")
      if (!session.currentBlock) return refused("Can't find currentBlockId in session state")
      if (!expectsFile(session.currentBlock)) return refused('Current block does not expect file upload')
      const key = `public/tmp/sessions/${sessionId}/${fileName}`
      const { url, fields } = await presigners.postPolicy({
        bucket,
        key,
        fields: fileType ? { 'Content-Type': fileType } : {},
        conditions: [['content-length-range', 0, TYPEBOT_MAX_BYTES]],
        expiresInSeconds: POLICY_LIFETIME_SECONDS,
      })
      const fileUrl = `${endpoints.s3}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
      // Malformed: `fileUrl` (required by the schema) is missing.
      return Response.json(
        malformed ? { presignedUrl: url, formData: fields } : { presignedUrl: url, formData: fields, fileUrl },
      )
    }),
  )
  return { has: (sessionId) => sessions.has(sessionId) }
}
