import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { postJson, typebotSession, useMockServer } from './harness.ts'

/**
 * No file name, however hostile, makes a vendor sign a key outside its folder: each presign call either answers
 * 400 with a message naming the rule, or signs keys whose path segments are plain names. Run against the real mock
 * over loopback, through the demo app backend's proxies (the way a browser reaches the vendors).
 */
const mock = useMockServer()

/** Names a traversal or an injection would be made of, mixed with ordinary text. */
const hostileName = fc
  .array(
    fc.oneof(
      fc.constantFrom('../', '..\\', '/', '\\', '..', '.', '/etc/passwd', 'C:\\', '\0', '%2e%2e%2f', '%00', '\u202e'),
      fc.constantFrom(' ', '  ', 'photo', '.png', '.jpg', '?x=1', '#frag', '&', '写', '😀'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
const anyName = fc.oneof(
  hostileName,
  // With an extension and no space, some of these are names a vendor accepts: the signed key is then checked too.
  hostileName.map((name) => `${name.replace(/\s/g, '')}.png`),
  fc.string({ unit: 'grapheme', maxLength: 1000 }),
  fc.constant(' '.repeat(5)),
)

/** The object key of a signed URL (path style: `/{bucket}/{key}`), each segment decoded. */
function keySegments(signedUrl: string): string[] {
  const [, , ...segments] = new URL(signedUrl).pathname.split('/')
  return segments.map(decodeURIComponent)
}

function expectPlainSegments(segments: string[]) {
  for (const segment of segments) {
    expect(segment).not.toBe('')
    expect(segment).not.toBe('.')
    expect(segment).not.toBe('..')
    expect(segment).not.toMatch(/[\\/\0]/)
  }
}

const RUNS = { numRuns: 60 }

describe('object keys stay inside their folder, whatever the file name', () => {
  it('NFT2: the key is one plain segment derived from the name', async () => {
    await fc.assert(
      fc.asyncProperty(anyName, async (fileName) => {
        const answer = await postJson(`${mock.url}/app/nft2/presigned-image`, {
          files: [{ fileName, mimeType: 'image/png' }],
        })
        if (answer.status === 400) return
        expect(answer.status).toBe(200)
        const [url] = (answer.json as { urls: string[] }).urls
        const segments = keySegments(url as string)
        expect(segments).toHaveLength(1)
        expectPlainSegments(segments)
      }),
      RUNS,
    )
  })

  it('Startrail: either refused with the rule named, or signed under the issuer folder as one plain segment', async () => {
    let signed = 0
    await fc.assert(
      fc.asyncProperty(anyName, async (filename) => {
        const answer = await postJson(`${mock.url}/app/startrail/port/api/v1/commerce/signedUrls`, {
          action: 'write',
          payload: [{ filename, category: 'artwork' }],
        })
        if (answer.status === 400) {
          expect(JSON.stringify(answer.json)).toMatch(/filename/)
          return
        }
        expect(answer.status).toBe(201)
        const [result] = (answer.json as { results: Array<{ url: string }> }).results
        const segments = keySegments(result?.url as string)
        expect(segments.slice(0, 2)).toEqual(['srr-images', mock.config.startrail.issuerAddress])
        expect(segments).toHaveLength(3)
        expectPlainSegments(segments)
        signed++
      }),
      RUNS,
    )
    // Not only refusals: names were signed too, and their keys checked.
    expect(signed).toBeGreaterThan(0)
  })

  it('Typebot: either refused with the rule named, or signed under the session folder as one plain segment', async () => {
    await typebotSession(mock.url, 'session-1')
    let signed = 0
    await fc.assert(
      fc.asyncProperty(anyName, async (fileName) => {
        const answer = await postJson(`${mock.url}/app/typebot/v2/generate-upload-url`, {
          sessionId: 'session-1',
          fileName,
          fileType: 'text/plain',
        })
        if (answer.status === 400) {
          expect(JSON.stringify(answer.json)).toMatch(/fileName/)
          return
        }
        expect(answer.status).toBe(200)
        const { formData } = answer.json as { formData: Record<string, string> }
        const segments = (formData.key as string).split('/')
        expect(segments.slice(0, 4)).toEqual(['public', 'tmp', 'sessions', 'session-1'])
        expect(segments).toHaveLength(5)
        expectPlainSegments(segments)
        signed++
      }),
      RUNS,
    )
    expect(signed).toBeGreaterThan(0)
  })
})
