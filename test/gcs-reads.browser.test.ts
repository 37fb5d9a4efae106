import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { type GcsResult, startrail, startrailReads } from '@uppy-presign/gcs'
import { describe, expect, it } from 'vitest'
import { advanceClock, bytesOf, pngBlob, setFault, stats, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/**
 * Write through GcsSignedUrl, then read back through startrailReads: browser → the app's proxy (/app/startrail) →
 * the Startrail mock (`action: "read"`) → signed GETs to the GCS bucket, each sent with the signed Content-Type.
 */
const mock = useMockServer()
const endpoint = () => `${mock.url}/app/startrail`

const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())

/** Uploads the files as artwork and returns their results, in the order given. */
async function write(files: Array<[name: string, data: Blob]>): Promise<GcsResult[]> {
  const uppy = new Uppy<Meta, Body>({ autoProceed: false }).use(GcsSignedUrl, {
    presign: startrail({ endpoint: endpoint(), category: 'artwork' }),
  })
  const ids = files.map(([name, data]) => addFile(uppy, name, data))
  const outcomes = await uploadAll(uppy)
  return ids.map((id) => {
    const outcome = outcomes.get(id)
    expect(outcome?.error).toBeUndefined()
    return outcome?.body as unknown as GcsResult
  })
}

async function failure(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UploadError)
  return error as UploadError
}

describe('startrailReads against the mock', () => {
  it('signs the reads of what was written in one call, and downloads the same bytes', async () => {
    const data = [pngBlob(30_000, 3), pngBlob(12_345, 4), new Blob([bytesOf(4096, 5)], { type: 'application/pdf' })]
    const results = await write([
      ['a.png', data[0] as Blob],
      ['b.png', data[1] as Blob],
      ['terms.pdf', data[2] as Blob],
    ])
    const reads = startrailReads({ endpoint: endpoint(), category: 'artwork' })

    const signed = await reads.sign(results)
    expect(signed.map((s) => s.fileName)).toEqual(results.map((r) => r.fileName))
    expect(signed.map((s) => s.contentType)).toEqual(['image/png', 'image/png', 'application/pdf'])
    expect(signed.map((s) => s.finalUrl)).toEqual(results.map((r) => r.finalUrl))
    // One write call, one read call for the three.
    expect((await stats()).presign.startrail).toBe(2)

    const blobs = await Promise.all(results.map((r) => reads.download(r)))
    for (const [i, blob] of blobs.entries()) {
      expect(await blobBytes(blob)).toEqual(await blobBytes(data[i] as Blob))
      expect(blob.type).toBe(signed[i]?.contentType)
    }
    // The signed reads were reused: no further signing call, one GET per file.
    const after = await stats()
    expect(after.presign.startrail).toBe(2)
    expect(after.storage['gcs-get']).toEqual({ total: 3, '200': 3 })
  })

  it('downloads started together are signed together, per-file categories in one call', async () => {
    const [artwork, certificate] = await write([
      ['cat.png', pngBlob(2000, 6)],
      ['cert.pdf', new Blob([bytesOf(3000, 7)], { type: 'application/pdf' })],
    ])
    const reads = startrailReads({ endpoint: endpoint() })
    const [a, c] = await Promise.all([
      reads.download({ ...(artwork as GcsResult), category: 'artwork' }),
      reads.download({ fileName: certificate?.fileName ?? '', category: 'certificate' }),
    ])
    expect(await blobBytes(a as Blob)).toEqual(await blobBytes(pngBlob(2000, 6)))
    expect(await blobBytes(c as Blob)).toEqual(bytesOf(3000, 7))
    expect((await stats()).presign.startrail).toBe(2)
  })

  it('objectUrl gives a blob: URL an <img> shows', async () => {
    const canvas = document.createElement('canvas')
    canvas.width = 30
    canvas.height = 20
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/png'))
    const [result] = await write([['drawn.png', png]])
    const url = await startrailReads({ endpoint: endpoint(), category: 'artwork' }).objectUrl(result as GcsResult)
    expect(url).toMatch(/^blob:/)
    const image = new Image()
    image.src = url
    await image.decode()
    expect([image.naturalWidth, image.naturalHeight]).toEqual([30, 20])
    URL.revokeObjectURL(url)
  })

  it('save() hands the browser an <a download> of the bytes under the stored name', async () => {
    const [result] = await write([['keep.png', pngBlob(5000, 8)]])
    const clicked: Array<{ download: string; href: string }> = []
    const onClick = (event: MouseEvent) => {
      const link = event.target as HTMLAnchorElement
      clicked.push({ download: link.download, href: link.href })
      // The test page stays where it is; the browser's own save is not what is under test.
      event.preventDefault()
    }
    document.addEventListener('click', onClick, true)
    try {
      await startrailReads({ endpoint: endpoint(), category: 'artwork' }).save(result as GcsResult)
    } finally {
      document.removeEventListener('click', onClick, true)
    }
    expect(clicked).toHaveLength(1)
    expect(clicked[0]?.download).toBe(result?.fileName)
    expect(clicked[0]?.href).toMatch(/^blob:/)
    const saved = await (await fetch(clicked[0]?.href as string)).blob()
    expect(await blobBytes(saved)).toEqual(await blobBytes(pngBlob(5000, 8)))
    expect(document.querySelectorAll('a[download]')).toHaveLength(0)
  })

  it('a read URL the storage calls expired is signed again once, and the download succeeds', async () => {
    const [result] = await write([['late.png', pngBlob(3000, 9)]])
    const reads = startrailReads({ endpoint: endpoint(), category: 'artwork' })
    await reads.sign([result as GcsResult])
    // The storage's clock moves past the URL's 15 minutes; the page's does not, so the held URL is sent and refused.
    await advanceClock(15 * 60_000 + 1_000)
    const blob = await reads.download(result as GcsResult)
    expect(await blobBytes(blob)).toEqual(await blobBytes(pngBlob(3000, 9)))
    const after = await stats()
    expect(after.presign.startrail).toBe(3)
    expect(after.storage['gcs-get']).toEqual({ total: 2, '200': 1, '400': 1 })
  })

  it('a 503 with Retry-After is waited out and retried; an expiry the storage reports is signed again once', async () => {
    const [result] = await write([['busy.png', pngBlob(4000, 12)]])
    await setFault({ target: 'gcs-get', kind: 'status', status: 503, retryAfterSeconds: 0, count: 1 })
    await setFault({ target: 'gcs-get', kind: 'expire', count: 1 })
    const blob = await startrailReads({ endpoint: endpoint(), category: 'artwork' }).download(result as GcsResult)
    expect(await blobBytes(blob)).toEqual(await blobBytes(pngBlob(4000, 12)))
    const after = await stats()
    expect(after.storage['gcs-get']).toEqual({ total: 3, '503': 1, '400': 1, '200': 1 })
    // One write call, the read, and the read again after the expiry.
    expect(after.presign.startrail).toBe(3)
  })

  it('a 503 that lasts is reported after the retries, in words', async () => {
    const [result] = await write([['down.png', pngBlob(1000, 13)]])
    await setFault({ target: 'gcs-get', kind: 'status', status: 503, retryAfterSeconds: 0 })
    const reads = startrailReads({ endpoint: endpoint(), category: 'artwork', retries: 2 })
    const error = await failure(reads.download(result as GcsResult))
    expect(error.info).toMatchObject({ kind: 'rate-limited', status: 503, code: 'SlowDown', retryable: true })
    expect(error.message).toBe(
      `${result?.fileName}: the storage asked to slow down (503 SlowDown). Try again in a moment, or download fewer files at once.`,
    )
    expect((await stats()).storage['gcs-get']).toEqual({ total: 3, '503': 3 })
  })

  it('a Content-Type changed on the way fails with a signature mismatch naming both values', async () => {
    const [result] = await write([['typed.png', pngBlob(1000, 10)]])
    // What a service worker or proxy that rewrites request headers does to the kit's GET.
    const rewriting: typeof fetch = (input, init) =>
      fetch(input, init?.method === 'POST' ? init : { ...init, headers: { 'Content-Type': 'text/plain' } })
    const reads = startrailReads({ endpoint: endpoint(), category: 'artwork', fetch: rewriting })
    const error = await failure(reads.download(result as GcsResult))
    expect(error.info).toMatchObject({
      kind: 'signature-mismatch',
      fileName: result?.fileName,
      status: 403,
      code: 'SignatureDoesNotMatch',
      retryable: false,
    })
    expect(error.message).toBe(
      `${result?.fileName}: the read URL was signed for Content-Type "image/png" and the download sent that, but the storage received "text/plain" (403 SignatureDoesNotMatch). Something between the page and the storage (a proxy, a service worker) changed Content-Type; it must arrive exactly as signed.`,
    )
  })

  it('a plain <img src> of a read URL fails: it cannot send the signed Content-Type', async () => {
    const [result] = await write([['linked.png', pngBlob(1000, 11)]])
    const [signed] = await startrailReads({ endpoint: endpoint(), category: 'artwork' }).sign([result as GcsResult])
    const image = new Image()
    image.src = signed?.url as string
    await expect(image.decode()).rejects.toThrow()
    const plain = await fetch(signed?.url as string)
    expect(plain.status).toBe(400)
    expect(await plain.text()).toContain('<Code>MalformedSecurityHeader</Code>')
  })

  it('a name never stored: 404 NoSuchKey in words, not retried', async () => {
    const reads = startrailReads({ endpoint: endpoint(), category: 'certificate' })
    const error = await failure(reads.download({ fileName: 'never-stored.pdf' }))
    expect(error.info).toMatchObject({ kind: 'storage', status: 404, code: 'NoSuchKey', retryable: false })
    expect(error.message).toBe(
      'never-stored.pdf (certificate): nothing is stored under this name (404 NoSuchKey). Check the file name and category (as the upload result gave them), or upload the file first.',
    )
    expect((await stats()).storage['gcs-get']).toEqual({ total: 1, '404': 1 })
  })

  it('GcsSignedUrl refuses startrail({ action: "read" }) at use() and at setOptions', () => {
    const read = startrail({ endpoint: endpoint(), category: 'artwork', action: 'read' })
    expect(() => new Uppy().use(GcsSignedUrl, { presign: read })).toThrow(/startrailReads/)
    const uppy = new Uppy().use(GcsSignedUrl, { presign: startrail({ endpoint: endpoint(), category: 'artwork' }) })
    expect(() => uppy.getPlugin('GcsSignedUrl')?.setOptions({ presign: read })).toThrow(
      /presign signs downloads \(startrail\(\{ action: .read. \}\)\), not uploads; use startrail\(\) here, startrailReads\(\) to download\./,
    )
  })
})
