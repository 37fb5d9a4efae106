import { describe, expect, it } from 'vitest'
import { browserRequest, call, DEV_ORIGIN, presignCalls, recordingFetch, useMock } from '../test/test-support.ts'
import { type StartrailProxyOptions, startrailProxy } from './startrail.ts'

const mock = useMock()
const PATH = '/app/startrail/port/api/v1/commerce/signedUrls'

const proxy = (allow?: StartrailProxyOptions['allow'], fetch?: StartrailProxyOptions['fetch']) =>
  startrailProxy({
    apiKey: mock.config.startrail.apiKey,
    issuerAddress: mock.config.startrail.issuerAddress,
    baseUrl: `${mock.url}/startrail`,
    allowedOrigins: [DEV_ORIGIN],
    allow,
    fetch,
  })

const sign = (body: unknown, allow?: StartrailProxyOptions['allow'], headers: Record<string, string> = {}) =>
  call(proxy(allow), browserRequest(PATH, { body, headers }))

const write = (...payload: Array<{ filename: unknown; category: unknown }>) => ({ action: 'write', payload })

describe('startrailProxy: forwarding', () => {
  it('signs through the vendor: 201, results with contentType, url and finalUrl', async () => {
    const res = await sign(
      write({ filename: 'art.jpg', category: 'artwork' }, { filename: 'cert.pdf', category: 'certificate' }),
    )
    expect(res.status).toBe(201)
    expect(res.json.results).toEqual([
      expect.objectContaining({
        filename: 'art.jpg',
        contentType: 'image/jpeg',
        url: expect.stringContaining('X-Goog-Signature='),
      }),
      expect.objectContaining({ filename: 'cert.pdf', contentType: 'application/pdf' }),
    ])
    expect(res.json.results[0].finalUrl).toContain(`/srr-images/${mock.config.startrail.issuerAddress}/art.jpg`)
    expect(res.headers.get('date')).toBeTruthy()
    expect((await presignCalls(mock.url)).startrail).toBe(1)
  })

  it('sends the configured issuer address, whatever the browser says', async () => {
    const vendor = recordingFetch()
    const res = await call(
      proxy(undefined, vendor.fetch),
      browserRequest(PATH, {
        body: write({ filename: 'a.png', category: 'artwork' }),
        headers: { 'issuer-address': '0x0000000000000000000000000000000000000bad', 'commerce-api-key': 'mine' },
      }),
    )
    expect(res.status).toBe(201)
    expect(vendor.calls[0]?.headers.get('issuer-address')).toBe(mock.config.startrail.issuerAddress)
    expect(vendor.calls[0]?.headers.get('commerce-api-key')).toBe(mock.config.startrail.apiKey)
    expect(res.json.results[0].finalUrl).toContain(mock.config.startrail.issuerAddress)
  })

  it('forwards mixed categories in one request, each entry’s own, and each finalUrl goes where its category’s does', async () => {
    const vendor = recordingFetch()
    const payload = [
      { filename: 'art.jpg', category: 'artwork' },
      { filename: 'cert.pdf', category: 'certificate' },
      { filename: 'thumb.png', category: 'non_attachment_file' },
    ]
    const res = await call(proxy(undefined, vendor.fetch), browserRequest(PATH, { body: write(...payload) }))
    expect(res.status).toBe(201)
    expect(vendor.calls).toHaveLength(1)
    expect(JSON.parse(vendor.calls[0]?.body ?? '')).toEqual({ action: 'write', payload })
    const folder = `srr-images/${mock.config.startrail.issuerAddress}`
    const finalUrls = res.json.results.map((r: { finalUrl: string }) => r.finalUrl)
    expect(finalUrls).toEqual([
      `${mock.url}/startrail/static-files/${folder}/art.jpg`,
      `${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/${folder}/cert.pdf`,
      `${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/${folder}/thumb.png`,
    ])
  })

  it('checks allow.categories per entry: a mix of allowed categories is forwarded', async () => {
    const res = await sign(
      write({ filename: 'art.jpg', category: 'artwork' }, { filename: 'cert.pdf', category: 'certificate' }),
      { categories: ['artwork', 'certificate'] },
    )
    expect(res.status).toBe(201)
    expect(res.json.results.map((r: { filename: string }) => r.filename)).toEqual(['art.jpg', 'cert.pdf'])
  })

  it('signs reads when allow.actions has read', async () => {
    const res = await sign(
      { action: 'read', payload: [{ filename: 'a.pdf', category: 'certificate' }] },
      { actions: ['write', 'read'] },
    )
    expect(res.status).toBe(201)
    expect(res.json.results[0].url).toContain('X-Goog-Signature=')
  })

  it("passes Startrail's own 400 through (a name already stored is the vendor's to know)", async () => {
    const first = await sign(
      write({ filename: 'dup.png', category: 'artwork' }, { filename: 'dup.png', category: 'artwork' }),
    )
    expect(first.status).toBe(400)
    expect(first.json.message[0]).toMatch(/payload\.1\.filename dup\.png repeats payload\.0\.filename/)
    expect((await presignCalls(mock.url)).startrail).toBe(1)
  })
})

describe('startrailProxy: refusals, in Startrail shape, before the vendor is called', () => {
  const cases: Array<[string, unknown, StartrailProxyOptions['allow'], number, RegExp]> = [
    [
      'read, not allowed by default',
      { action: 'read', payload: [{ filename: 'a.pdf', category: 'certificate' }] },
      undefined,
      403,
      /action read is not allowed here \(allow\.actions: write\)/,
    ],
    [
      'a category the app did not allow',
      write({ filename: 'a.pdf', category: 'certificate' }),
      { categories: ['artwork', 'non_attachment_file'] },
      403,
      /payload\.0\.category certificate is not allowed here \(allow\.categories: artwork, non_attachment_file\)/,
    ],
    [
      'an extension the app did not allow',
      write({ filename: 'a.tif', category: 'artwork' }),
      { extensions: ['.JPG', 'png'] },
      403,
      /payload\.0\.filename a\.tif: extension \.tif is not allowed here \(allow\.extensions: jpg, png\)/,
    ],
    [
      'more files than allow.maxFiles',
      write({ filename: 'a.png', category: 'artwork' }, { filename: 'b.png', category: 'artwork' }),
      { maxFiles: 1 },
      403,
      /2 files in one call; allow\.maxFiles is 1/,
    ],
    [
      'an unknown category',
      write({ filename: 'a.png', category: 'poster' }),
      undefined,
      400,
      /payload\.0\.category must be one of the following values: certificate,for_authenticity,artwork,installation,non_attachment_file/,
    ],
    [
      'an unknown action',
      { action: 'delete', payload: [{ filename: 'a.png', category: 'artwork' }] },
      undefined,
      400,
      /action must be one of the following values: write,read/,
    ],
    [
      'a name with a space',
      write({ filename: 'my art.png', category: 'artwork' }),
      undefined,
      400,
      /payload\.0\.filename should not contain space/,
    ],
    [
      'a name without extension',
      write({ filename: 'art', category: 'artwork' }),
      undefined,
      400,
      /payload\.0\.filename should contain the file extension/,
    ],
    [
      'a name with a path',
      write({ filename: '..\\a.png', category: 'artwork' }),
      undefined,
      400,
      /payload\.0\.filename \(.*\) must be a plain file name/,
    ],
    [
      'a name the storage policy would read as a variable',
      write({ filename: `a\${filename}.png`, category: 'artwork' }),
      undefined,
      400,
      /payload\.0\.filename \("a\$\{filename\}\.png"\) must not contain "\$\{"/,
    ],
    ['payload not an array', { action: 'write', payload: 'a.png' }, undefined, 400, /payload must be an array/],
    ['an empty payload', { action: 'write', payload: [] }, undefined, 400, /payload should not be empty/],
    ['a body that is not an object', ['a.png'], undefined, 400, /body must be a JSON object \{action, payload\}/],
  ]
  it.each(cases)('%s', async (_, body, allow, status, message) => {
    const res = await sign(body, allow)
    expect(res.status).toBe(status)
    expect(res.json.statusCode).toBe(status)
    const text = Array.isArray(res.json.message) ? res.json.message.join('\n') : res.json.message
    expect(text).toMatch(message)
    expect(Object.keys(res.json).sort()).toEqual(['message', 'statusCode'])
    expect((await presignCalls(mock.url)).startrail).toBe(0)
  })

  it('checks allow.categories per entry: only the entry outside it is named, and nothing is forwarded', async () => {
    const res = await sign(
      write(
        { filename: 'art.jpg', category: 'artwork' },
        { filename: 'install.jpg', category: 'installation' },
        { filename: 'cert.pdf', category: 'certificate' },
      ),
      { categories: ['artwork', 'certificate'] },
    )
    expect(res.status).toBe(403)
    expect(res.json.message).toBe(
      'payload.1.category installation is not allowed here (allow.categories: artwork, certificate)',
    )
    expect((await presignCalls(mock.url)).startrail).toBe(0)
  })

  it('lists every problem of a request, class-validator style', async () => {
    const res = await sign(write({ filename: 'my art', category: 'poster' }))
    expect(res.json.message).toEqual([
      'payload.0.filename should not contain space',
      'payload.0.filename should contain the file extension',
      'payload.0.category must be one of the following values: certificate,for_authenticity,artwork,installation,non_attachment_file',
    ])
  })

  it('refuses unknown allow values when the proxy is made', () => {
    const base = { apiKey: 'k', issuerAddress: '0x1', baseUrl: 'http://127.0.0.1:1' }
    // @ts-expect-error: not a Startrail category
    expect(() => startrailProxy({ ...base, allow: { categories: ['poster'] } })).toThrow(/allow\.categories: "poster"/)
    // @ts-expect-error: not a Startrail action
    expect(() => startrailProxy({ ...base, allow: { actions: ['delete'] } })).toThrow(/allow\.actions: "delete"/)
  })
})
