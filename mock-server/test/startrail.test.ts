import { describe, expect, it } from 'vitest'
import {
  advanceClock,
  type Bytes,
  bytesOf,
  objects,
  postJson,
  send,
  setFault,
  stats,
  useMockServer,
  xmlField,
} from './harness.ts'

const mock = useMockServer()

/** The doc's own 400 example, word for word. */
const CATEGORY_MESSAGE =
  'payload.0.category must be one of the following values: certificate,for_authenticity,artwork,installation,non_attachment_file'
const CATEGORIES = ['certificate', 'for_authenticity', 'artwork', 'installation', 'non_attachment_file'] as const

const auth = () => ({
  'commerce-api-key': mock.config.startrail.apiKey,
  'issuer-address': mock.config.startrail.issuerAddress,
})

const signedUrls = (body: unknown, headers: Record<string, string> = auth()) =>
  postJson(`${mock.url}/startrail/port/api/v1/commerce/signedUrls`, body, headers)

type Result = { filename: string; contentType: string; url: string; finalUrl: string }

async function sign(action: 'write' | 'read', filename: string, category = 'artwork'): Promise<Result> {
  const res = await signedUrls({ action, payload: [{ filename, category }] })
  expect(res.status).toBe(201)
  return res.json.results[0]
}

const put = (url: string, body: Bytes, contentType?: string) =>
  send(url, { method: 'PUT', body, headers: contentType ? { 'Content-Type': contentType } : {} })

const objectPath = (filename: string) => `srr-images/${mock.config.startrail.issuerAddress}/${filename}`

describe('Startrail signedUrls: auth', () => {
  it.each([
    ['no headers', () => ({})],
    ['commerce-api-key missing', () => ({ 'issuer-address': mock.config.startrail.issuerAddress })],
    ['issuer-address missing', () => ({ 'commerce-api-key': mock.config.startrail.apiKey })],
    ['commerce-api-key wrong', () => ({ ...auth(), 'commerce-api-key': 'startrail-wrong' })],
    ['issuer-address of someone else', () => ({ ...auth(), 'issuer-address': `0x${'1'.repeat(40)}` })],
  ])('%s → 401', async (_, headers) => {
    const res = await signedUrls({ action: 'write', payload: [{ filename: 'a.jpg', category: 'artwork' }] }, headers())
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ statusCode: 401, message: 'Unauthorized' })
  })

  it('takes issuer-address in any letter case (an address, not a string)', async () => {
    const res = await signedUrls(
      { action: 'write', payload: [{ filename: 'a.jpg', category: 'artwork' }] },
      { ...auth(), 'issuer-address': mock.config.startrail.issuerAddress.toLowerCase() },
    )
    expect(res.status).toBe(201)
  })
})

describe('Startrail signedUrls: body rules', () => {
  it.each([
    ['an unknown category', { filename: 'a.jpg', category: 'thumbnail' }],
    ['no category', { filename: 'a.jpg' }],
    ['a category in another case', { filename: 'a.jpg', category: 'Artwork' }],
  ])('%s → 400 with the doc’s exact message', async (_, entry) => {
    const res = await signedUrls({ action: 'write', payload: [entry] })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ statusCode: 400, message: [CATEGORY_MESSAGE] })
  })

  it.each([
    ['contains a space', 'my artwork.jpg', 'payload.0.filename should not contain space'],
    ['has no extension', 'artwork', 'payload.0.filename should contain the file extension'],
    ['ends in a dot', 'artwork.', 'payload.0.filename should contain the file extension'],
    ['is a path', 'a/b.jpg', "payload.0.filename must be a plain file name (no '/', '\\' or control characters)"],
    [
      'is a Windows path',
      'a\\b.jpg',
      "payload.0.filename must be a plain file name (no '/', '\\' or control characters)",
    ],
    ['is empty', '', 'payload.0.filename must be a string'],
    ['is not a string', 42, 'payload.0.filename must be a string'],
  ])('a filename that %s → 400', async (_, filename, message) => {
    const res = await signedUrls({ action: 'write', payload: [{ filename, category: 'artwork' }] })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ statusCode: 400, message: [message] })
  })

  it('a filename with a tab breaks two rules at once', async () => {
    const res = await signedUrls({ action: 'write', payload: [{ filename: 'my\tartwork.jpg', category: 'artwork' }] })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      statusCode: 400,
      message: [
        'payload.0.filename should not contain space',
        "payload.0.filename must be a plain file name (no '/', '\\' or control characters)",
      ],
    })
  })

  it('reports every problem of every entry, indexed, and signs nothing', async () => {
    const res = await signedUrls({
      action: 'write',
      payload: [
        { filename: 'ok.jpg', category: 'artwork' },
        { filename: 'no ext', category: 'poster' },
      ],
    })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      statusCode: 400,
      message: [
        'payload.1.filename should not contain space',
        'payload.1.filename should contain the file extension',
        CATEGORY_MESSAGE.replace('payload.0', 'payload.1'),
      ],
    })
  })

  it.each([
    [
      'action missing',
      { payload: [{ filename: 'a.jpg', category: 'artwork' }] },
      ['action must be one of the following values: write,read'],
    ],
    [
      'action unknown',
      { action: 'delete', payload: [{ filename: 'a.jpg', category: 'artwork' }] },
      ['action must be one of the following values: write,read'],
    ],
    ['payload missing', { action: 'write' }, ['payload must be an array']],
    [
      'payload an object',
      { action: 'write', payload: { filename: 'a.jpg', category: 'artwork' } },
      ['payload must be an array'],
    ],
    ['payload empty', { action: 'read', payload: [] }, ['payload should not be empty']],
    ['an entry not an object', { action: 'write', payload: ['a.jpg'] }, ['payload.0 must be an object']],
    [
      'body not JSON',
      '{"action":',
      [
        'body must be a JSON object {action, payload}',
        'action must be one of the following values: write,read',
        'payload must be an array',
      ],
    ],
  ])('%s → 400', async (_, body, message) => {
    const res = await signedUrls(body)
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ statusCode: 400, message })
  })
})

describe('Startrail signedUrls: write', () => {
  it('201 with one result per entry: contentType from the extension, a 15-minute GCS V4 URL, finalUrl per category', async () => {
    const payload = [
      { filename: 'artwork.jpg', category: 'artwork' },
      { filename: 'certificate.tif', category: 'certificate' },
      { filename: 'installation.png', category: 'installation' },
      { filename: 'proof.pdf', category: 'for_authenticity' },
      { filename: 'Contract_Terms_test.pdf', category: 'non_attachment_file' },
      { filename: 'thumbnail.webp', category: 'non_attachment_file' },
      { filename: 'blob.zzqx', category: 'certificate' },
    ]
    const before = Date.now()
    const res = await signedUrls({ action: 'write', payload })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json)).toEqual(['results'])
    const results = res.json.results as Result[]
    expect(results.map((r) => [r.filename, r.contentType])).toEqual([
      ['artwork.jpg', 'image/jpeg'],
      ['certificate.tif', 'image/tiff'],
      ['installation.png', 'image/png'],
      ['proof.pdf', 'application/pdf'],
      ['Contract_Terms_test.pdf', 'application/pdf'],
      ['thumbnail.webp', 'image/webp'],
      ['blob.zzqx', 'application/octet-stream'],
    ])
    const { gcs, api } = mock.config
    results.forEach((r, i) => {
      expect(Object.keys(r).sort()).toEqual(['contentType', 'filename', 'finalUrl', 'url'])
      const url = new URL(r.url)
      expect(`${url.origin}${url.pathname}`).toBe(`${gcs.endpoint}/${gcs.bucket}/${objectPath(r.filename)}`)
      expect(url.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256')
      expect(url.searchParams.get('X-Goog-Credential')).toMatch(
        new RegExp(`^${gcs.serviceAccount.client_email}/\\d{8}/auto/storage/goog4_request$`),
      )
      expect(url.searchParams.get('X-Goog-Expires')).toBe('900')
      expect(url.searchParams.get('X-Goog-SignedHeaders')).toBe('content-type;host')
      expect(url.searchParams.get('X-Goog-Signature')).toMatch(/^[0-9a-f]{512}$/)
      const signedAt = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(url.searchParams.get('X-Goog-Date') ?? '')
      expect(signedAt).not.toBeNull()
      const [, y, mo, d, h, mi, s] = (signedAt ?? []).map(Number)
      const signedMs = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s)
      expect(Math.abs(signedMs - before)).toBeLessThan(5000)
      // The doc's "Usage of Final URL": artwork on the static-files host, every other category on the bucket.
      expect(r.finalUrl).toBe(
        payload[i]?.category === 'artwork'
          ? `${api}/startrail/static-files/${objectPath(r.filename)}`
          : `${gcs.endpoint}/${gcs.bucket}/${objectPath(r.filename)}`,
      )
    })
  })

  it.each(CATEGORIES)('%s: PUT with contentType → 200, and finalUrl serves the bytes unsigned', async (category) => {
    const filename = `${category}-${Date.now()}.png`
    const r = await sign('write', filename, category)
    const bytes = bytesOf(3000, category.length)
    const res = await put(r.url, bytes, r.contentType)
    expect(res.status).toBe(200)
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
    expect(res.headers.get('x-goog-stored-content-length')).toBe('3000')

    const final = await send(r.finalUrl)
    expect(final.status).toBe(200)
    expect(final.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(final.bytes).equals(Buffer.from(bytes))).toBe(true)
    expect(await objects(mock.url)).toMatchObject([
      { bucket: mock.config.gcs.bucket, key: objectPath(filename), size: 3000, contentType: 'image/png' },
    ])
  })

  it('a finalUrl of a file never uploaded is 404, not a stale object', async () => {
    const [art, cert] = [await sign('write', 'art.jpg', 'artwork'), await sign('write', 'cert.jpg', 'certificate')]
    expect((await send(art.finalUrl)).status).toBe(404)
    const gcsMiss = await send(cert.finalUrl)
    expect(gcsMiss.status).toBe(404)
    expect(xmlField(gcsMiss.text, 'Code')).toBe('NoSuchKey')
  })

  it('PUT with a Content-Type other than the signed one → 403 SignatureDoesNotMatch with <StringToSign>', async () => {
    const r = await sign('write', 'art.jpg')
    expect(r.contentType).toBe('image/jpeg')
    const res = await put(r.url, bytesOf(100), 'image/png')
    expect(res.status).toBe(403)
    expect(xmlField(res.text, 'Code')).toBe('SignatureDoesNotMatch')
    expect(xmlField(res.text, 'StringToSign')).toMatch(
      /^GOOG4-RSA-SHA256\n\d{8}T\d{6}Z\n\d{8}\/auto\/storage\/goog4_request\n[0-9a-f]{64}$/,
    )
    expect(xmlField(res.text, 'CanonicalRequest')).toContain('content-type:image/png\n')
    expect(await objects(mock.url)).toEqual([])
  })

  it('PUT without Content-Type → 400 MalformedSecurityHeader naming content-type, nothing stored', async () => {
    const r = await sign('write', 'art.jpg')
    const res = await put(r.url, bytesOf(100))
    expect(res.status).toBe(400)
    expect(xmlField(res.text, 'Code')).toBe('MalformedSecurityHeader')
    expect(xmlField(res.text, 'ParameterName')).toBe('content-type')
    expect(await objects(mock.url)).toEqual([])
  })

  it('the URL is good for 15 minutes of the mock clock and refused after', async () => {
    const first = await sign('write', 'first.jpg')
    const second = await sign('write', 'second.jpg')
    await advanceClock(mock.url, 15 * 60_000 - 5_000)
    expect((await put(first.url, bytesOf(10), first.contentType)).status).toBe(200)
    await advanceClock(mock.url, 6_000)
    const late = await put(second.url, bytesOf(10), second.contentType)
    expect(late.status).toBe(400)
    expect(xmlField(late.text, 'Code')).toBe('ExpiredToken')
    expect(xmlField(late.text, 'Details')).toMatch(/^The provided token has expired\. Request signature expired at: /)
    expect((await objects(mock.url)).map((o) => o.key)).toEqual([objectPath('first.jpg')])
  })
})

describe('Startrail signedUrls: unique file names per issuer-address', () => {
  it('a name signed but never uploaded can be signed again', async () => {
    await sign('write', 'retry.jpg')
    const again = await sign('write', 'retry.jpg')
    expect((await put(again.url, bytesOf(10), again.contentType)).status).toBe(200)
  })

  it('after an upload the same name is refused for write (any category), still signed for read', async () => {
    const r = await sign('write', 'taken.jpg', 'certificate')
    expect((await put(r.url, bytesOf(10), r.contentType)).status).toBe(200)
    const message = [
      'payload.0.filename taken.jpg already exists for this issuer-address; use a unique name (e.g. add Date.now())',
    ]
    for (const category of ['certificate', 'artwork']) {
      const res = await signedUrls({ action: 'write', payload: [{ filename: 'taken.jpg', category }] })
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ statusCode: 400, message })
    }
    // A whole request fails when one of its names is taken: nothing is signed.
    const mixed = await signedUrls({
      action: 'write',
      payload: [
        { filename: 'fresh.jpg', category: 'artwork' },
        { filename: 'taken.jpg', category: 'artwork' },
      ],
    })
    expect(mixed.status).toBe(400)
    expect(mixed.json.message).toEqual([message[0]?.replace('payload.0', 'payload.1')])
    expect(
      (await signedUrls({ action: 'read', payload: [{ filename: 'taken.jpg', category: 'certificate' }] })).status,
    ).toBe(201)
  })

  it('a stored file is never overwritten: a second URL for the name, or the same URL again, gets 412', async () => {
    const first = await sign('write', 'once.jpg')
    const second = await sign('write', 'once.jpg')
    expect((await put(first.url, bytesOf(10, 1), first.contentType)).status).toBe(200)
    for (const url of [second.url, first.url]) {
      const res = await put(url, bytesOf(20, 2), first.contentType)
      expect(res.status).toBe(412)
      expect(xmlField(res.text, 'Code')).toBe('PreconditionFailed')
      expect(xmlField(res.text, 'Details')).toContain(`${objectPath('once.jpg')} already holds a file`)
    }
    const stored = (await objects(mock.url)).filter((o) => o.key === objectPath('once.jpg'))
    expect(stored.map((o) => o.size)).toEqual([10])
    expect(new Uint8Array(await (await fetch(first.finalUrl)).arrayBuffer())).toEqual(bytesOf(10, 1))
  })

  it('the same name twice in one write request → 400', async () => {
    const res = await signedUrls({
      action: 'write',
      payload: [
        { filename: 'twice.jpg', category: 'artwork' },
        { filename: 'twice.jpg', category: 'certificate' },
      ],
    })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      statusCode: 400,
      message: ['payload.1.filename twice.jpg repeats payload.0.filename; file names must be unique'],
    })
  })
})

describe('Startrail signedUrls: read', () => {
  it('returns signed GETs that download what was uploaded, with the contentType sent back', async () => {
    const bytes = bytesOf(5000, 3)
    const w = await sign('write', 'terms.pdf', 'non_attachment_file')
    expect((await put(w.url, bytes, w.contentType)).status).toBe(200)

    const r = await sign('read', 'terms.pdf', 'non_attachment_file')
    expect(r.contentType).toBe('application/pdf')
    expect(r.finalUrl).toBe(w.finalUrl)
    const url = new URL(r.url)
    expect(`${url.origin}${url.pathname}`).toBe(`${new URL(w.url).origin}${new URL(w.url).pathname}`)
    expect(url.searchParams.get('X-Goog-Expires')).toBe('900')
    expect(url.searchParams.get('X-Goog-SignedHeaders')).toBe('content-type;host')

    const get = await send(r.url, { headers: { 'Content-Type': r.contentType } })
    expect(get.status).toBe(200)
    expect(get.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(get.bytes).equals(Buffer.from(bytes))).toBe(true)
  })

  it('a read URL needs the contentType too, and cannot be used to write', async () => {
    const w = await sign('write', 'a.png', 'certificate')
    expect((await put(w.url, bytesOf(10), w.contentType)).status).toBe(200)
    const r = await sign('read', 'a.png', 'certificate')

    const wrongType = await send(r.url, { headers: { 'Content-Type': 'text/plain' } })
    expect(wrongType.status).toBe(403)
    expect(xmlField(wrongType.text, 'Code')).toBe('SignatureDoesNotMatch')
    const noType = await send(r.url)
    expect(noType.status).toBe(400)
    expect(xmlField(noType.text, 'Code')).toBe('MalformedSecurityHeader')

    const overwrite = await put(r.url, bytesOf(10, 9), r.contentType)
    expect(overwrite.status).toBe(403)
    expect(xmlField(overwrite.text, 'Code')).toBe('SignatureDoesNotMatch')
    expect(xmlField(overwrite.text, 'CanonicalRequest')).toMatch(/^PUT\n/)
  })

  it('a read URL of a file never uploaded answers 404 NoSuchKey; after 15 minutes, ExpiredToken', async () => {
    const r = await sign('read', 'ghost.jpg')
    const miss = await send(r.url, { headers: { 'Content-Type': r.contentType } })
    expect(miss.status).toBe(404)
    expect(xmlField(miss.text, 'Code')).toBe('NoSuchKey')
    await advanceClock(mock.url, 15 * 60_000 + 1_000)
    const late = await send(r.url, { headers: { 'Content-Type': r.contentType } })
    expect(late.status).toBe(400)
    expect(xmlField(late.text, 'Code')).toBe('ExpiredToken')
  })
})

describe('Startrail presign counters and faults', () => {
  it('/__stats counts every signedUrls call, refused ones included', async () => {
    await sign('write', 'a.jpg')
    await sign('read', 'a.jpg')
    await signedUrls({ action: 'write', payload: [{ filename: 'a b.jpg', category: 'artwork' }] })
    await signedUrls({ action: 'write', payload: [] }, {})
    expect((await stats(mock.url)).presign).toEqual({ nft2: 0, startrail: 4, leonardo: 0, typebot: 0 })
  })

  it('malformed: a result without its contentType, once', async () => {
    await setFault(mock.url, { target: 'startrail', kind: 'malformed', count: 1 })
    const broken = await signedUrls({ action: 'write', payload: [{ filename: 'a.jpg', category: 'artwork' }] })
    expect(broken.status).toBe(201)
    expect(broken.json.results).toHaveLength(1)
    expect(broken.json.results[0]).not.toHaveProperty('contentType')
    expect(broken.json.results[0]).toHaveProperty('url')
    const whole = await sign('write', 'a.jpg')
    expect(whole.contentType).toBe('image/jpeg')
  })

  it('a 502 from the storage side in the doc’s shape', async () => {
    await setFault(mock.url, { target: 'startrail', kind: 'status', status: 502, count: 1 })
    const res = await signedUrls({ action: 'write', payload: [{ filename: 'a.jpg', category: 'artwork' }] })
    expect(res.status).toBe(502)
    expect(res.json).toEqual({ statusCode: 502, message: 'Bad Gateway' })
  })
})
