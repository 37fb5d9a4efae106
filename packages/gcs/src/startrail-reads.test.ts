import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import { describe, expect, it } from 'vitest'
import { awsS3SignRequest } from './aws-s3-sign-request.ts'
import GcsSignedUrl from './GcsSignedUrl.ts'
import { startrail } from './startrail.ts'
import { type StartrailReadsOptions, startrailReads } from './startrail-reads.ts'

const ENDPOINT = 'https://app.example/api/startrail'
const SIGNED_URLS = `${ENDPOINT}/port/api/v1/commerce/signedUrls`

/** `20261203T180000Z`: GCS V4's X-Goog-Date of now. */
const goog4Now = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

const contentTypeOf = (name: string) => (name.endsWith('.png') ? 'image/png' : 'application/pdf')

const gcsError = (status: number, code: string, details = '') =>
  new Response(
    `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>m</Message>${details}</Error>`,
    {
      status,
      headers: { 'content-type': 'application/xml' },
    },
  )

type StorageAnswer = (name: string, request: Request, attempt: number) => Response | undefined

/**
 * Startrail's signedUrls and the GCS bucket, as a test's fetch: it records every call, signs reads as the doc
 * shows, and serves each object's bytes to a GET that sends the signed Content-Type (or what `storage` answers).
 */
function fakeStartrail(
  storage: StorageAnswer = () => undefined,
  sign: (call: number) => Response | undefined = () => undefined,
) {
  const signCalls: Array<{ action: string; payload: Array<{ filename: string; category: string }> }> = []
  const gets: Array<{ name: string; contentType: string | null }> = []
  let inFlight = 0
  let maxInFlight = 0
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    if (request.url === SIGNED_URLS) {
      const body = (await request.json()) as (typeof signCalls)[number]
      signCalls.push(body)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      const refused = sign(signCalls.length)
      if (refused) return refused
      const results = body.payload.map(({ filename }) => ({
        filename,
        contentType: contentTypeOf(filename),
        url: `https://storage.example/bucket/srr-images/0xabc/${encodeURIComponent(filename)}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=${goog4Now()}&X-Goog-Expires=900&X-Goog-SignedHeaders=content-type%3Bhost&X-Goog-Signature=ab${signCalls.length}`,
        finalUrl: `https://static.example/srr-images/0xabc/${filename}`,
      }))
      return Response.json({ results }, { status: 201 })
    }
    const name = decodeURIComponent(new URL(request.url).pathname.split('/').pop() ?? '')
    gets.push({ name, contentType: request.headers.get('content-type') })
    const answer = storage(name, request, gets.filter((g) => g.name === name).length)
    if (answer) return answer
    if (request.headers.get('content-type') !== contentTypeOf(name)) return gcsError(403, 'SignatureDoesNotMatch')
    return new Response(`bytes of ${name}`, { headers: { 'content-type': contentTypeOf(name) } })
  }
  return { fetch, signCalls, gets, maxInFlight: () => maxInFlight }
}

const reads = (fake: ReturnType<typeof fakeStartrail>, opts: Partial<StartrailReadsOptions> = {}) =>
  startrailReads({ endpoint: ENDPOINT, category: 'artwork', fetch: fake.fetch, retryBaseMs: 1, ...opts })

async function failure(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(UploadError)
  return error as UploadError
}

describe('startrailReads: signing', () => {
  it('signs files asked for at once in batches of batchSize, per-file categories, action read', async () => {
    const fake = fakeStartrail()
    const client = reads(fake)
    const files = Array.from({ length: 45 }, (_, i) => ({ fileName: `f${i}.png` }))
    const signed = await client.sign([...files, { fileName: 'terms.pdf', category: 'non_attachment_file' }])
    expect(fake.signCalls.map((c) => c.payload.length)).toEqual([20, 20, 6])
    expect(fake.signCalls.every((c) => c.action === 'read')).toBe(true)
    expect(fake.signCalls[2]?.payload.at(-1)).toEqual({ filename: 'terms.pdf', category: 'non_attachment_file' })
    expect(fake.signCalls[0]?.payload[0]).toEqual({ filename: 'f0.png', category: 'artwork' })
    expect(signed.map((s) => s.fileName)).toEqual([...files.map((f) => f.fileName), 'terms.pdf'])
    expect(signed[45]).toMatchObject({
      category: 'non_attachment_file',
      contentType: 'application/pdf',
      headers: { 'Content-Type': 'application/pdf' },
      finalUrl: 'https://static.example/srr-images/0xabc/terms.pdf',
    })
  })

  it('keeps at most `limit` signing calls in flight; downloads started together share the calls', async () => {
    const fake = fakeStartrail()
    const client = reads(fake, { batchSize: 2, limit: 2 })
    const blobs = await Promise.all(Array.from({ length: 9 }, (_, i) => client.download({ fileName: `p${i}.png` })))
    expect(await blobs[8]?.text()).toBe('bytes of p8.png')
    expect(fake.signCalls.map((c) => c.payload.length)).toEqual([2, 2, 2, 2, 1])
    expect(fake.maxInFlight()).toBe(2)
  })

  it('reuses a signed read that has time left: a second download signs nothing', async () => {
    const fake = fakeStartrail()
    const client = reads(fake)
    await client.download({ fileName: 'a.png' })
    await client.download({ fileName: 'a.png' })
    expect(fake.signCalls).toHaveLength(1)
    expect(fake.gets).toHaveLength(2)
  })

  it('an upload result (GcsResult) is a file to read, its category from the client', async () => {
    const fake = fakeStartrail()
    const result = { fileName: 'cat-1.png', contentType: 'image/png', finalUrl: 'https://static.example/x/cat-1.png' }
    expect(await (await reads(fake, { category: 'certificate' }).download(result)).text()).toBe('bytes of cat-1.png')
    expect(fake.signCalls[0]?.payload).toEqual([{ filename: 'cat-1.png', category: 'certificate' }])
  })

  it('a file without a category, here or in the options, is refused before any call', async () => {
    const fake = fakeStartrail()
    const error = await failure(reads(fake, { category: undefined }).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'invalid-file', fileName: 'a.png', retryable: false })
    expect(error.message).toBe(
      'a.png: no category to read it under; Startrail signs a download for a file name and its category. Pass category with the file, or to startrailReads({ category }).',
    )
    expect(fake.signCalls).toHaveLength(0)
  })

  it('a name Startrail never stores (spaces) is refused before any call', async () => {
    const fake = fakeStartrail()
    const error = await failure(reads(fake).download({ fileName: 'my cat.png' }))
    expect(error.info.kind).toBe('invalid-file')
    expect(error.message).toBe(
      'my cat.png: "my cat.png" contains spaces, and file names here may not (rule noSpaces): rename it without spaces, e.g. "my-cat.png". Read the file under the name it was stored as (fileName in the upload result).',
    )
    expect(fake.signCalls).toHaveLength(0)
  })

  it('Startrail’s 400 is a presign error naming the file, not retried; a 502 is retried', async () => {
    const refused = fakeStartrail(undefined, () =>
      Response.json(
        { statusCode: 400, message: ['payload.0.filename should contain the file extension'] },
        { status: 400 },
      ),
    )
    const error = await failure(reads(refused).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'presign', status: 400, retryable: false, fileName: 'a.png' })
    expect(error.message).toContain('Startrail refused to sign a.png (400)')
    expect(refused.signCalls).toHaveLength(1)

    const flaky = fakeStartrail(undefined, (call) =>
      call === 1 ? Response.json({ statusCode: 502, message: 'Bad Gateway' }, { status: 502 }) : undefined,
    )
    expect(await (await reads(flaky).download({ fileName: 'a.png' })).text()).toBe('bytes of a.png')
    expect(flaky.signCalls).toHaveLength(2)
  })
})

describe('startrailReads: downloading', () => {
  it('sends exactly the signed Content-Type, whatever the upload result says', async () => {
    const fake = fakeStartrail()
    const blob = await reads(fake).download({ fileName: 'doc.pdf', contentType: 'text/plain' })
    expect(blob.type).toBe('application/pdf')
    expect(fake.gets).toEqual([{ name: 'doc.pdf', contentType: 'application/pdf' }])
  })

  it('an expired read URL is signed again once, then downloads', async () => {
    const fake = fakeStartrail((_name, _request, attempt) =>
      attempt === 1 ? gcsError(400, 'ExpiredToken', '<Details>The provided token has expired.</Details>') : undefined,
    )
    expect(await (await reads(fake).download({ fileName: 'a.png' })).text()).toBe('bytes of a.png')
    expect(fake.signCalls).toHaveLength(2)
    expect(fake.gets).toHaveLength(2)
  })

  it('a read URL that expires again after the new signature is reported as expired', async () => {
    const fake = fakeStartrail(() => gcsError(400, 'ExpiredToken'))
    const error = await failure(reads(fake).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'expired', fileName: 'a.png', status: 400, code: 'ExpiredToken' })
    expect(error.message).toBe(
      "a.png: the read URL expired before the download reached the storage (400 ExpiredToken), and so did a fresh one. Check the device's clock, and download files soon after signing them (URLs live 15 minutes).",
    )
    expect(fake.signCalls).toHaveLength(2)
  })

  it('a 503 is retried with backoff; after `retries` it is reported as rate-limited', async () => {
    const once = fakeStartrail((_n, _r, attempt) => (attempt === 1 ? gcsError(503, 'SlowDown') : undefined))
    expect(await (await reads(once).download({ fileName: 'a.png' })).text()).toBe('bytes of a.png')
    expect(once.gets).toHaveLength(2)

    const always = fakeStartrail(() => gcsError(503, 'SlowDown'))
    const error = await failure(reads(always, { retries: 2 }).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'rate-limited', retryable: true })
    expect(error.message).toBe(
      'a.png: the storage asked to slow down (503 SlowDown). Try again in a moment, or download fewer files at once.',
    )
    expect(always.gets).toHaveLength(3)
    expect(always.signCalls).toHaveLength(1)
  })

  it('a network failure is retried, then reported as no response naming CORS for GET + Content-Type', async () => {
    const fake = fakeStartrail(() => {
      throw new TypeError('Failed to fetch')
    })
    const error = await failure(reads(fake, { retries: 1 }).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'network', status: 0, retryable: true })
    expect(error.message).toMatch(/^a\.png: the download got no response \(status 0\)/)
    expect(error.message).toContain('allows method GET and header Content-Type')
    expect(fake.gets).toHaveLength(2)
  })

  it('a body that breaks off is retried as a network failure', async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('half'))
            controller.error(new TypeError('terminated'))
          },
        }),
        { headers: { 'content-type': 'image/png' } },
      )
    const fake = fakeStartrail((_n, _r, attempt) => (attempt === 1 ? broken() : undefined))
    expect(await (await reads(fake).download({ fileName: 'a.png' })).text()).toBe('bytes of a.png')
    expect(fake.gets).toHaveLength(2)
    const always = fakeStartrail(() => broken())
    const error = await failure(reads(always, { retries: 0 }).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'network', status: 0, retryable: true })
    expect((error.cause as Error).message).toBe('terminated')
  })

  it('404 NoSuchKey: nothing stored under the name, not retried', async () => {
    const fake = fakeStartrail(() => gcsError(404, 'NoSuchKey'))
    const error = await failure(reads(fake).download({ fileName: 'ghost.png' }))
    expect(error.info).toMatchObject({ kind: 'storage', status: 404, code: 'NoSuchKey', retryable: false })
    expect(error.message).toBe(
      'ghost.png (artwork): nothing is stored under this name (404 NoSuchKey). Check the file name and category (as the upload result gave them), or upload the file first.',
    )
    expect(fake.gets).toHaveLength(1)
  })

  it('a Content-Type changed on the way is a signature mismatch naming both values', async () => {
    const canonical = (type: string) =>
      `<StringToSign>GOOG4-RSA-SHA256</StringToSign><CanonicalRequest>GET\n/bucket/a.png\nX-Goog-Date=1\ncontent-type:${type}\nhost:storage.example\n\ncontent-type;host\nUNSIGNED-PAYLOAD</CanonicalRequest>`
    const fake = fakeStartrail(() => gcsError(403, 'SignatureDoesNotMatch', canonical('text/plain')))
    const error = await failure(reads(fake).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'signature-mismatch', status: 403, retryable: false })
    expect(error.message).toBe(
      'a.png: the read URL was signed for Content-Type "image/png" and the download sent that, but the storage received "text/plain" (403 SignatureDoesNotMatch). Something between the page and the storage (a proxy, a service worker) changed Content-Type; it must arrive exactly as signed.',
    )
    expect(fake.gets).toHaveLength(1)
  })

  it('a Content-Type removed on the way (GCS: MalformedSecurityHeader) says so', async () => {
    const fake = fakeStartrail(() =>
      gcsError(
        400,
        'MalformedSecurityHeader',
        '<Details>Your request has a malformed header. Header was included in signedheaders, but not in the request.</Details><ParameterName>content-type</ParameterName>',
      ),
    )
    const error = await failure(reads(fake).download({ fileName: 'a.png' }))
    expect(error.info).toMatchObject({ kind: 'signature-mismatch', status: 400, retryable: false })
    expect(error.message).toBe(
      'a.png: the read URL signs Content-Type "image/png" and the download sent it, but the storage received none (400 MalformedSecurityHeader). Something between the page and the storage (a proxy, a service worker) removed it; it must arrive exactly as signed.',
    )
  })

  it('an aborted download rejects with the signal’s reason', async () => {
    const fake = fakeStartrail(() => gcsError(503, 'SlowDown'))
    const controller = new AbortController()
    const pending = reads(fake, { retryBaseMs: 60_000 }).download({ fileName: 'a.png' }, { signal: controller.signal })
    await expect.poll(() => fake.gets.length).toBe(1)
    controller.abort(new Error('left the page'))
    await expect(pending).rejects.toThrow('left the page')
  })
})

describe('GcsSignedUrl refuses a read adapter', () => {
  const readAdapter = () => startrail({ endpoint: ENDPOINT, category: 'artwork', action: 'read' })

  it('startrail() marks its function with the action it signs', () => {
    expect(readAdapter().action).toBe('read')
    expect(startrail({ endpoint: ENDPOINT, category: 'artwork' }).action).toBe('write')
  })

  it('at use(), with a message that points to startrailReads', () => {
    expect(() => new Uppy().use(GcsSignedUrl, { presign: readAdapter() })).toThrow(
      "GcsSignedUrl: presign signs downloads (startrail({ action: 'read' })), not uploads; use startrail() here, startrailReads() to download.",
    )
  })

  it('in awsS3SignRequest too', () => {
    expect(() => awsS3SignRequest(readAdapter())).toThrow(
      /^awsS3SignRequest: presign signs downloads \(startrail\(\{ action: 'read' \}\)\)/,
    )
  })

  it('at setOptions, leaving the write adapter in place', () => {
    const write = startrail({ endpoint: ENDPOINT, category: 'artwork' })
    const uppy = new Uppy().use(GcsSignedUrl, { presign: write })
    const plugin = uppy.getPlugin('GcsSignedUrl')
    expect(() => plugin?.setOptions({ presign: readAdapter() })).toThrow(/startrailReads/)
    expect(plugin?.opts.presign).toBe(write)
  })
})
