import { beforeEach, describe, expect, it } from 'vitest'
import { browserRequest, call, DEV_ORIGIN, presignCalls, typebotSession, useMock } from '../test/test-support.ts'
import { type TypebotProxyOptions, typebotProxy } from './typebot.ts'

const mock = useMock()
beforeEach(() => typebotSession(mock.url, 's1'))
const PATH = '/app/typebot/v2/generate-upload-url'

const proxy = (allow?: TypebotProxyOptions['allow']) =>
  typebotProxy({
    token: mock.config.typebot.token,
    baseUrl: `${mock.url}/typebot/api`,
    allowedOrigins: [DEV_ORIGIN],
    allow,
  })

const generate = (body: unknown, allow?: TypebotProxyOptions['allow'], headers: Record<string, string> = {}) =>
  call(proxy(allow), browserRequest(PATH, { body, headers }))

describe('typebotProxy: forwarding', () => {
  it('generates an upload URL through the vendor', async () => {
    const res = await generate({ sessionId: 's1', fileName: 'notes.txt', fileType: 'text/plain' })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      presignedUrl: expect.any(String),
      formData: expect.any(Object),
      fileUrl: expect.stringMatching(/\/sessions\/s1\/notes\.txt$/),
    })
    expect(res.json.formData['Content-Type']).toBe('text/plain')
    expect(res.headers.get('date')).toBeTruthy()
    expect((await presignCalls(mock.url)).typebot).toBe(1)
  })

  it('lets allow.sessionIds look at the request (a session cookie the proxy reads but never forwards)', async () => {
    const allow: TypebotProxyOptions['allow'] = {
      sessionIds: (sessionId, request) => request.headers.get('cookie') === `session=${sessionId}`,
    }
    const mine = await generate({ sessionId: 's1', fileName: 'a.txt', fileType: 'text/plain' }, allow, {
      cookie: 'session=s1',
    })
    expect(mine.status).toBe(200)
    const theirs = await generate({ sessionId: 's2', fileName: 'a.txt', fileType: 'text/plain' }, allow, {
      cookie: 'session=s1',
    })
    expect(theirs.status).toBe(403)
    expect(theirs.json).toEqual({
      message: 'Insufficient access',
      code: 'FORBIDDEN',
      issues: [{ message: 'sessionId: s2 is not allowed here (allow.sessionIds)' }],
    })
    expect((await presignCalls(mock.url)).typebot).toBe(1)
  })

  it('accepts a file type matching an image/* pattern', async () => {
    const res = await generate(
      { sessionId: 's1', fileName: 'a.webp', fileType: 'image/webp' },
      { fileTypes: ['image/*'] },
    )
    expect(res.status).toBe(200)
  })
})

describe('typebotProxy: fileType (S7: text/html was stored and served, a CRLF in it was taken)', () => {
  const refusedType = async (fileType: unknown, allow?: TypebotProxyOptions['allow']) => {
    const res = await generate(
      { sessionId: 's1', fileName: 'a.txt', ...(fileType === undefined ? {} : { fileType }) },
      allow,
    )
    expect((await presignCalls(mock.url)).typebot).toBe(0)
    return { status: res.status, issues: res.json.issues.map((issue: { message: string }) => issue.message) }
  }

  it.each([
    'image/png\r\nSet-Cookie: a=b',
    'image/png\n',
    'text/html, image/png',
    'image/',
    'png',
    'image/png; charset',
    'image/png; a="b\r\n"',
    'image/pngé',
  ])('refuses %j as no media type (400), whatever allow.fileTypes says', async (fileType) => {
    for (const allow of [undefined, { fileTypes: ['*/*'] }]) {
      expect(await refusedType(fileType, allow)).toEqual({
        status: 400,
        issues: [
          `fileType: (${JSON.stringify(fileType)}) must be a media type as RFC 9110 writes it (type/subtype, e.g. image/png)`,
        ],
      })
    }
  })

  it.each(['text/html', 'image/svg+xml', 'application/xhtml+xml', 'application/octet-stream'])(
    'refuses %s by default (403): it is not in TYPEBOT_DEFAULT_FILE_TYPES',
    async (fileType) => {
      const { status, issues } = await refusedType(fileType)
      expect(status).toBe(403)
      expect(issues).toEqual([
        expect.stringMatching(
          new RegExp(
            `^fileType: "${fileType.replace('+', '\\+')}" is not allowed here \\(allow.fileTypes: image/png, image/jpeg, .*application/pdf, text/plain`,
          ),
        ),
      ])
    },
  )

  it('requires a fileType by default: without one the policy would take any Content-Type', async () => {
    const { status, issues } = await refusedType(undefined)
    expect(status).toBe(403)
    expect(issues).toEqual([expect.stringMatching(/^fileType: Required here \(allow.fileTypes: image\/png, /)])
  })

  it.each([
    'image/png',
    'IMAGE/JPEG',
    'application/pdf',
    'text/plain; charset=utf-8',
    'text/plain;charset="utf-8"',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ])('takes %s by default and signs it as given', async (fileType) => {
    const res = await generate({ sessionId: 's1', fileName: 'a.txt', fileType })
    expect(res.status).toBe(200)
    expect(res.json.formData['Content-Type']).toBe(fileType)
  })

  it('lets allow.fileTypes widen the default (*/* takes any well-formed type)', async () => {
    const res = await generate({ sessionId: 's1', fileName: 'a.html', fileType: 'text/html' }, { fileTypes: ['*/*'] })
    expect(res.status).toBe(200)
  })
})

describe('typebotProxy: refusals, in Typebot shape, before the vendor is called', () => {
  const cases: Array<[string, unknown, TypebotProxyOptions['allow'], number, string[]]> = [
    [
      'a file type the app did not allow',
      { sessionId: 's1', fileName: 'a.pdf', fileType: 'application/pdf' },
      { fileTypes: ['image/*', 'text/plain'] },
      403,
      ['fileType: "application/pdf" is not allowed here (allow.fileTypes: image/*, text/plain)'],
    ],
    [
      'no file type when allow.fileTypes is set',
      { sessionId: 's1', fileName: 'a.png' },
      { fileTypes: ['image/png'] },
      403,
      ['fileType: Required here (allow.fileTypes: image/png)'],
    ],
    [
      'a name longer than allow.maxFileNameLength',
      { sessionId: 's1', fileName: `${'n'.repeat(21)}.txt`, fileType: 'text/plain' },
      { maxFileNameLength: 24 },
      403,
      ['fileName: 25 characters is too long (allow.maxFileNameLength: 24)'],
    ],
    [
      'a session the predicate refuses',
      { sessionId: 's1', fileName: 'a.txt', fileType: 'text/plain' },
      { sessionIds: async () => false },
      403,
      ['sessionId: s1 is not allowed here (allow.sessionIds)'],
    ],
    [
      'no sessionId, a fileName of the wrong type',
      { fileName: 3 },
      undefined,
      400,
      ['sessionId: Required', 'fileName: Expected string, received number'],
    ],
    [
      'a file name with a path',
      { sessionId: 's1', fileName: '../../a.txt' },
      undefined,
      400,
      ['fileName: ("../../a.txt") must be a plain file name (no "/", "\\" or control characters)'],
    ],
    [
      'a file name the upload policy would read as a variable (S2: it signed the whole session folder)',
      { sessionId: 's1', fileName: `\${filename}` },
      undefined,
      400,
      [
        `fileName: ("\${filename}") must not contain "\${": the storage policy would read it as a variable and sign a prefix instead of one key`,
      ],
    ],
    [
      'a session id with a path',
      { sessionId: 's1/../s2', fileName: 'a.txt' },
      undefined,
      400,
      ['sessionId: ("s1/../s2") must be a plain file name (no "/", "\\" or control characters)'],
    ],
    ['a body that is not an object', [], undefined, 400, ['body: Expected object, received array']],
  ]
  it.each(cases)('%s', async (_, body, allow, status, issues) => {
    const res = await generate(body, allow)
    expect(res.status).toBe(status)
    expect(res.json).toEqual({
      message: status === 400 ? 'Invalid input data' : 'Insufficient access',
      code: status === 400 ? 'BAD_REQUEST' : 'FORBIDDEN',
      issues: issues.map((message) => ({ message })),
    })
    expect((await presignCalls(mock.url)).typebot).toBe(0)
  })

  it('answers a wrong method in Typebot shape', async () => {
    const res = await call(proxy(), browserRequest(PATH, { method: 'PUT', body: {} }))
    expect(res.status).toBe(405)
    expect(res.json).toMatchObject({
      code: 'METHOD_NOT_SUPPORTED',
      issues: [{ message: expect.stringContaining('use POST') }],
    })
  })

  it('refuses a non-positive allow.maxFileNameLength when the proxy is made', () => {
    expect(() => typebotProxy({ token: 't', baseUrl: 'http://127.0.0.1:1', allow: { maxFileNameLength: 0 } })).toThrow(
      RangeError,
    )
  })
})
