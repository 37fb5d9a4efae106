import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readLeonardoError } from './leonardo.ts'
import { readNft2Error } from './nft2.ts'
import { readStartrailError } from './startrail.ts'
import { readTypebotError } from './typebot.ts'
import type { VendorErrorReading } from './vendor-error.ts'

const readers = { readNft2Error, readStartrailError, readLeonardoError, readTypebotError }

/** JSON values leaning towards the vendors' own keys, so the junk reaches every branch of the readers. */
const vendorishJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    tie('record'),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
  record: fc.dictionary(
    fc.oneof(fc.constantFrom('statusCode', 'message', 'error', 'issues', 'code', 'path', 'fileIndex'), fc.string()),
    tie('value'),
    { maxKeys: 5 },
  ),
}))

function expectWellFormed(reading: VendorErrorReading | undefined): void {
  if (reading === undefined) return
  for (const issue of reading.issues) {
    expect(typeof issue.message).toBe('string')
    expect(issue.message).not.toBe('')
    if (issue.fileIndex !== undefined) expect(Number.isSafeInteger(issue.fileIndex)).toBe(true)
  }
  if (reading.code !== undefined) expect(typeof reading.code).toBe('string')
  for (const value of Object.values(reading.details ?? {})) expect(typeof value).toBe('string')
}

describe.each(Object.entries(readers))('%s', (_, read) => {
  it('never throws on any JSON value, parsed or as text, and reads only strings out', () => {
    fc.assert(
      fc.property(fc.oneof(vendorishJson.value, fc.jsonValue()), (body) => {
        expectWellFormed(read(body))
        expectWellFormed(read(JSON.stringify(body)))
      }),
      { numRuns: 300 },
    )
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 502],
    ['an empty string', ''],
    ['a cut-off JSON text', '{"statusCode":400,"mess'],
    ['an array', ['statusCode', 400]],
    ['an object without any known key', { hello: 'world' }],
    ['nested junk', { statusCode: { n: 1 }, message: { a: [] }, error: [], issues: {}, code: null, path: [1] }],
    ['a BigInt', 10n],
    [
      'a cyclic list',
      (() => {
        const list: unknown[] = []
        list.push(list)
        return { statusCode: 400, message: list, code: 'X', issues: [{ message: list }] }
      })(),
    ],
  ])('reads %s without throwing', (__, body) => {
    expect(() => expectWellFormed(read(body))).not.toThrow()
  })
})
