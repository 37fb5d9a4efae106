import type { Body, Meta, UppyFile } from '@uppy/core'
import Uppy from '@uppy/core'
import { displayFileName, UploadError } from '@uppy-presign/core'
import GcsSignedUrl from '@uppy-presign/gcs'
import IpfsPresign from '@uppy-presign/ipfs'
import S3PostPolicy from '@uppy-presign/s3-post'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/**
 * Bad input, as properties: hostile file names, odd mime types and sizes, and presign answers of every wrong shape,
 * through each plugin in Chromium. Whatever comes in, no exception escapes, and every file ends in `upload-error`
 * with an `UploadError` that names it (as a person would recognise it) — never a success built on garbage.
 */

const hostileName = fc
  .array(
    fc.oneof(
      fc.constantFrom('../', '..\\', '/', '\\', '/etc/passwd', 'C:\\', '\0', '\u202e', '\u200f', '\u2066', ' '),
      fc.constantFrom('photo', '.png', '.jpg', 'é', 'e\u0301', '写', '😀', '\ud800', 'CON', '%2e%2e%2f', '?x#y'),
      fc.string({ unit: 'binary', maxLength: 5 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''))
const anyName = fc.oneof(
  hostileName,
  fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 1000 }),
  fc.constantFrom('noextension', '   ', '.', '..', '/abs/path.png', 'C:\\abs\\path.png'),
)
const anyType = fc.oneof(
  fc.constantFrom('image/png', 'image/svg+xml', '', 'application/octet-stream', 'text/html; charset=utf-8'),
  fc.string({ maxLength: 40 }),
)
const anySize = fc.constantFrom(0, 1, 2 ** 31 - 1, 2 ** 31, 5 * 1024 ** 3 + 1)

/** Answers a presign call could give: nothing usable in any of them (no absolute http(s) URL). */
const url = fc.constantFrom('', 'x', '/relative', 'ftp://host/a', 'javascript:alert(1)', 'http://', '::::')
const wrongAnswer = fc.oneof(
  fc.anything(),
  fc.record({ urls: fc.oneof(fc.anything(), fc.array(fc.oneof(url, fc.record({ url }), fc.anything()))) }),
  fc.record({ results: fc.array(fc.record({ filename: fc.string(), url, contentType: fc.anything() })) }),
  fc.array(fc.record({ url, headers: fc.anything(), contentType: fc.anything() }), { maxLength: 3 }),
  fc.record({ uploadInitImage: fc.record({ url, fields: fc.oneof(fc.string(), fc.anything()), id: fc.anything() }) }),
  fc.record({ presignedUrl: url, formData: fc.anything(), fileUrl: fc.anything() }),
  fc.record({ url, fields: fc.anything() }),
)

type Make = (answer: unknown) => Uppy<Meta, Body>
// Uppy logs every upload error; with a thousand hostile runs that is only noise here.
const quiet = { logger: { debug: () => {}, warn: () => {}, error: () => {} } }
const PLUGINS: Record<string, Make> = {
  IpfsPresign: (answer) =>
    new Uppy<Meta, Body>(quiet).use(IpfsPresign, { presign: async () => answer as never, retries: 0, retryBaseMs: 1 }),
  GcsSignedUrl: (answer) =>
    new Uppy<Meta, Body>(quiet).use(GcsSignedUrl, {
      presign: async () => answer as never,
      retries: 0,
      retryBaseMs: 1,
    }),
  S3PostPolicy: (answer) =>
    new Uppy<Meta, Body>(quiet).use(S3PostPolicy, {
      presign: async () => answer as never,
      retries: 0,
      retryBaseMs: 1,
    }),
}

const escaped: unknown[] = []
const onError = (event: ErrorEvent) => escaped.push(event.error)
const onRejection = (event: PromiseRejectionEvent) => escaped.push(event.reason)
beforeEach(() => {
  escaped.length = 0
  window.addEventListener('error', onError)
  window.addEventListener('unhandledrejection', onRejection)
})
afterEach(() => {
  window.removeEventListener('error', onError)
  window.removeEventListener('unhandledrejection', onRejection)
})

describe('bad input through every plugin: a clear error per file, nothing escapes', () => {
  for (const [plugin, make] of Object.entries(PLUGINS)) {
    it(`${plugin}: any name, type, size and wrong presign answer`, async () => {
      await fc.assert(
        fc.asyncProperty(anyName, anyType, anySize, wrongAnswer, async (name, type, size, answer) => {
          const uppy = make(answer)
          try {
            const outcomes: Array<{ ok: boolean; error?: Error }> = []
            uppy.on('upload-success', () => outcomes.push({ ok: true }))
            uppy.on('upload-error', (_file: UppyFile<Meta, Body> | undefined, error: Error) =>
              outcomes.push({ ok: false, error }),
            )
            let id: string
            try {
              id = uppy.addFile({ name, type, data: new Blob([new Uint8Array(16)], { type }) })
            } catch (error) {
              // Uppy itself may refuse the file (e.g. a duplicate); then it never reaches the plugin.
              expect(error).toBeInstanceOf(Error)
              return
            }
            // The size a person's file could have, without allocating it (the plugins check sizes before reading).
            uppy.setFileState(id, { size })
            await uppy.upload()
            expect(outcomes).toHaveLength(1)
            const [outcome] = outcomes
            expect(outcome?.ok).toBe(false)
            expect(outcome?.error).toBeInstanceOf(UploadError)
            expect(outcome?.error?.message).toContain(displayFileName(name))
            expect(uppy.getFile(id)?.error).toBeTruthy()
          } finally {
            uppy.destroy()
          }
        }),
        { numRuns: 120 },
      )
      expect(escaped).toEqual([])
    })
  }
})

describe('file names in plugin messages', () => {
  it.each(['a$b.txt', "$&$1$$$'$`.txt", 'price-$5.txt', 'private-\u{F0000}-use.txt'])(
    '%j reads as written (Uppy 6.3.1 would double each "$"; a private-use character is written out)',
    async (name) => {
      const uppy = PLUGINS.IpfsPresign?.([]) as Uppy<Meta, Body>
      try {
        const errors: Error[] = []
        uppy.on('upload-error', (_file, error) => errors.push(error))
        uppy.addFile({ name, type: 'text/plain', data: new Blob(['x'], { type: 'text/plain' }) })
        await uppy.upload()
        // NFT2 takes images only: the refusal names the file through the plugin's locale.
        expect(errors).toHaveLength(1)
        expect(errors[0]?.message.startsWith(`${displayFileName(name)}: text/plain cannot be uploaded here`)).toBe(true)
      } finally {
        uppy.destroy()
      }
    },
  )
})
