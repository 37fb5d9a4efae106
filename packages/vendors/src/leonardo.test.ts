import { describe, expect, it } from 'vitest'
import { leonardoErrorBody, readLeonardoError } from './leonardo.ts'

describe('readLeonardoError', () => {
  it('reads Hasura’s {error, path, code}, naming the path in the issue', () => {
    expect(
      readLeonardoError({
        error: 'expected one of the values ["png","jpg","jpeg","webp"] for type "extension", but found "gif"',
        path: '$.extension',
        code: 'validation-failed',
      }),
    ).toEqual({
      issues: [
        {
          message:
            'expected one of the values ["png","jpg","jpeg","webp"] for type "extension", but found "gif" (at $.extension)',
        },
      ],
      code: 'validation-failed',
      details: { path: '$.extension' },
    })
  })

  it('reads an error with a code and no path', () => {
    expect(readLeonardoError({ error: 'Invalid JWT', code: 'invalid-jwt' })).toEqual({
      issues: [{ message: 'Invalid JWT' }],
      code: 'invalid-jwt',
      details: {},
    })
  })

  it.each([
    ['NestJS’s shape (error is a reason phrase there)', { statusCode: 400, message: 'x', error: 'Bad Request' }],
    ['an error that is not a string', { error: { message: 'x' }, path: '$', code: 'x' }],
    ['an empty error', { error: ' ', path: '$', code: 'x' }],
    ['Typebot’s shape', { message: 'Invalid input data', code: 'BAD_REQUEST' }],
    ['null', null],
    ['a string of JSON that is not an object', '"error"'],
  ])('is undefined for %s', (_, body) => {
    expect(readLeonardoError(body)).toBeUndefined()
  })

  it('reads back what leonardoErrorBody writes', () => {
    const body = leonardoErrorBody({ status: 400, problems: ['extension must be one of png'], path: '$.extension' })
    expect(body).toEqual({ error: 'extension must be one of png', path: '$.extension', code: 'validation-failed' })
    expect(readLeonardoError(JSON.stringify(body))?.issues).toEqual([
      { message: 'extension must be one of png (at $.extension)' },
    ])
    expect(leonardoErrorBody({ status: 403, problems: ['a', 'b'] })).toEqual({
      error: 'a; b',
      path: '$',
      code: 'access-denied',
    })
    expect([401, 404, 405, 429, 500, 502].map((status) => leonardoErrorBody({ status, problems: [] }).code)).toEqual([
      'invalid-jwt',
      'not-found',
      'not-supported',
      'rate-limit-exceeded',
      'unexpected',
      'unexpected',
    ])
  })
})
