import { describe, expect, it } from 'vitest'
import { readStartrailError, STARTRAIL_NAME_RULES, startrailErrorBody, startrailNameRulesBroken } from './startrail.ts'

describe('readStartrailError', () => {
  it('reads the 400 the doc shows, the file named by its position', () => {
    expect(
      readStartrailError({
        statusCode: 400,
        message: [
          'payload.0.category must be one of the following values: certificate,for_authenticity,artwork,installation,non_attachment_file',
        ],
      }),
    ).toEqual({
      issues: [
        {
          message:
            'payload.0.category must be one of the following values: certificate,for_authenticity,artwork,installation,non_attachment_file',
          fileIndex: 0,
        },
      ],
      details: { statusCode: '400' },
    })
  })

  it('reads the 502 the doc shows (one string)', () => {
    expect(readStartrailError({ statusCode: 502, message: 'Bad Gateway' })).toEqual({
      issues: [{ message: 'Bad Gateway' }],
      details: { statusCode: '502' },
    })
  })

  it('indexes every sentence about a file, and only those', () => {
    const reading = readStartrailError({
      statusCode: 400,
      message: [
        'action must be one of the following values: write,read',
        'payload.12.filename should not contain space',
        'payload.3x.filename is odd',
        'files.1.fileName is NFT2’s, not Startrail’s',
      ],
    })
    expect(reading?.issues).toEqual([
      { message: 'action must be one of the following values: write,read' },
      { message: 'payload.12.filename should not contain space', fileIndex: 12 },
      { message: 'payload.3x.filename is odd' },
      { message: 'files.1.fileName is NFT2’s, not Startrail’s' },
    ])
  })

  it('reads the JSON text as well as the parsed value', () => {
    expect(readStartrailError('{"statusCode":401,"message":"Unauthorized"}')?.issues).toEqual([
      { message: 'Unauthorized' },
    ])
  })

  it('writes list entries that are not strings as JSON, and drops empty ones', () => {
    expect(readStartrailError({ statusCode: 400, message: [1, { a: 1 }, null, '', '  '] })?.issues).toEqual([
      { message: '1' },
      { message: '{"a":1}' },
      { message: 'null' },
    ])
  })

  it.each([
    ['no statusCode', { message: ['payload.0.category …'] }],
    ['a statusCode that is text', { statusCode: '400', message: 'x' }],
    ['nothing to read', { statusCode: 500 }],
    ['an empty message', { statusCode: 500, message: [] }],
    ['Typebot’s shape', { message: 'Invalid input data', code: 'BAD_REQUEST', issues: [] }],
    ['Leonardo’s shape', { error: 'bad', path: '$.extension', code: 'validation-failed' }],
    ['HTML', '<html>502 Bad Gateway</html>'],
  ])('is undefined for %s', (_, body) => {
    expect(readStartrailError(body)).toBeUndefined()
  })

  it('reads back what startrailErrorBody writes', () => {
    const body = startrailErrorBody({ status: 400, problems: ['payload.1.filename should contain the file extension'] })
    expect(body).toEqual({ statusCode: 400, message: ['payload.1.filename should contain the file extension'] })
    expect(readStartrailError(body)?.issues).toEqual([
      { message: 'payload.1.filename should contain the file extension', fileIndex: 1 },
    ])
    expect(startrailErrorBody({ status: 403, problems: ['a', 'b'] })).toEqual({ statusCode: 403, message: 'a; b' })
  })
})

describe('startrailNameRulesBroken', () => {
  it.each([
    ['artwork.jpg', [], []],
    ['my artwork.jpg', [], ['noSpaces']],
    ['my\tartwork', [], ['noSpaces', 'needsExtension']],
    ['artwork', [], ['needsExtension']],
    ['artwork.', [], ['needsExtension']],
    ['.png', [], []],
    ['my artwork.jpg', [true], []],
    ['my artwork', [true], ['needsExtension']],
  ] as const)('%j (allowSpaces %j) breaks %j', (name, [allowSpaces], broken) => {
    expect(startrailNameRulesBroken(name, allowSpaces === undefined ? {} : { allowSpaces })).toEqual(broken)
  })

  it('names only rules it lists', () => {
    for (const rule of startrailNameRulesBroken(' x')) expect(STARTRAIL_NAME_RULES).toContain(rule)
  })
})
