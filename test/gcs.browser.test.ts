import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { type GcsResult, type GcsSignedUrlOptions, startrail } from '@uppy-presign/gcs'
import { describe, expect, it } from 'vitest'
import { bytesOf, objects, pngBlob, setFault, stats, useMockServer } from './browser-harness.ts'
import { addFile, type Outcome, uploadAll } from './uppy-helpers.ts'

/**
 * Browser → the app's presign proxy (/app/startrail) → the Startrail mock → the GCS bucket, as a real deployment
 * runs: names, Content-Type and finalUrl are judged by the vendor and the storage, never by the plugin itself.
 */
const mock = useMockServer()
const proxy = (category: 'artwork' | 'certificate' = 'artwork') =>
  startrail({ endpoint: `${mock.url}/app/startrail`, category })

const gcsUppy = (opts: Partial<GcsSignedUrlOptions> = {}) =>
  new Uppy<Meta, Body>({ autoProceed: false }).use(GcsSignedUrl, { presign: proxy(), ...opts })

const objectKeyPrefix = () => `srr-images/${mock.config.startrail.issuerAddress}/`

async function bytesAt(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url)
  expect(response.status, `GET ${url}`).toBe(200)
  return new Uint8Array(await response.arrayBuffer())
}

const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())

function succeeded(outcome: Outcome | undefined): GcsResult {
  expect(outcome?.error).toBeUndefined()
  return outcome?.body as unknown as GcsResult
}

function failed(outcome: Outcome | undefined): UploadError {
  expect(outcome?.body).toBeUndefined()
  expect(outcome?.error).toBeInstanceOf(UploadError)
  return outcome?.error as UploadError
}

describe('GcsSignedUrl through the Startrail proxy', () => {
  it('uploads and reports {finalUrl, contentType, fileName, category}; finalUrl serves the bytes', async () => {
    const uppy = gcsUppy()
    const data = pngBlob(150_000, 7)
    const id = addFile(uppy, 'cat.png', data)
    const outcome = (await uploadAll(uppy)).get(id)
    const body = succeeded(outcome)

    expect(Object.keys(body).sort()).toEqual(['category', 'contentType', 'fileName', 'finalUrl'])
    // No meta.category: the file went as startrail()'s default.
    expect(body.category).toBe('artwork')
    expect(body.contentType).toBe('image/png')
    expect(body.fileName).toMatch(/^cat-[0-9a-z-]+\.png$/)
    // artwork: Startrail's static-files host, per the doc's "Usage of Final URL" table.
    expect(body.finalUrl).toBe(`${mock.url}/startrail/static-files/${objectKeyPrefix()}${body.fileName}`)
    expect(outcome?.uploadURL).toBe(body.finalUrl)
    expect(await bytesAt(body.finalUrl)).toEqual(await blobBytes(data))

    const stored = await objects()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      bucket: mock.config.gcs.bucket,
      key: `${objectKeyPrefix()}${body.fileName}`,
      size: 150_000,
      contentType: 'image/png',
    })
    expect((await stats()).presign.startrail).toBe(1)
  })

  it('a certificate’s finalUrl is the bucket URL, and it serves the bytes', async () => {
    const uppy = gcsUppy({ presign: proxy('certificate') })
    const data = new Blob([bytesOf(4096, 11)], { type: 'application/pdf' })
    const id = addFile(uppy, 'certificate.pdf', data)
    const body = succeeded((await uploadAll(uppy)).get(id))
    expect(body.contentType).toBe('application/pdf')
    expect(body.finalUrl).toBe(
      `${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/${objectKeyPrefix()}${body.fileName}`,
    )
    expect(await bytesAt(body.finalUrl)).toEqual(await blobBytes(data))
  })

  it('sends the Content-Type Startrail chose, not the file’s own type', async () => {
    const uppy = gcsUppy()
    // The browser says PNG; Startrail chooses from the extension (image/jpeg) and signs that.
    const id = addFile(uppy, 'photo.jpg', pngBlob(20_000, 2), 'image/png')
    const body = succeeded((await uploadAll(uppy)).get(id))
    expect(body.contentType).toBe('image/jpeg')
    const stored = await objects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.contentType).toBe('image/jpeg')
    expect((await stats()).storage['gcs-put']).toEqual({ total: 1, '200': 1 })
  })

  it('turns names with spaces, unicode and ../ into safe unique names, extension kept', async () => {
    const uppy = gcsUppy()
    const names = ['my holiday photo.jpg', '写真 2024.png', '../../etc/passwd.png', '..\\..\\secret file.JPG', 'a.png']
    const ids = names.map((name, i) => addFile(uppy, name, pngBlob(1000 + i, i + 1)))
    const outcomes = await uploadAll(uppy)
    const bodies = ids.map((id) => succeeded(outcomes.get(id)))
    const filenames = bodies.map((b) => b.fileName)

    expect(new Set(filenames).size).toBe(names.length)
    for (const name of filenames) {
      expect(name).not.toMatch(/[\s/\\]/)
      expect(name).not.toMatch(/^\.|\.\./)
    }
    expect(filenames[0]).toMatch(/^my-holiday-photo-[0-9a-z-]+\.jpg$/)
    expect(filenames[1]).toMatch(/^写真-2024-[0-9a-z-]+\.png$/)
    expect(filenames[2]).toMatch(/^passwd-[0-9a-z-]+\.png$/)
    expect(filenames[3]).toMatch(/^secret-file-[0-9a-z-]+\.JPG$/)
    expect(filenames[4]).toMatch(/^a-[0-9a-z-]+\.png$/)
    expect(bodies.map((b) => b.contentType)).toEqual([
      'image/jpeg',
      'image/png',
      'image/png',
      'image/jpeg',
      'image/png',
    ])

    // Every object sits directly in the issuer's folder: nothing climbed out of it.
    const keys = (await objects()).map((o) => o.key).sort()
    expect(keys).toEqual(filenames.map((f) => `${objectKeyPrefix()}${f}`).sort())
    // The unicode name round-trips through the finalUrl.
    expect(await bytesAt(bodies[1]?.finalUrl as string)).toEqual(await blobBytes(pngBlob(1001, 2)))
  })

  it('uniqueNames: false refuses a name with a space before any signing call, naming the rule', async () => {
    const uppy = gcsUppy({ uniqueNames: false })
    const id = addFile(uppy, 'my photo.jpg', pngBlob(1000))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info.kind).toBe('invalid-file')
    expect(error.info.retryable).toBe(false)
    expect(error.message).toBe(
      'my photo.jpg: "my photo.jpg" contains spaces, and file names here may not (rule noSpaces): rename it without spaces, e.g. "my-photo.jpg". Rename the file, or turn on uniqueNames to let the uploader make a safe unique name.',
    )
    expect((await stats()).presign.startrail).toBe(0)
    expect(await objects()).toEqual([])
  })

  it('a name without an extension is refused before any signing call, even with uniqueNames', async () => {
    const uppy = gcsUppy()
    const id = addFile(uppy, 'README', new Blob(['hello'], { type: 'text/plain' }))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info.kind).toBe('invalid-file')
    expect(error.message).toBe(
      'README: "README" has no file extension, and file names here need one (rule needsExtension): add the one that matches the file\'s type, e.g. ".jpg" or ".pdf".',
    )
    expect((await stats()).presign.startrail).toBe(0)
  })

  it('uniqueNames: false sends the name as it is; the same name again gets Startrail’s "already exists"', async () => {
    const uppy = gcsUppy({ uniqueNames: false })
    const first = addFile(uppy, 'dup.png', pngBlob(1000, 1))
    const body = succeeded((await uploadAll(uppy)).get(first))
    expect(body.fileName).toBe('dup.png')

    const second = addFile(uppy, 'dup.png', pngBlob(2000, 2))
    const error = failed((await uploadAll(uppy)).get(second))
    expect(error.info).toMatchObject({ kind: 'presign', status: 400, retryable: false, fileName: 'dup.png' })
    expect(error.message).toBe(
      'Startrail refused to sign dup.png (400): payload.0.filename dup.png already exists for this issuer-address; use a unique name (e.g. add Date.now()). Fix what it names and try again.',
    )
    // The first file is untouched.
    const stored = await objects()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.size).toBe(1000)
  })

  it('maxFileSize smaller than the file: refused before any call, naming the limit', async () => {
    const uppy = gcsUppy({ maxFileSize: 1000 })
    const id = addFile(uppy, 'big.png', pngBlob(1001))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'too-large', retryable: false, fileName: 'big.png' })
    expect(error.message).toBe('big.png is 1001 bytes; files here must be at most 1000 bytes.')
    expect((await stats()).presign.startrail).toBe(0)
    expect(await objects()).toEqual([])
  })

  it('25 files with batchSize 10 make 3 signing calls', async () => {
    const uppy = gcsUppy({ batchSize: 10 })
    const ids = Array.from({ length: 25 }, (_, i) => addFile(uppy, `f${i}.png`, pngBlob(500 + i, i + 1)))
    const outcomes = await uploadAll(uppy)
    for (const id of ids) succeeded(outcomes.get(id))
    const s = await stats()
    expect(s.presign.startrail).toBe(3)
    expect(s.storage['gcs-put']).toEqual({ total: 25, '200': 25 })
    expect(await objects()).toHaveLength(25)
  })

  it('matches results to files by filename, whatever their order', async () => {
    const real = proxy()
    const uppy = gcsUppy({
      presign: async (files) => ({ results: [...(await real(files)).results].reverse() }),
    })
    const a = addFile(uppy, 'a.png', pngBlob(1111, 1))
    const b = addFile(uppy, 'b.jpg', pngBlob(2222, 2))
    const outcomes = await uploadAll(uppy)
    const [bodyA, bodyB] = [succeeded(outcomes.get(a)), succeeded(outcomes.get(b))]
    expect(bodyA.fileName).toMatch(/^a-[0-9a-z-]+\.png$/)
    expect(bodyB.contentType).toBe('image/jpeg')
    expect(await bytesAt(bodyA.finalUrl)).toEqual(await blobBytes(pngBlob(1111, 1)))
    expect(await bytesAt(bodyB.finalUrl)).toEqual(await blobBytes(pngBlob(2222, 2)))
    expect((await stats()).presign.startrail).toBe(1)
  })

  it('a result that names another file is refused rather than uploaded where its finalUrl does not point', async () => {
    const real = proxy()
    const uppy = gcsUppy({
      presign: async (files) => ({
        results: (await real(files)).results.map((r) => ({ ...r, filename: `other-${r.filename}` })),
      }),
    })
    const id = addFile(uppy, 'a.png', pngBlob(1000))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'malformed-presign', fileName: 'a.png', retryable: false })
    expect(error.message).toMatch(
      /^a\.png: the signed-URL response could not be used: no result is for (a-[0-9a-z-]+\.png) \(result 0 is for other-\1\)\. /,
    )
    expect((await stats()).storage['gcs-put']).toBeUndefined()
  })

  it('a URL the storage calls expired is signed again once, under the same name, and the file is stored', async () => {
    await setFault({ target: 'gcs', kind: 'expire', count: 1 })
    const uppy = gcsUppy()
    const data = pngBlob(5000, 4)
    const id = addFile(uppy, 'late.png', data)
    const body = succeeded((await uploadAll(uppy)).get(id))
    const s = await stats()
    expect(s.presign.startrail).toBe(2)
    expect(s.storage['gcs-put']).toEqual({ total: 2, '400': 1, '200': 1 })
    // The name was fixed at the first signing: a re-sign asks for it again (Startrail allows it until stored).
    expect((await objects()).map((o) => o.key)).toEqual([`${objectKeyPrefix()}${body.fileName}`])
    expect(await bytesAt(body.finalUrl)).toEqual(await blobBytes(data))
  })

  it('a presign that throws is one upload-error that names the file (core: presign errors are not wrapped)', async () => {
    // An app's own signer failing with a plain Error (its backend is down, say). The engine wraps a failed *send*
    // into an UploadError naming the file; a failed presign reaches upload-error raw. retries: 0 keeps it quick.
    let calls = 0
    const uppy = gcsUppy({
      retries: 0,
      presign: async () => {
        calls++
        throw new Error('signing backend answered 502')
      },
    })
    const id = addFile(uppy, 'cat.png', pngBlob(1000))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(calls).toBe(1)
    expect(error.info).toMatchObject({ kind: 'presign', fileName: 'cat.png' })
    expect(error.message).toContain('cat.png')
    expect(error.message).toContain('signing backend answered 502')
  })

  it('a result without contentType (malformed fault) is a malformed-presign error naming it', async () => {
    await setFault({ target: 'startrail', kind: 'malformed', count: 1 })
    const uppy = gcsUppy()
    const id = addFile(uppy, 'cat.png', pngBlob(1000))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'malformed-presign', retryable: false, fileName: 'cat.png' })
    expect(error.message).toMatch(
      /^cat\.png: the signed-URL response could not be used: the result for cat-[0-9a-z-]+\.png lacks its contentType, which the signature covers\. Check what the signing endpoint returns\.$/,
    )
    // Not retried (a malformed answer does not heal), and nothing was sent to storage.
    const s = await stats()
    expect(s.presign.startrail).toBe(1)
    expect(s.storage['gcs-put']).toBeUndefined()
  })

  it('a Content-Type other than the signed one is a signature-mismatch naming content-type', async () => {
    const real = proxy()
    // An app backend that hands out Startrail's real URL but the wrong contentType (image/png for a .jpg).
    const uppy = gcsUppy({
      presign: async (files) => {
        const answer = await real(files)
        return { results: answer.results.map((r) => ({ ...r, contentType: 'image/png' })) }
      },
    })
    const id = addFile(uppy, 'photo.jpg', pngBlob(3000), 'image/jpeg')
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({
      kind: 'signature-mismatch',
      status: 403,
      code: 'SignatureDoesNotMatch',
      retryable: false,
      fileName: 'photo.jpg',
    })
    expect(error.info.details?.header).toBe('content-type')
    // GCS's CanonicalRequest shows what it received (image/png); the value the URL was signed for (image/jpeg) is
    // in no part of the answer, and the signer told the plugin image/png: only the received value can be named.
    expect(error.message).toBe(
      'photo.jpg: the storage refused the signature, which covers content-type and host; it received content-type "image/png", so the URL was signed for other values or with other credentials. Send exactly the Content-Type the presign response gave (GCS signs it). If that is what was sent, the signer\'s credentials are wrong.',
    )
    // A signature mismatch is never retried.
    expect((await stats()).storage['gcs-put']).toEqual({ total: 1, '403': 1 })
    expect(await objects()).toEqual([])
  })

  it('a signer’s own lower-case content-type header does not ride along beside contentType', async () => {
    const real = proxy()
    // Startrail's contentType is right; a stale header in another casing must not be sent as a second value.
    const uppy = gcsUppy({
      presign: async (files) => {
        const answer = await real(files)
        return answer.results.map((r) => ({
          url: r.url,
          contentType: r.contentType,
          headers: { 'content-type': 'image/png' },
        }))
      },
    })
    const id = addFile(uppy, 'photo.jpg', pngBlob(3000), 'image/jpeg')
    const body = succeeded((await uploadAll(uppy)).get(id))
    expect(body.contentType).toBe('image/jpeg')
    expect((await objects())[0]?.contentType).toBe('image/jpeg')
  })
})
