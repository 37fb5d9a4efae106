import { describe, expect, it } from 'vitest'
import { readTypebotError, typebotErrorBody } from './typebot.ts'

describe('readTypebotError: a chat session that does not take a file now', () => {
  const thrown = (message: string) => ({
    message,
    code: 'BAD_REQUEST',
    data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'generateUploadUrlV2' },
  })

  it.each([
    ["Can't find session", 'not-found', /Start the chat again/],
    ["Can't find currentBlockId in session state", 'not-found', /Start the chat again/],
    [
      'Current block does not expect file upload',
      'not-at-file-block',
      /Continue the chat to a block that asks for a file/,
    ],
  ])('%s → kind session, the case named, a hint to act on the chat', (message, session, hint) => {
    const read = readTypebotError(thrown(message))
    expect(read).toEqual({
      issues: [{ message: `the chat session does not accept a file now (${message})` }],
      code: 'BAD_REQUEST',
      kind: 'session',
      hint: expect.stringMatching(hint),
      details: { session },
    })
    expect(read?.hint).toMatch(/then retry the file\.$/)
  })

  it('the same words under another code, or among zod issues, are not the session case', () => {
    expect(readTypebotError({ message: "Can't find session", code: 'NOT_FOUND' })).not.toHaveProperty('kind')
    expect(
      readTypebotError({
        message: 'Invalid input data',
        code: 'BAD_REQUEST',
        issues: [{ message: "Can't find session" }],
      }),
    ).not.toHaveProperty('kind')
  })
})

describe('readTypebotError', () => {
  it.each([
    ['BAD_REQUEST', 'Invalid input data'],
    ['UNAUTHORIZED', 'Authorization not provided'],
    ['FORBIDDEN', 'Insufficient access'],
    ['INTERNAL_SERVER_ERROR', 'Internal server error'],
  ])('reads the OpenAPI’s %s example', (code, message) => {
    expect(readTypebotError({ code, message, issues: [] })).toEqual({ issues: [{ message }], code })
  })

  it('joins the headline with the causes that differ from it', () => {
    expect(
      readTypebotError({
        message: 'Invalid input data',
        code: 'BAD_REQUEST',
        issues: [
          { message: 'fileName: Required' },
          { message: 'invalid input data' },
          { message: 'sessionId: Required' },
        ],
      }),
    ).toEqual({
      issues: [{ message: 'Invalid input data: fileName: Required; sessionId: Required' }],
      code: 'BAD_REQUEST',
    })
  })

  it('names the field of a zod issue by its path', () => {
    expect(
      readTypebotError({
        message: 'Input validation failed',
        code: 'BAD_REQUEST',
        issues: [
          { code: 'invalid_type', path: ['fileName'], message: 'Required' },
          { path: ['fileType'], message: 'fileType: Expected string, received number' },
          { path: [{ odd: true }], message: 'Odd path' },
        ],
      })?.issues,
    ).toEqual([
      { message: 'Input validation failed: fileName: Required; fileType: Expected string, received number; Odd path' },
    ])
  })

  it('lists the causes when there is no headline', () => {
    expect(readTypebotError({ code: 'BAD_REQUEST', issues: [{ message: 'a' }, { message: 'b' }] })).toEqual({
      issues: [{ message: 'a' }, { message: 'b' }],
      code: 'BAD_REQUEST',
    })
  })

  it('skips issues that are not {message}', () => {
    expect(
      readTypebotError({
        message: 'Invalid input data',
        code: 'BAD_REQUEST',
        issues: [null, 'x', 3, [], { message: 5 }],
      }),
    ).toEqual({ issues: [{ message: 'Invalid input data: 5' }], code: 'BAD_REQUEST' })
  })

  it.each([
    ['no code', { message: 'Invalid input data', issues: [] }],
    ['nothing to read', { code: 'BAD_REQUEST', issues: [] }],
    ['Leonardo’s shape', { error: 'bad', path: '$', code: 'validation-failed' }],
    ['an array', []],
    ['a boolean', true],
  ])('is undefined for %s', (_, body) => {
    expect(readTypebotError(body)).toBeUndefined()
  })

  it('reads back what typebotErrorBody writes', () => {
    const body = typebotErrorBody({ status: 400, problems: ['fileName: Required', 'sessionId: Required'] })
    expect(body).toEqual({
      message: 'Invalid input data',
      code: 'BAD_REQUEST',
      issues: [{ message: 'fileName: Required' }, { message: 'sessionId: Required' }],
    })
    expect(readTypebotError(body)?.issues).toEqual([
      { message: 'Invalid input data: fileName: Required; sessionId: Required' },
    ])
    expect(typebotErrorBody({ status: 503, problems: [] })).toEqual({
      message: 'Internal server error',
      code: 'INTERNAL_SERVER_ERROR',
      issues: [],
    })
  })
})
