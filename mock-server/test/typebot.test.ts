import { beforeEach, describe, expect, it } from 'vitest'
import {
  advanceClock,
  type Bytes,
  bytesOf,
  objects,
  postForm,
  postJson,
  send,
  setFault,
  stats,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

const mock = useMockServer()

const bearer = () => ({ authorization: `Bearer ${mock.config.typebot.token}` })
const generate = (body: unknown, headers: Record<string, string> = bearer()) =>
  postJson(`${mock.url}/typebot/api/v2/generate-upload-url`, body, headers)

/** Creates (or moves) a chat session through the mock's control route (raw answer); a file-input block unless given. */
const session = (sessionId: string, currentBlock?: Record<string, unknown> | null) =>
  postJson(`${mock.url}/__typebot/sessions`, currentBlock === undefined ? { sessionId } : { sessionId, currentBlock })

// Every test starts from a reset mock (no sessions): the sessions the tests below name wait at a file-input block.
beforeEach(async () => {
  for (const id of ['s1', 'sess_1']) expect((await session(id)).status).toBe(201)
})

type UploadUrl = { presignedUrl: string; formData: Record<string, string>; fileUrl: string }

async function uploadUrl(body: Record<string, unknown>): Promise<UploadUrl> {
  const res = await generate(body)
  expect(res.status).toBe(200)
  return res.json
}

/** The OpenAPI's example upload: every formData entry, then `file`. */
const upload = (target: UploadUrl, bytes: Bytes, fileName = 'file') =>
  postForm(target.presignedUrl, target.formData, bytes, fileName)

const badRequest = (...issues: string[]) => ({
  message: 'Invalid input data',
  code: 'BAD_REQUEST',
  issues: issues.map((message) => ({ message })),
})

describe('Typebot generate-upload-url: auth', () => {
  it.each([
    ['no Authorization', {}],
    ['an empty Bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['the token without "Bearer"', { authorization: 'typebot-dev-token-a41f08b3' }],
  ])('%s → 401 UNAUTHORIZED', async (_, headers) => {
    const res = await generate({ sessionId: 's1', fileName: 'a.txt' }, headers)
    expect(res.status).toBe(401)
    expect(res.json).toEqual({
      message: 'Authorization not provided',
      code: 'UNAUTHORIZED',
      issues: [{ message: 'Send Authorization: Bearer <token>' }],
    })
  })

  it('a wrong token → 403 FORBIDDEN', async () => {
    const res = await generate({ sessionId: 's1', fileName: 'a.txt' }, { authorization: 'Bearer not-the-token' })
    expect(res.status).toBe(403)
    expect(res.json).toEqual({
      message: 'Insufficient access',
      code: 'FORBIDDEN',
      issues: [{ message: 'The token is not valid for this workspace' }],
    })
  })

  it('the scheme is case-insensitive, as HTTP says', async () => {
    const res = await generate(
      { sessionId: 's1', fileName: 'a.txt' },
      { authorization: `bearer ${mock.config.typebot.token}` },
    )
    expect(res.status).toBe(200)
  })
})

describe('Typebot generate-upload-url: body rules', () => {
  it.each([
    ['an empty object', {}, ['sessionId: Required', 'fileName: Required']],
    ['no sessionId', { fileName: 'a.txt' }, ['sessionId: Required']],
    ['no fileName', { sessionId: 's1' }, ['fileName: Required']],
    ['a numeric sessionId', { sessionId: 1, fileName: 'a.txt' }, ['sessionId: Expected string, received number']],
    ['a null fileName', { sessionId: 's1', fileName: null }, ['fileName: Expected string, received object']],
    ['an empty fileName', { sessionId: 's1', fileName: '' }, ['fileName: String must contain at least 1 character(s)']],
    [
      'a numeric fileType',
      { sessionId: 's1', fileName: 'a.txt', fileType: 3 },
      ['fileType: Expected string, received number'],
    ],
    ['a sessionId with a slash', { sessionId: '../s1', fileName: 'a.txt' }, ['sessionId: Invalid session id']],
    [
      'a fileName that is a path',
      { sessionId: 's1', fileName: '../../x.txt' },
      ['fileName: must be a plain file name (no "/", "\\" or control characters)'],
    ],
    [
      'a fileName of ..',
      { sessionId: 's1', fileName: '..' },
      ['fileName: must be a plain file name (no "/", "\\" or control characters)'],
    ],
    ['an array body', [], ['body: Expected object, received object']],
    ['a body that is not JSON', '{"sessionId"', ['body: Expected object, received invalid JSON']],
  ])('%s → 400 BAD_REQUEST naming each field', async (_, body, issues) => {
    const res = await generate(body)
    expect(res.status).toBe(400)
    expect(res.json).toEqual(badRequest(...issues))
  })
})

describe('Typebot generate-upload-url: success and upload', () => {
  it('200 {presignedUrl, formData (an object), fileUrl} for the session and file', async () => {
    const t = await uploadUrl({ sessionId: 'sess_1', fileName: 'report.pdf', fileType: 'application/pdf' })
    expect(Object.keys(t).sort()).toEqual(['fileUrl', 'formData', 'presignedUrl'])
    const { s3 } = mock.config
    expect(t.presignedUrl).toBe(`${s3.endpoint}/${s3.buckets.uploads}`)
    expect(typeof t.formData).toBe('object')
    expect(Array.isArray(t.formData)).toBe(false)
    expect(t.formData).toMatchObject({
      key: 'public/tmp/sessions/sess_1/report.pdf',
      'Content-Type': 'application/pdf',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    })
    expect(t.formData.Policy).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(t.formData['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/)
    expect(t.fileUrl).toBe(`${s3.endpoint}/${s3.buckets.uploads}/public/tmp/sessions/sess_1/report.pdf`)
  })

  it('upload with formData then the file → 204, and fileUrl serves it with fileType', async () => {
    const t = await uploadUrl({ sessionId: 's1', fileName: 'notes.txt', fileType: 'text/plain' })
    const bytes = new TextEncoder().encode('typebot upload\n')
    const res = await upload(t, bytes)
    expect(res.status).toBe(204)
    expect(res.headers.get('location')).toBe(t.fileUrl)
    const read = await send(t.fileUrl)
    expect(read.status).toBe(200)
    expect(read.headers.get('content-type')).toBe('text/plain')
    expect(read.text).toBe('typebot upload\n')
    expect(await objects(mock.url)).toMatchObject([
      { bucket: mock.config.s3.buckets.uploads, key: 'public/tmp/sessions/s1/notes.txt', contentType: 'text/plain' },
    ])
  })

  it('fileType is optional: no Content-Type in formData, and sending one anyway is refused by the policy', async () => {
    const t = await uploadUrl({ sessionId: 's1', fileName: 'blob.bin' })
    expect(t.formData).not.toHaveProperty('Content-Type')
    const extra = await postForm(t.presignedUrl, { ...t.formData, 'Content-Type': 'image/png' }, bytesOf(10))
    expect(extra.status).toBe(403)
    expect(xmlField(extra.text, 'Code')).toBe('AccessDenied')
    expect(xmlText(extra.text, 'Message')).toBe('Invalid according to Policy: Extra input fields: content-type')
    expect((await upload(t, bytesOf(10))).status).toBe(204)
    expect((await send(t.fileUrl)).status).toBe(200)
  })

  it('a file name with spaces and non-ASCII is percent-encoded in fileUrl, which serves the file', async () => {
    const t = await uploadUrl({ sessionId: 's1', fileName: 'my photo é.png', fileType: 'image/png' })
    expect(t.formData.key).toBe('public/tmp/sessions/s1/my photo é.png')
    expect(t.fileUrl.endsWith('/public/tmp/sessions/s1/my%20photo%20%C3%A9.png')).toBe(true)
    const bytes = bytesOf(2048, 5)
    expect((await upload(t, bytes)).status).toBe(204)
    const read = await send(t.fileUrl)
    expect(read.status).toBe(200)
    expect(Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true)
  })

  it('fileUrl is 404 NoSuchKey until the upload is made', async () => {
    const t = await uploadUrl({ sessionId: 's1', fileName: 'later.txt' })
    const read = await send(t.fileUrl)
    expect(read.status).toBe(404)
    expect(xmlField(read.text, 'Code')).toBe('NoSuchKey')
  })

  it('the policy pins the key and lapses with the mock clock', async () => {
    const t = await uploadUrl({ sessionId: 's1', fileName: 'a.txt' })
    const moved = await postForm(t.presignedUrl, { ...t.formData, key: 'public/other.txt' }, bytesOf(10))
    expect(moved.status).toBe(403)
    expect(xmlText(moved.text, 'Message')).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "public/tmp/sessions/s1/a.txt"]',
    )
    const policy = JSON.parse(Buffer.from(t.formData.Policy ?? '', 'base64').toString()) as { expiration: string }
    await advanceClock(mock.url, Date.parse(policy.expiration) - Date.now() + 2_000)
    const late = await upload(t, bytesOf(10))
    expect(late.status).toBe(403)
    expect(xmlField(late.text, 'Message')).toBe('Invalid according to Policy: Policy expired.')
    expect(await objects(mock.url)).toEqual([])
  })
})

describe('Typebot presign counters and faults', () => {
  it('/__stats counts every generate-upload-url call, refused ones included', async () => {
    await uploadUrl({ sessionId: 's1', fileName: 'a.txt' })
    await generate({ sessionId: 's1' })
    await generate({ sessionId: 's1', fileName: 'a.txt' }, {})
    expect((await stats(mock.url)).presign).toEqual({ nft2: 0, startrail: 0, leonardo: 0, typebot: 3 })
  })

  it('malformed: fileUrl (required by the schema) missing, once', async () => {
    await setFault(mock.url, { target: 'typebot', kind: 'malformed', count: 1 })
    const broken = await generate({ sessionId: 's1', fileName: 'a.txt' })
    expect(broken.status).toBe(200)
    expect(broken.json).not.toHaveProperty('fileUrl')
    expect(broken.json).toHaveProperty('presignedUrl')
    expect(broken.json).toHaveProperty('formData')
    const whole = await uploadUrl({ sessionId: 's1', fileName: 'a.txt' })
    expect(whole.fileUrl).toMatch(/\/public\/tmp\/sessions\/s1\/a\.txt$/)
  })

  it.each([
    [
      500,
      {
        message: 'Internal server error',
        code: 'INTERNAL_SERVER_ERROR',
        issues: [{ message: 'Internal Server Error' }],
      },
    ],
    [429, { message: 'Too many requests', code: 'TOO_MANY_REQUESTS', issues: [{ message: 'Too Many Requests' }] }],
  ])('status %i in the OpenAPI error shape', async (status, body) => {
    await setFault(mock.url, { target: 'typebot', kind: 'status', status, retryAfterSeconds: 3, count: 1 })
    const res = await generate({ sessionId: 's1', fileName: 'a.txt' })
    expect(res.status).toBe(status)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(res.json).toEqual(body)
  })
})

/** A refusal as Typebot's viewer sends it: the tRPC error thrown, through trpc-to-openapi (no `issues`). */
const refusedBy = (message: string) => ({
  message,
  code: 'BAD_REQUEST',
  data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'generateUploadUrlV2' },
})

describe('Typebot generate-upload-url: the chat session', () => {
  it('an unknown session → 400 "Can\'t find session", and nothing is signed', async () => {
    const res = await generate({ sessionId: 'never-started', fileName: 'a.txt' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual(refusedBy("Can't find session"))
  })

  it('a session ended through the control route is unknown again', async () => {
    const ended = await send(`${mock.url}/__typebot/sessions/s1`, { method: 'DELETE' })
    expect(ended.status).toBe(200)
    const res = await generate({ sessionId: 's1', fileName: 'a.txt' })
    expect(res.json).toEqual(refusedBy("Can't find session"))
  })

  it.each([
    ['a choice input', { id: 'b-choice', type: 'choice input' }],
    ['a text input without attachments', { id: 'b-text', type: 'text input', options: {} }],
    ['a text input with attachments disabled', { type: 'text input', options: { attachments: { isEnabled: false } } }],
  ])('a session waiting at %s → 400 "Current block does not expect file upload"', async (_, block) => {
    expect((await session('s2', block)).status).toBe(201)
    const res = await generate({ sessionId: 's2', fileName: 'a.txt' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual(refusedBy('Current block does not expect file upload'))
  })

  it('a session with no current block → 400 "Can\'t find currentBlockId in session state"', async () => {
    await session('s2', null)
    const res = await generate({ sessionId: 's2', fileName: 'a.txt' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual(refusedBy("Can't find currentBlockId in session state"))
  })

  it.each([
    ['a file input', { type: 'file input' }],
    ['a text input with attachments', { type: 'text input', options: { attachments: { isEnabled: true } } }],
    ['a text input with audio clips', { type: 'text input', options: { audioClip: { isEnabled: true } } }],
  ])('a session waiting at %s is signed', async (_, block) => {
    await session('s2', block)
    const t = await uploadUrl({ sessionId: 's2', fileName: 'a.txt' })
    expect(t.fileUrl).toMatch(/\/public\/tmp\/sessions\/s2\/a\.txt$/)
  })

  it('a session that moves on to a file block is signed from then on', async () => {
    await session('s2', { type: 'choice input' })
    expect((await generate({ sessionId: 's2', fileName: 'a.txt' })).status).toBe(400)
    const moved = await session('s2', { id: 'upload', type: 'file input' })
    expect(moved.status).toBe(200)
    expect(moved.json).toEqual({ sessionId: 's2', currentBlock: { id: 'upload', type: 'file input' } })
    expect((await generate({ sessionId: 's2', fileName: 'a.txt' })).status).toBe(200)
  })

  it('input validation comes before the session is looked up', async () => {
    const res = await generate({ sessionId: 'never-started' })
    expect(res.json).toEqual(badRequest('fileName: Required'))
  })

  it('/__reset forgets every session', async () => {
    await send(`${mock.url}/__reset`, { method: 'POST' })
    expect((await generate({ sessionId: 's1', fileName: 'a.txt' })).json).toEqual(refusedBy("Can't find session"))
    expect(JSON.parse((await send(`${mock.url}/__typebot/sessions`)).text)).toEqual([])
  })

  it('the control route lists sessions and refuses what it cannot store', async () => {
    const list = await send(`${mock.url}/__typebot/sessions`)
    expect(JSON.parse(list.text)).toEqual([
      { sessionId: 's1', currentBlock: { type: 'file input' } },
      { sessionId: 'sess_1', currentBlock: { type: 'file input' } },
    ])
    for (const body of [
      {},
      { sessionId: '../x' },
      { sessionId: 's3', currentBlock: { type: 3 } },
      { sessionId: 's3', currentBlock: 'file' },
    ]) {
      const res = await postJson(`${mock.url}/__typebot/sessions`, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json).toHaveProperty('error')
    }
  })
})
