import { createHash } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { describe, expect, it } from 'vitest'
import {
  advanceClock,
  type Bytes,
  bytesOf,
  objects,
  presignPut,
  presignRead,
  s3Client,
  streamRequest,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

const mock = useMockServer()
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex')
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const crc32Base64 = async (bytes: Uint8Array) => {
  const { crc32 } = await import('node:zlib')
  const out = Buffer.alloc(4)
  out.writeUInt32BE(crc32(bytes) >>> 0)
  return out.toString('base64')
}

/** `hello world\n`: its Filebase CID is the one kubo's default `ipfs add` prints (CIDv0, 256 KiB chunks). */
const HELLO = new TextEncoder().encode('hello world\n')
const HELLO_CID = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'

const put = (url: string, body: Bytes, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'PUT', body, headers })

async function expectS3Error(response: Response, status: number, code: string, message?: string) {
  const text = await response.text()
  expect({ status: response.status, code: xmlField(text, 'Code') }).toEqual({ status, code })
  expect(response.headers.get('content-type')).toBe('application/xml')
  if (message !== undefined) expect(xmlText(text, 'Message')).toBe(message)
  return text
}

/** Replaces one query parameter of a signed URL, keeping the rest exactly as signed. */
function withParam(url: string, name: string, value: string): string {
  const u = new URL(url)
  expect(u.searchParams.has(name)).toBe(true)
  u.searchParams.set(name, value)
  return u.toString()
}

describe('S3 presigned PUT, signed by @aws-sdk/s3-request-presigner', () => {
  it('stores the bytes: 200, ETag is the MD5, /__objects has the same SHA-256, Content-Type as signed', async () => {
    const { config } = mock
    const body = bytesOf(100_000, 3)
    const url = await presignPut(config, {
      bucket: config.s3.buckets.uploads,
      key: 'dir/a b+c.png',
      contentType: 'image/png',
    })
    const response = await put(url, body, { 'content-type': 'image/png' })
    expect(response.status).toBe(200)
    expect(response.headers.get('etag')).toBe(`"${md5(body)}"`)
    // Only the IPFS bucket answers with a CID.
    expect(response.headers.get('x-amz-meta-cid')).toBeNull()
    expect(await objects(mock.url)).toEqual([
      expect.objectContaining({
        bucket: config.s3.buckets.uploads,
        key: 'dir/a b+c.png',
        size: body.byteLength,
        sha256: sha(body),
        contentType: 'image/png',
      }),
    ])
    expect((await objects(mock.url))[0]).not.toHaveProperty('cid')
  })

  it('the IPFS bucket answers x-amz-meta-cid (kubo CIDv0) on PUT and on a signed HEAD, and /__objects agrees', async () => {
    const { config } = mock
    const bucket = config.s3.buckets.ipfs
    const url = await presignPut(config, { bucket, key: 'hello.txt', contentType: 'text/plain' })
    const response = await put(url, HELLO, { 'content-type': 'text/plain' })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-amz-meta-cid')).toBe(HELLO_CID)
    const head = await fetch(await presignRead(config, 'HEAD', bucket, 'hello.txt'), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('x-amz-meta-cid')).toBe(HELLO_CID)
    expect(head.headers.get('content-length')).toBe(String(HELLO.byteLength))
    expect(head.headers.get('etag')).toBe(`"${md5(HELLO)}"`)
    expect((await objects(mock.url))[0]?.cid).toBe(HELLO_CID)
    // The API origin serves it by CID, as a public IPFS gateway would.
    const gateway = await fetch(`${mock.url}/ipfs/${HELLO_CID}`)
    expect(gateway.status).toBe(200)
    expect(await gateway.text()).toBe('hello world\n')
    expect((await fetch(`${mock.url}/ipfs/QmNotStoredNotStoredNotStoredNotStoredNotStored`)).status).toBe(404)
  })

  it('without Content-Type signed, any type is taken and an absent one is stored as binary/octet-stream', async () => {
    const { config } = mock
    const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'plain' })
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('host')
    expect((await put(url, HELLO)).status).toBe(200)
    expect((await objects(mock.url))[0]?.contentType).toBe('binary/octet-stream')
  })

  it('S7 (issue 15): a Content-Type that is not a media type → 400 InvalidArgument naming it, nothing stored', async () => {
    const { config } = mock
    const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'public/t.bin' })
    for (const type of ['image', 'image/png x', 'text/html; charset']) {
      const text = await expectS3Error(await put(url, HELLO, { 'Content-Type': type }), 400, 'InvalidArgument')
      expect({ name: xmlField(text, 'ArgumentName'), value: xmlField(text, 'ArgumentValue') }).toEqual({
        name: 'Content-Type',
        value: type,
      })
    }
    expect(await objects(mock.url)).toEqual([])
  })

  it('a second PUT to the same key replaces the object', async () => {
    const { config } = mock
    const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'same' })
    expect((await put(url, HELLO)).status).toBe(200)
    const second = bytesOf(10, 9)
    expect((await put(url, second)).status).toBe(200)
    const stored = await objects(mock.url)
    expect(stored.map((o) => [o.key, o.sha256])).toEqual([['same', sha(second)]])
  })

  describe('tampered twins of an accepted URL are refused and store nothing', () => {
    const signed = () =>
      presignPut(mock.config, { bucket: mock.config.s3.buckets.uploads, key: 'twin.png', contentType: 'image/png' })
    const png = { 'content-type': 'image/png' }

    it('the untampered URL is accepted (the twins below differ from it in one thing only)', async () => {
      expect((await put(await signed(), HELLO, png)).status).toBe(200)
    })

    it('one character of X-Amz-Signature changed → 403 SignatureDoesNotMatch with the canonical request', async () => {
      const url = await signed()
      const signature = new URL(url).searchParams.get('X-Amz-Signature') ?? ''
      const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1)
      const text = await expectS3Error(
        await put(withParam(url, 'X-Amz-Signature', flipped), HELLO, png),
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      )
      expect(xmlField(text, 'SignatureProvided')).toBe(flipped)
      expect(xmlField(text, 'CanonicalRequest')).toContain('content-type:image/png')
      expect(await objects(mock.url)).toEqual([])
    })

    it('another key → 403 SignatureDoesNotMatch whose CanonicalRequest shows the path sent', async () => {
      const url = new URL(await signed())
      url.pathname = url.pathname.replace('twin.png', 'other.png')
      const text = await expectS3Error(await put(url.toString(), HELLO, png), 403, 'SignatureDoesNotMatch')
      expect(xmlField(text, 'CanonicalRequest')?.split('\n')[1]).toBe(`/${mock.config.s3.buckets.uploads}/other.png`)
      expect(await objects(mock.url)).toEqual([])
    })

    it('another (existing) bucket → 403 SignatureDoesNotMatch', async () => {
      const url = new URL(await signed())
      url.pathname = url.pathname.replace(`/${mock.config.s3.buckets.uploads}/`, `/${mock.config.s3.buckets.ipfs}/`)
      await expectS3Error(await put(url.toString(), HELLO, png), 403, 'SignatureDoesNotMatch')
      expect(await objects(mock.url)).toEqual([])
    })

    it('X-Amz-Expires lengthened → 403 SignatureDoesNotMatch', async () => {
      const url = withParam(await signed(), 'X-Amz-Expires', '3600')
      await expectS3Error(await put(url, HELLO, png), 403, 'SignatureDoesNotMatch')
      expect(await objects(mock.url)).toEqual([])
    })

    it('another access key id in X-Amz-Credential → 403 InvalidAccessKeyId', async () => {
      const url = await signed()
      const credential = new URL(url).searchParams.get('X-Amz-Credential') ?? ''
      const other = credential.replace(mock.config.s3.accessKeyId, 'AKIAOTHERKEY00000000')
      const text = await expectS3Error(
        await put(withParam(url, 'X-Amz-Credential', other), HELLO, png),
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      )
      expect(xmlField(text, 'AWSAccessKeyId')).toBe('AKIAOTHERKEY00000000')
      expect(await objects(mock.url)).toEqual([])
    })

    it('signed with the right key id but a wrong secret → 403 SignatureDoesNotMatch', async () => {
      const { config } = mock
      const client = await s3Client(config, { secretAccessKey: `${config.s3.secretAccessKey}x` })
      const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: config.s3.buckets.uploads, Key: 'k' }), {
        expiresIn: 60,
      })
      await expectS3Error(await put(url, HELLO), 403, 'SignatureDoesNotMatch')
      expect(await objects(mock.url)).toEqual([])
    })

    it('a Content-Type other than the signed one → 403 SignatureDoesNotMatch naming the type sent', async () => {
      const text = await expectS3Error(
        await put(await signed(), HELLO, { 'content-type': 'image/jpeg' }),
        403,
        'SignatureDoesNotMatch',
      )
      expect(xmlField(text, 'CanonicalRequest')).toContain('content-type:image/jpeg')
      expect(xmlField(text, 'StringToSign')).toMatch(/^AWS4-HMAC-SHA256\n/)
      expect(await objects(mock.url)).toEqual([])
    })

    it('no Content-Type at all when one was signed → 403 SignatureDoesNotMatch (signed as empty)', async () => {
      const text = await expectS3Error(await put(await signed(), HELLO), 403, 'SignatureDoesNotMatch')
      expect(xmlField(text, 'CanonicalRequest')).toContain('content-type:\n')
    })

    it('an x-amz-* header the URL did not sign → 403 AccessDenied naming it', async () => {
      const text = await expectS3Error(
        await put(await signed(), HELLO, { ...png, 'x-amz-acl': 'public-read' }),
        403,
        'AccessDenied',
        'There were headers present in the request which were not signed',
      )
      expect(xmlField(text, 'HeadersNotSigned')).toBe('x-amz-acl')
    })
  })

  describe('expiry (X-Amz-Date + X-Amz-Expires) against the mock clock', () => {
    it('accepted just before it lapses, 403 AccessDenied "Request has expired" after', async () => {
      const { config } = mock
      const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'exp', expiresIn: 60 })
      await advanceClock(mock.url, 50_000)
      expect((await put(url, HELLO)).status).toBe(200)
      await advanceClock(mock.url, 15_000)
      const text = await expectS3Error(await put(url, bytesOf(5)), 403, 'AccessDenied', 'Request has expired')
      expect(xmlField(text, 'X-Amz-Expires')).toBe('60')
      // Still only the first upload.
      expect((await objects(mock.url)).map((o) => o.sha256)).toEqual([sha(HELLO)])
    })

    it('a URL signed more than 15 minutes in the server\'s future → 403 AccessDenied "Request is not yet valid"', async () => {
      const { config } = mock
      const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'early' })
      await advanceClock(mock.url, -16 * 60_000)
      await expectS3Error(await put(url, HELLO), 403, 'AccessDenied', 'Request is not yet valid')
      expect(await objects(mock.url)).toEqual([])
    })
  })

  it('an unsigned PUT → 403 AccessDenied, nothing stored', async () => {
    const { config } = mock
    const url = `${config.s3.endpoint}/${config.s3.buckets.uploads}/anon.txt`
    await expectS3Error(await put(url, HELLO), 403, 'AccessDenied', 'Access Denied')
    expect(await objects(mock.url)).toEqual([])
  })

  it('a PUT without Content-Length (chunked) → 411 MissingContentLength', async () => {
    const { config } = mock
    const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'chunked' })
    const answer = await streamRequest(url, { method: 'PUT', headers: {}, body: [HELLO, HELLO] })
    expect({ status: answer.status, code: xmlField(answer.text, 'Code') }).toEqual({
      status: 411,
      code: 'MissingContentLength',
    })
    expect(await objects(mock.url)).toEqual([])
  })

  describe('integrity headers', () => {
    // Real S3 verifies a checksum or MD5 sent as a *header* and refuses a mismatch with 400 BadDigest.
    it('Content-MD5: matching → 200; not matching → 400 BadDigest, nothing stored', async () => {
      const { config } = mock
      const url = await presignPut(config, { bucket: config.s3.buckets.uploads, key: 'md5' })
      const good = Buffer.from(md5(HELLO), 'hex').toString('base64')
      const bad = Buffer.from(md5(bytesOf(3)), 'hex').toString('base64')
      await expectS3Error(
        await put(url, HELLO, { 'content-md5': bad }),
        400,
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
      )
      expect(await objects(mock.url)).toEqual([])
      expect((await put(url, HELLO, { 'content-md5': good })).status).toBe(200)
    })

    it('a signed x-amz-checksum-crc32 header: matching → 200; not matching → 400 BadDigest, nothing stored', async () => {
      const { config } = mock
      const presign = async (checksum: string) =>
        getSignedUrl(
          await s3Client(config),
          new PutObjectCommand({ Bucket: config.s3.buckets.uploads, Key: 'crc', ChecksumCRC32: checksum }),
          { expiresIn: 60, unhoistableHeaders: new Set(['x-amz-checksum-crc32']) },
        )
      const wrong = await crc32Base64(bytesOf(3))
      const wrongUrl = await presign(wrong)
      expect(new URL(wrongUrl).searchParams.get('X-Amz-SignedHeaders')).toContain('x-amz-checksum-crc32')
      await expectS3Error(
        await put(wrongUrl, HELLO, { 'x-amz-checksum-crc32': wrong }),
        400,
        'BadDigest',
        'The CRC32 you specified did not match the calculated checksum.',
      )
      expect(await objects(mock.url)).toEqual([])
      const right = await crc32Base64(HELLO)
      expect((await put(await presign(right), HELLO, { 'x-amz-checksum-crc32': right })).status).toBe(200)
    })

    // The SDK's default (requestChecksumCalculation WHEN_SUPPORTED) signs x-amz-checksum-crc32=AAAAAA== (the CRC32 of
    // an empty body) into the query string. Real S3 signs that parameter but does not check the body against it
    // (AWS: "include the appropriate checksum header in your upload request"; LocalStack and MiniStack changed their
    // emulators to match S3 after reports that S3 answers 200 to it). R2 and some others do refuse it; the mock
    // follows S3, so such URLs work here as on AWS, and the CRC header case above is where checksums are enforced.
    it('the SDK-default URL with x-amz-checksum-crc32=AAAAAA== in the query is accepted, as real S3 does', async () => {
      const { config } = mock
      const url = await presignPut(config, {
        bucket: config.s3.buckets.ipfs,
        key: 'default.txt',
        defaultChecksums: true,
      })
      expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==')
      const response = await put(url, HELLO)
      expect(response.status).toBe(200)
      expect(response.headers.get('x-amz-meta-cid')).toBe(HELLO_CID)
      expect((await objects(mock.url))[0]?.sha256).toBe(sha(HELLO))
    })
  })

  describe('signed GET and HEAD', () => {
    it('GET streams the stored bytes back with ETag, Content-Type and Content-Length', async () => {
      const { config } = mock
      const bucket = config.s3.buckets.uploads
      const body = bytesOf(300_000, 5)
      await put(await presignPut(config, { bucket, key: 'r/x.bin', contentType: 'application/x-test' }), body, {
        'content-type': 'application/x-test',
      })
      const response = await fetch(await presignRead(config, 'GET', bucket, 'r/x.bin'))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/x-test')
      expect(response.headers.get('content-length')).toBe(String(body.byteLength))
      expect(response.headers.get('etag')).toBe(`"${md5(body)}"`)
      expect(sha(new Uint8Array(await response.arrayBuffer()))).toBe(sha(body))
    })

    it('HEAD answers the headers without a body', async () => {
      const { config } = mock
      const bucket = config.s3.buckets.uploads
      await put(await presignPut(config, { bucket, key: 'h' }), HELLO)
      const response = await fetch(await presignRead(config, 'HEAD', bucket, 'h'), { method: 'HEAD' })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-length')).toBe(String(HELLO.byteLength))
      expect((await response.arrayBuffer()).byteLength).toBe(0)
    })

    it('a PUT URL used for GET → 403 SignatureDoesNotMatch (the method is signed)', async () => {
      const { config } = mock
      const bucket = config.s3.buckets.uploads
      const url = await presignPut(config, { bucket, key: 'm' })
      await put(url, HELLO)
      await expectS3Error(await fetch(url), 403, 'SignatureDoesNotMatch')
    })

    it('an unsigned GET of a private key → 403 AccessDenied; under public/ of the uploads bucket it is readable', async () => {
      const { config } = mock
      const bucket = config.s3.buckets.uploads
      await put(await presignPut(config, { bucket, key: 'private/a' }), HELLO)
      await put(await presignPut(config, { bucket, key: 'public/a' }), HELLO)
      await expectS3Error(await fetch(`${config.s3.endpoint}/${bucket}/private/a`), 403, 'AccessDenied')
      const open = await fetch(`${config.s3.endpoint}/${bucket}/public/a`)
      expect(open.status).toBe(200)
      expect(await open.text()).toBe('hello world\n')
      // public/ is a rule of the uploads bucket only.
      await put(await presignPut(config, { bucket: config.s3.buckets.ipfs, key: 'public/a' }), HELLO)
      await expectS3Error(await fetch(`${config.s3.endpoint}/${config.s3.buckets.ipfs}/public/a`), 403, 'AccessDenied')
    })

    it('a signed GET of a missing key → 404 NoSuchKey naming the key', async () => {
      const { config } = mock
      const text = await expectS3Error(
        await fetch(await presignRead(config, 'GET', config.s3.buckets.uploads, 'nope/x')),
        404,
        'NoSuchKey',
        'The specified key does not exist.',
      )
      expect(xmlField(text, 'Key')).toBe('nope/x')
    })

    it('a bucket that does not exist → 404 NoSuchBucket for GET and PUT, nothing stored', async () => {
      const { config } = mock
      const text = await expectS3Error(
        await fetch(await presignRead(config, 'GET', 'no-such-bucket', 'x')),
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
      )
      expect(xmlField(text, 'BucketName')).toBe('no-such-bucket')
      await expectS3Error(
        await put(await presignPut(config, { bucket: 'no-such-bucket', key: 'x' }), HELLO),
        404,
        'NoSuchBucket',
      )
      expect(await objects(mock.url)).toEqual([])
    })
  })

  it('streams to disk: a 200 MB PUT into the IPFS bucket grows the server RSS by less than 64 MB', async () => {
    const { config } = mock
    const bucket = config.s3.buckets.ipfs
    const chunk = bytesOf(1024 * 1024, 11)
    const upload = async (key: string, chunks: number) =>
      streamRequest(await presignPut(config, { bucket, key }), {
        method: 'PUT',
        headers: { 'content-length': String(chunk.byteLength * chunks) },
        body: (function* () {
          for (let i = 0; i < chunks; i++) yield chunk
        })(),
      })
    // A small upload first, so that what V8 and the allocator set up once for any upload is not counted.
    expect((await upload('warm-up.bin', 16)).status).toBe(200)
    // The server runs in this process: sample its RSS while the upload runs and keep the peak.
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 10)
    let answer: Awaited<ReturnType<typeof upload>>
    try {
      answer = await upload('big.bin', 200)
    } finally {
      clearInterval(sampler)
    }
    peak = Math.max(peak, process.memoryUsage().rss)
    expect(answer.status).toBe(200)
    expect(answer.headers['x-amz-meta-cid']).toMatch(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
    const growthMb = (peak - before) / 1024 / 1024
    expect(growthMb, 'RSS growth (MB) during a 200 MB upload').toBeLessThan(64)
    const expected = createHash('sha256')
    for (let i = 0; i < 200; i++) expected.update(chunk)
    const big = (await objects(mock.url)).find((o) => o.key === 'big.bin')
    expect(big).toMatchObject({ size: chunk.byteLength * 200, sha256: expected.digest('hex') })
    expect(big?.cid).toBe(answer.headers['x-amz-meta-cid'])
  })
})
