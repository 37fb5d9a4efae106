import { beforeEach, describe, expect, it } from 'vitest'
import {
  advanceClock,
  bytesOf,
  ipfsCid,
  nft2Tokens,
  objects,
  postJson,
  revokeNft2Tokens,
  send,
  setFault,
  stats,
  useMockServer,
  xmlField,
} from './harness.ts'

const mock = useMockServer()

const MIME_RULE = 'use one of image/png, image/jpeg, image/svg+xml'

let auth: Record<string, string> = {}
beforeEach(async () => {
  auth = (await nft2Tokens(mock.url, mock.config.nft2.apiKey)).headers
})

const presign = (body: unknown, headers: Record<string, string> = auth) =>
  postJson(`${mock.url}/nft2/upload/presigned-image`, body, headers)

const png = (fileName: string) => ({ fileName, mimeType: 'image/png' })

const unauthorized = (message: string) => ({ statusCode: 401, message, error: 'Unauthorized' })

describe('NFT2 auth: API key → bearer token, as the SDK exchanges it', () => {
  it('POST /auth/api-key/{apiKey} → {accessToken, refreshToken, expiresIn} (seconds), and the token presigns', async () => {
    const res = await postJson(`${mock.url}/nft2/auth/api-key/${mock.config.nft2.apiKey}`, {})
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken'])
    expect(res.json.expiresIn).toBe(3600)
    expect(res.json.accessToken).not.toBe(res.json.refreshToken)
    const ok = await presign({ files: [png('a.png')] }, { authorization: `Bearer ${res.json.accessToken}` })
    expect(ok.status).toBe(200)
    expect(ok.json.urls).toHaveLength(1)
  })

  it('a wrong API key → 401 in NFT2 shape, no token', async () => {
    const res = await postJson(`${mock.url}/nft2/auth/api-key/nft2-not-the-key`, {})
    expect(res.status).toBe(401)
    expect(res.json).toEqual(unauthorized('Unauthorized: invalid API key'))
  })

  it.each([
    ['no Authorization', {}, 'Unauthorized: missing Bearer access token'],
    ['the old x-api-key header', { 'x-api-key': 'nft2-dev-key-7f3a91c2' }, 'Unauthorized: missing Bearer access token'],
    [
      'the API key as the bearer',
      { authorization: 'Bearer nft2-dev-key-7f3a91c2' },
      'Unauthorized: invalid, expired or revoked access token',
    ],
    [
      'an unknown token',
      { authorization: 'Bearer nft2-at-000000' },
      'Unauthorized: invalid, expired or revoked access token',
    ],
  ])('presigned-image with %s → 401, no URL', async (_, headers, message) => {
    const res = await presign({ files: [png('a.png')] }, headers)
    expect(res.status).toBe(401)
    expect(res.json).toEqual(unauthorized(message))
  })

  it('the access token lapses after expiresIn seconds of mock time', async () => {
    await advanceClock(mock.url, 3599_000)
    expect((await presign({ files: [png('a.png')] })).status).toBe(200)
    await advanceClock(mock.url, 1000)
    const res = await presign({ files: [png('a.png')] })
    expect(res.status).toBe(401)
    expect(res.json).toEqual(unauthorized('Unauthorized: invalid, expired or revoked access token'))
  })

  it('POST /auth/refresh-token/{refreshToken} → a new access token (same refresh token), even after the old lapsed', async () => {
    const first = await nft2Tokens(mock.url, mock.config.nft2.apiKey)
    await advanceClock(mock.url, 3600_000)
    const res = await postJson(`${mock.url}/nft2/auth/refresh-token/${first.refreshToken}`, undefined)
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ accessToken: expect.any(String), refreshToken: first.refreshToken, expiresIn: 3600 })
    expect(res.json.accessToken).not.toBe(first.accessToken)
    expect((await presign({ files: [png('a.png')] }, first.headers)).status).toBe(401)
    const ok = await presign({ files: [png('a.png')] }, { authorization: `Bearer ${res.json.accessToken}` })
    expect(ok.status).toBe(200)
    expect((await stats(mock.url)).tokens.nft2).toEqual({ apiKey: 2, refreshToken: 1 })
  })

  it('an unknown or lapsed refresh token → 401', async () => {
    const unknown = await postJson(`${mock.url}/nft2/auth/refresh-token/nft2-rt-000000`, undefined)
    expect(unknown.status).toBe(401)
    expect(unknown.json).toEqual(unauthorized('Unauthorized: invalid or expired refresh token'))
    const { refreshToken } = await nft2Tokens(mock.url, mock.config.nft2.apiKey)
    await advanceClock(mock.url, 7 * 24 * 3600_000)
    const lapsed = await postJson(`${mock.url}/nft2/auth/refresh-token/${refreshToken}`, undefined)
    expect(lapsed.status).toBe(401)
  })

  it('POST /__nft2/revoke-tokens: revoked access tokens → 401; refresh tokens too unless {accessOnly: true}', async () => {
    const a = await nft2Tokens(mock.url, mock.config.nft2.apiKey)
    expect((await revokeNft2Tokens(mock.url, { accessOnly: true })).json).toEqual({ revoked: 2 })
    expect((await presign({ files: [png('a.png')] }, a.headers)).status).toBe(401)
    const renewed = await postJson(`${mock.url}/nft2/auth/refresh-token/${a.refreshToken}`, undefined)
    expect(renewed.status).toBe(200)

    expect((await revokeNft2Tokens(mock.url)).json).toEqual({ revoked: 3 })
    const refused = await postJson(`${mock.url}/nft2/auth/refresh-token/${a.refreshToken}`, undefined)
    expect(refused.status).toBe(401)
    const res = await presign({ files: [png('a.png')] }, { authorization: `Bearer ${renewed.json.accessToken}` })
    expect(res.status).toBe(401)
    expect(res.json).toEqual(unauthorized('Unauthorized: invalid, expired or revoked access token'))
  })

  it('token routes are not presign calls: not counted as such, no fault drawn', async () => {
    await setFault(mock.url, { target: 'nft2', kind: 'status', status: 503, count: 1 })
    const { refreshToken } = await nft2Tokens(mock.url, mock.config.nft2.apiKey)
    expect((await postJson(`${mock.url}/nft2/auth/refresh-token/${refreshToken}`, undefined)).status).toBe(200)
    expect((await stats(mock.url)).presign.nft2).toBe(0)
    expect((await presign({ files: [png('a.png')] })).status).toBe(503)
  })

  it('the old route (POST /nft2/presigned-image with x-api-key) is gone: 404 as for any unknown route', async () => {
    const old = await postJson(
      `${mock.url}/nft2/presigned-image`,
      { files: [png('a.png')] },
      {
        'x-api-key': mock.config.nft2.apiKey,
      },
    )
    const unknown = await postJson(`${mock.url}/nft2/no-such-route`, { files: [png('a.png')] })
    expect(old.status).toBe(404)
    expect(old.text).toBe(unknown.text)
    expect(old.text).toBe('404 Not Found')
  })
})

describe('NFT2 presigned-image: body rules', () => {
  it('accepts exactly 50 files and refuses 51, naming the rule', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => png(`f${i}.png`))
    const ok = await presign({ files: fifty })
    expect(ok.status).toBe(200)
    expect(ok.json.urls).toHaveLength(50)

    const res = await presign({ files: [...fifty, png('f50.png')] })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      statusCode: 400,
      message: [
        'files must contain no more than 50 elements (got 51; files.50 (f50.png) and after are over the limit); split the request',
      ],
      error: 'Bad Request',
    })
  })

  it.each(['image/png', 'image/jpeg', 'image/svg+xml'])('accepts mimeType %s', async (mimeType) => {
    const res = await presign({ files: [{ fileName: 'a.img', mimeType }] })
    expect(res.status).toBe(200)
    expect(res.json.urls).toHaveLength(1)
  })

  it.each([
    ['image/gif', '"image/gif"'],
    ['image/webp', '"image/webp"'],
    ['image/jpg', '"image/jpg"'],
    ['IMAGE/PNG', '"IMAGE/PNG"'],
    ['image/png; charset=binary', '"image/png; charset=binary"'],
    [undefined, 'undefined'],
  ])('refuses mimeType %s, naming the file and the rule', async (mimeType, shown) => {
    const res = await presign({ files: [png('ok.png'), { fileName: 'bad.gif', mimeType }] })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      statusCode: 400,
      message: [`files.1 (bad.gif): mimeType ${shown} is not supported; ${MIME_RULE}`],
      error: 'Bad Request',
    })
  })

  it('names every refused file, in request order, and signs none of them', async () => {
    const res = await presign({
      files: [
        { fileName: 'a.gif', mimeType: 'image/gif' },
        png('fine.png'),
        { fileName: 'c.tiff', mimeType: 'image/tiff' },
      ],
    })
    expect(res.status).toBe(400)
    expect(res.json.message).toEqual([
      `files.0 (a.gif): mimeType "image/gif" is not supported; ${MIME_RULE}`,
      `files.2 (c.tiff): mimeType "image/tiff" is not supported; ${MIME_RULE}`,
    ])
    expect(res.json.urls).toBeUndefined()
  })

  it.each([
    ['not JSON', '{files:', 'body must be JSON {files: [{fileName, mimeType}]}'],
    ['files missing', {}, 'body must be JSON {files: [{fileName, mimeType}]}'],
    ['files not an array', { files: png('a.png') }, 'body must be JSON {files: [{fileName, mimeType}]}'],
    ['files empty', { files: [] }, 'files should not be empty'],
    ['an entry not an object', { files: ['a.png'] }, 'files.0 must be an object {fileName, mimeType}'],
    ['fileName missing', { files: [{ mimeType: 'image/png' }] }, 'files.0.fileName must be a non-empty string'],
    [
      'fileName blank',
      { files: [{ fileName: '  ', mimeType: 'image/png' }] },
      'files.0.fileName must be a non-empty string',
    ],
  ])('%s → 400 %s', async (_, body, message) => {
    const res = await presign(body)
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ statusCode: 400, message: [message], error: 'Bad Request' })
  })
})

describe('NFT2 presigned-image: URLs', () => {
  it('answers one SigV4 PUT URL into the IPFS bucket per file, in request order, with x-id=PutObject', async () => {
    const files = [
      { fileName: 'file1.png', mimeType: 'image/png' },
      { fileName: 'file2.jpeg', mimeType: 'image/jpeg' },
      { fileName: 'logo.svg', mimeType: 'image/svg+xml' },
      { fileName: 'file1.png', mimeType: 'image/png' },
    ]
    const res = await presign({ files })
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(['urls'])
    const urls = (res.json.urls as string[]).map((u) => new URL(u))
    expect(urls).toHaveLength(4)
    const { s3 } = mock.config
    const stems = ['file1', 'file2', 'logo', 'file1']
    const exts = ['png', 'jpeg', 'svg', 'png']
    urls.forEach((url, i) => {
      expect(url.origin).toBe(s3.endpoint)
      // The doc's `file1.png` → `file1-xxx.png`, in the bucket `nft2-protocol`.
      expect(url.pathname).toMatch(new RegExp(`^/${s3.buckets.ipfs}/${stems[i]}-[0-9a-f]{12}\\.${exts[i]}$`))
      expect(url.searchParams.get('x-id')).toBe('PutObject')
      expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256')
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(
        new RegExp(`^${s3.accessKeyId}/\\d{8}/${s3.region}/s3/aws4_request$`),
      )
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host')
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
      expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false)
    })
    // Two files of one name still get two objects.
    expect(urls[0]?.pathname).not.toBe(urls[3]?.pathname)
  })

  it('keeps only a safe last path segment of the file name in the key', async () => {
    const res = await presign({ files: [png('../../etc/pass wd.png'), png('C:\\photos\\.hidden.png')] })
    expect(res.status).toBe(200)
    const [a, b] = (res.json.urls as string[]).map((u) => new URL(u).pathname)
    expect(a).toMatch(new RegExp(`^/${mock.config.s3.buckets.ipfs}/pass-wd-[0-9a-f]{12}\\.png$`))
    expect(b).toMatch(new RegExp(`^/${mock.config.s3.buckets.ipfs}/hidden-[0-9a-f]{12}\\.png$`))
  })
})

describe('NFT2 upload through the presigned URLs', () => {
  it('PUT with the signed Content-Type → 200 with x-amz-meta-cid equal to ipfs_cid and to /__objects', async () => {
    // A one-block file and a multi-chunk one (> 256 KiB), each through the URL of its own position.
    const small = new TextEncoder().encode('hello world\n')
    const large = bytesOf(600 * 1024, 42)
    const res = await presign({ files: [png('small.png'), { fileName: 'large.jpeg', mimeType: 'image/jpeg' }] })
    const [smallUrl, largeUrl] = res.json.urls as [string, string]

    const putSmall = await send(smallUrl, { method: 'PUT', body: small, headers: { 'Content-Type': 'image/png' } })
    const putLarge = await send(largeUrl, { method: 'PUT', body: large, headers: { 'Content-Type': 'image/jpeg' } })
    expect(putSmall.status).toBe(200)
    expect(putLarge.status).toBe(200)

    const smallCid = putSmall.headers.get('x-amz-meta-cid')
    const largeCid = putLarge.headers.get('x-amz-meta-cid')
    expect(smallCid).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
    expect(smallCid).toBe(await ipfsCid(small))
    expect(largeCid).toBe(await ipfsCid(large))
    expect(largeCid).not.toBe(smallCid)

    const stored = await objects(mock.url)
    const byKey = (url: string) => stored.find((o) => `/${o.bucket}/${o.key}` === new URL(url).pathname)
    expect(byKey(smallUrl)).toMatchObject({
      bucket: mock.config.s3.buckets.ipfs,
      size: small.byteLength,
      contentType: 'image/png',
      cid: smallCid,
    })
    expect(byKey(largeUrl)).toMatchObject({ size: large.byteLength, contentType: 'image/jpeg', cid: largeCid })

    // The IPFS gateway serves the bytes under their CID.
    const viaGateway = await send(`${mock.url}/ipfs/${largeCid}`)
    expect(viaGateway.status).toBe(200)
    expect(Buffer.from(viaGateway.bytes).equals(Buffer.from(large))).toBe(true)
  })

  it.each([
    ['another Content-Type', { 'Content-Type': 'image/jpeg' }, 'content-type:image/jpeg'],
    ['no Content-Type', {}, 'content-type:\n'],
  ])('PUT with %s → 403 SignatureDoesNotMatch, nothing stored', async (_, headers, canonicalLine) => {
    const res = await presign({ files: [png('a.png')] })
    const put = await send(res.json.urls[0], { method: 'PUT', body: bytesOf(100), headers })
    expect(put.status).toBe(403)
    expect(xmlField(put.text, 'Code')).toBe('SignatureDoesNotMatch')
    expect(xmlField(put.text, 'StringToSign')).toMatch(/^AWS4-HMAC-SHA256\n/)
    expect(xmlField(put.text, 'CanonicalRequest')).toContain(canonicalLine)
    expect(put.headers.get('x-amz-meta-cid')).toBeNull()
    expect(await objects(mock.url)).toEqual([])
  })

  it('a URL of the IPFS bucket cannot be re-pointed at another key', async () => {
    const res = await presign({ files: [png('a.png')] })
    const url = new URL(res.json.urls[0])
    url.pathname = `/${mock.config.s3.buckets.ipfs}/other.png`
    const put = await send(url.href, { method: 'PUT', body: bytesOf(10), headers: { 'Content-Type': 'image/png' } })
    expect(put.status).toBe(403)
    expect(xmlField(put.text, 'Code')).toBe('SignatureDoesNotMatch')
  })

  it('a URL used after it lapsed (mock clock) → 403 AccessDenied "Request has expired"', async () => {
    const res = await presign({ files: [png('a.png'), png('b.png')] })
    const [early, late] = res.json.urls as [string, string]
    const expires = Number(new URL(early).searchParams.get('X-Amz-Expires'))
    expect(expires).toBe(3600)

    await advanceClock(mock.url, (expires - 10) * 1000)
    const inTime = await send(early, { method: 'PUT', body: bytesOf(10), headers: { 'Content-Type': 'image/png' } })
    expect(inTime.status).toBe(200)

    await advanceClock(mock.url, 11_000)
    const put = await send(late, { method: 'PUT', body: bytesOf(10), headers: { 'Content-Type': 'image/png' } })
    expect(put.status).toBe(403)
    expect(xmlField(put.text, 'Code')).toBe('AccessDenied')
    expect(xmlField(put.text, 'Message')).toBe('Request has expired')
    expect(await objects(mock.url)).toHaveLength(1)
  })
})

describe('NFT2 presign counters and faults', () => {
  it('/__stats counts every authenticated presign call, refused ones included, and no other vendor', async () => {
    await presign({ files: [png('a.png')] })
    await presign({ files: [png('a.png'), png('b.png')] })
    // No token: refused before it counts (see "NFT2 auth before counting").
    await presign({ files: [png('a.png')] }, {})
    await presign({ files: [{ fileName: 'a.gif', mimeType: 'image/gif' }] })
    expect((await stats(mock.url)).presign).toEqual({ nft2: 3, startrail: 0, leonardo: 0, typebot: 0 })
  })

  it('malformed: one URL fewer than files asked for, once, then whole again', async () => {
    await setFault(mock.url, { target: 'nft2', kind: 'malformed', count: 1 })
    const files = [png('a.png'), png('b.png'), png('c.png')]
    const broken = await presign({ files })
    expect(broken.status).toBe(200)
    expect(broken.json.urls).toHaveLength(2)
    const whole = await presign({ files })
    expect(whole.json.urls).toHaveLength(3)
  })

  it('status 429 with Retry-After, in the NestJS exception shape', async () => {
    await setFault(mock.url, { target: 'nft2', kind: 'status', status: 429, retryAfterSeconds: 7, count: 1 })
    const res = await presign({ files: [png('a.png')] })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    expect(res.json).toEqual({ statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' })
    expect((await presign({ files: [png('a.png')] })).status).toBe(200)
  })
})

describe('NFT2 auth before counting', () => {
  it('a refused token is not counted as a presign call and draws no fault', async () => {
    await setFault(mock.url, { target: 'nft2', kind: 'status', status: 503, count: 1 })
    const refused = await presign({ files: [png('a.png')] }, { authorization: 'Bearer nft2-at-000000' })
    expect(refused.status).toBe(401)
    expect((await stats(mock.url)).presign.nft2).toBe(0)
    // The fault is still there for the first authenticated call.
    expect((await presign({ files: [png('a.png')] })).status).toBe(503)
    expect((await stats(mock.url)).presign.nft2).toBe(1)
  })
})
