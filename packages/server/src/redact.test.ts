import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readableForms } from '../test/test-support.ts'
import { callVendor, type VendorAnswer } from './forward.ts'
import { isRefusal } from './json.ts'
import type { Refusal } from './types.ts'

/** One vendor call answered with `body` (and `headers`), through the proxy's forwarding and redaction. */
const forward = (secret: string, body: string, headers: Record<string, string> = {}) =>
  callVendor(
    { url: 'https://vendor.example/presign', method: 'POST', keyHeaders: { authorization: `Bearer ${secret}` } },
    {
      fetch: async () =>
        new Response(body, { status: 401, headers: { 'content-type': 'application/json', ...headers } }),
      timeoutMs: 5_000,
      label: 'Vendor',
      secrets: [secret],
      signal: undefined,
    },
  )

/** What the browser would get, body and headers: the vendor's answer as forwarded, or the proxy's own refusal. */
const outgoing = (answer: VendorAnswer | Refusal): string[] =>
  isRefusal(answer) ? [JSON.stringify(answer.problems)] : [answer.json, answer.date ?? '', answer.retryAfter ?? '']

/** Every reading of every part that holds the key: none, when the redaction held. */
const readingsWith = (key: string, parts: string[]) => parts.flatMap(readableForms).filter((form) => form.includes(key))

const hex = (byte: number, upper: boolean) => {
  const h = byte.toString(16).padStart(2, '0')
  return `%${upper ? h.toUpperCase() : h}`
}
/** Every byte percent-encoded: a legal URL form of any text. */
const percentAll = (text: string, upper: boolean) =>
  [...new TextEncoder().encode(text)].map((b) => hex(b, upper)).join('')
/** encodeURIComponent with its hex digits in lower case, as some servers write them (`%2f`). */
const lowerCaseEncoded = (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
const unicodeEscaped = (text: string) =>
  [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')

/** The forms issue 15 (S3) found or asked for, each a whole vendor answer with the key planted in it. */
const plantings: Record<string, (key: string, filler: string) => string> = {
  raw: (key, filler) => JSON.stringify({ message: `${filler}${key}${filler}` }),
  'as a property name': (key, filler) => JSON.stringify({ errors: { [key]: filler } }),
  '\\u-escaped JSON': (key, filler) => `{"message":"${unicodeEscaped(filler + key)}"}`,
  'nested JSON string': (key, filler) => JSON.stringify({ detail: JSON.stringify({ message: filler + key }) }),
  'nested JSON string, \\u-escaped': (key) => JSON.stringify({ detail: `{"message":"${unicodeEscaped(key)}"}` }),
  'percent-encoded, upper case': (key) => JSON.stringify({ docs: `https://v.example/?k=${percentAll(key, true)}` }),
  'percent-encoded, lower case': (key) => JSON.stringify({ docs: `https://v.example/?k=${percentAll(key, false)}` }),
  'encodeURIComponent, lower case': (key) => JSON.stringify({ docs: `https://v.example/?k=${lowerCaseEncoded(key)}` }),
  'double-encoded': (key) => JSON.stringify({ docs: encodeURIComponent(encodeURIComponent(key)) }),
  'double-encoded, lower case': (key) => JSON.stringify({ docs: percentAll(lowerCaseEncoded(key), false) }),
  'in duplicate properties': (key, filler) =>
    `{"message":${JSON.stringify(filler + key)},"message":${JSON.stringify(filler)}}`,
  'duplicate properties in a nested string': (key, filler) =>
    JSON.stringify({ detail: `{"m":${JSON.stringify(key)},"m":${JSON.stringify(filler)}}` }),
  'percent-encoded JSON': (key) => JSON.stringify({ state: encodeURIComponent(JSON.stringify({ key })) }),
}

/** Keys like the vendors': long, and with the characters URL-encoding changes (`/ + = &`) and JSON escapes. */
const keys = fc.string({
  unit: fc.constantFrom(...'abcXYZ0189/+=&%?#"\\-_.~ '.split('')),
  minLength: 12,
  maxLength: 40,
})
/** Text around the key: letters and spaces only, so it cannot complete a form of the key by accident. */
const fillers = fc.string({ unit: fc.constantFrom('q', 'w', ' '), maxLength: 6 })

describe('the bytes a vendor answer leaves the proxy with', () => {
  it.each(Object.entries(plantings))('never hold the key in any reading: %s', (_, plant) => {
    return fc.assert(
      fc.asyncProperty(keys, fillers, async (key, filler) => {
        const answer = await forward(key, plant(key, filler))
        expect(readingsWith(key, outgoing(answer))).toEqual([])
        // Redacted, not refused: the browser still reads the vendor's status and shape.
        expect(isRefusal(answer)).toBe(false)
      }),
      { numRuns: 60 },
    )
  })

  it('are the answer written anew: duplicate properties collapse to the last, as a browser reads them', async () => {
    const answer = await forward('k'.repeat(16), '{"message":"a", "message" : "b",\n"n":1.50}')
    expect(answer).toMatchObject({ status: 401, json: '{"message":"b","n":1.5}' })
  })

  it('are refused when the key can still be read across them (spread over two strings)', async () => {
    const key = 'part-one","b":"part-two'
    const answer = await forward(key, JSON.stringify({ a: 'part-one', b: 'part-two' }))
    expect(answer).toEqual({
      status: 502,
      problems: [expect.stringMatching(/^Vendor API answered with its key in a form the proxy cannot blank out/)],
    })
    expect(readingsWith(key, outgoing(answer))).toEqual([])
  })

  it('leave out a Retry-After that would spell the key', async () => {
    const answer = await forward('1234567890', '{}', { 'retry-after': '1234567890' })
    expect(answer).toMatchObject({ status: 401, json: '{}', retryAfter: null })
  })
})
