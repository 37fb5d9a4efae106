import { describe, expect, it } from 'vitest'
import { nft2ErrorBody, readNft2Error } from './nft2.ts'

describe('readNft2Error', () => {
  it('reads a NestJS 400, keeping the reason phrase as a detail and indexing files', () => {
    expect(
      readNft2Error({
        statusCode: 400,
        message: ['files.3 (cat.gif): mimeType "image/gif" is not supported; use one of image/png, image/jpeg'],
        error: 'Bad Request',
      }),
    ).toEqual({
      issues: [
        {
          message: 'files.3 (cat.gif): mimeType "image/gif" is not supported; use one of image/png, image/jpeg',
          fileIndex: 3,
        },
      ],
      details: { statusCode: '400', error: 'Bad Request' },
    })
  })

  it('reads `files.N.field` sentences, but not Startrail’s `payload.N`', () => {
    const reading = readNft2Error({
      statusCode: 400,
      message: ['files.7.fileName must be a non-empty string', 'payload.0.filename …'],
    })
    expect(reading?.issues).toEqual([
      { message: 'files.7.fileName must be a non-empty string', fileIndex: 7 },
      { message: 'payload.0.filename …' },
    ])
  })

  it('takes `error` as the issue when there is no message', () => {
    expect(readNft2Error({ statusCode: 401, error: 'Unauthorized' })).toEqual({
      issues: [{ message: 'Unauthorized' }],
      details: { statusCode: '401' },
    })
  })

  it('does not index a position beyond a safe integer', () => {
    expect(readNft2Error({ statusCode: 400, message: 'files.99999999999999999999 is odd' })?.issues).toEqual([
      { message: 'files.99999999999999999999 is odd' },
    ])
  })

  it.each([
    ['null', null],
    ['an array', [{ statusCode: 400, message: 'x' }]],
    ['a number', 400],
    ['text that is not JSON', 'Bad Gateway'],
    ['no statusCode', { message: 'x', error: 'Bad Request' }],
  ])('is undefined for %s', (_, body) => {
    expect(readNft2Error(body)).toBeUndefined()
  })

  it('reads back what nft2ErrorBody writes', () => {
    const body = nft2ErrorBody({ status: 400, problems: ['files.0.fileName must be a non-empty string'] })
    expect(body).toEqual({
      statusCode: 400,
      message: ['files.0.fileName must be a non-empty string'],
      error: 'Bad Request',
    })
    expect(readNft2Error(body)?.issues).toEqual([
      { message: 'files.0.fileName must be a non-empty string', fileIndex: 0 },
    ])
    expect(nft2ErrorBody({ status: 429, problems: ['slow down', 'really'] })).toEqual({
      statusCode: 429,
      message: 'slow down; really',
      error: 'Too Many Requests',
    })
    expect(nft2ErrorBody({ status: 418, problems: [] }).error).toBe('Error')
  })
})
