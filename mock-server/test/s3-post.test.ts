import { createHash } from 'node:crypto'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { describe, expect, it } from 'vitest'
import {
  advanceClock,
  type Bytes,
  bytesOf,
  objects,
  s3Client,
  streamRequest,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

const mock = useMockServer()
/** The key variable S3 replaces with the uploaded file's name (built so it never reads as a template slot). */
const FILENAME = ['$', '{filename}'].join('')
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex')
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

type Condition = Record<string, string> | [string, string | number, string | number]

/** A POST policy for the uploads bucket, made by `createPresignedPost` with the mock's credentials. */
async function presignPost(
  options: { key?: string; fields?: Record<string, string>; conditions?: Condition[]; expires?: number } = {},
) {
  const { config } = mock
  return createPresignedPost(await s3Client(config), {
    Bucket: config.s3.buckets.uploads,
    Key: options.key ?? `in/${FILENAME}`,
    Fields: options.fields,
    Conditions: options.conditions as never,
    Expires: options.expires ?? 60,
  })
}

type Part = [name: string, value: string] | ['file', Bytes, string]

/** Sends the parts in the order given (a browser keeps the order of FormData.append). */
async function post(url: string, parts: Part[]) {
  const form = new FormData()
  for (const [name, value, fileName] of parts) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, new Blob([value]), fileName)
  }
  const response = await fetch(url, { method: 'POST', body: form })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** Every signed field first, then extra fields, then the file: the order S3 asks for. */
const formOf = (fields: Record<string, string>, file: Bytes, extra: Array<[string, string]> = []): Part[] => [
  ...Object.entries(fields),
  ...extra,
  ['file', file, 'photo.png'],
]

function expectError(answer: { status: number; text: string }, status: number, code: string, message?: string) {
  expect({ status: answer.status, code: xmlField(answer.text, 'Code') }).toEqual({ status, code })
  if (message !== undefined) expect(xmlText(answer.text, 'Message')).toBe(message)
}

const policyFailed = (quoted: string) => `Invalid according to Policy: Policy Condition failed: [${quoted}]`
const FILE = bytesOf(2000, 21)

describe('S3 POST policy, signed by @aws-sdk/s3-presigned-post', () => {
  it('accepted: 204 with ETag and Location; the file name takes the place of the key variable', async () => {
    const { url, fields } = await presignPost()
    const answer = await post(url, formOf(fields, FILE))
    expect(answer.status).toBe(204)
    expect(answer.text).toBe('')
    expect(answer.headers.get('etag')).toBe(`"${md5(FILE)}"`)
    expect(answer.headers.get('location')).toBe(
      `${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/in/photo.png`,
    )
    expect(await objects(mock.url)).toEqual([
      expect.objectContaining({
        bucket: mock.config.s3.buckets.uploads,
        key: 'in/photo.png',
        size: FILE.byteLength,
        sha256: sha(FILE),
        contentType: 'binary/octet-stream',
      }),
    ])
  })

  it('success_action_status 201 → 201 with an XML PostResponse; 200 → 200 without a body', async () => {
    const created = await presignPost({ key: 'a/one.bin', fields: { success_action_status: '201' } })
    const answer = await post(created.url, formOf(created.fields, FILE))
    expect(answer.status).toBe(201)
    expect(answer.headers.get('content-type')).toBe('application/xml')
    expect(xmlField(answer.text, 'Bucket')).toBe(mock.config.s3.buckets.uploads)
    expect(xmlField(answer.text, 'Key')).toBe('a/one.bin')
    expect(xmlField(answer.text, 'ETag')).toBe(`"${md5(FILE)}"`)
    expect(xmlField(answer.text, 'Location')).toBe(
      `${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/a/one.bin`,
    )

    const ok = await presignPost({ key: 'a/two.bin', fields: { success_action_status: '200' } })
    const second = await post(ok.url, formOf(ok.fields, FILE))
    expect(second.status).toBe(200)
    expect(second.text).toBe('')
    expect((await objects(mock.url)).map((o) => o.key).sort()).toEqual(['a/one.bin', 'a/two.bin'])
  })

  describe('conditions', () => {
    it('exact match ({"Content-Type": …}): the signed value is stored as the type; another value → 403', async () => {
      const { url, fields } = await presignPost({ key: 'img.png', fields: { 'Content-Type': 'image/png' } })
      const refused = await post(url, formOf({ ...fields, 'Content-Type': 'image/gif' }, FILE))
      expectError(refused, 403, 'AccessDenied', policyFailed('"eq", "$Content-Type", "image/png"'))
      expect(await objects(mock.url)).toEqual([])

      expect((await post(url, formOf(fields, FILE))).status).toBe(204)
      expect((await objects(mock.url))[0]?.contentType).toBe('image/png')
    })

    it('["eq", "$x-amz-meta-tag", "blue"]: blue → 204; red or absent → 403 quoting the condition', async () => {
      const { url, fields } = await presignPost({ key: 'eq.bin', conditions: [['eq', '$x-amz-meta-tag', 'blue']] })
      const failed = policyFailed('"eq", "$x-amz-meta-tag", "blue"')
      expectError(await post(url, formOf(fields, FILE, [['x-amz-meta-tag', 'red']])), 403, 'AccessDenied', failed)
      expectError(await post(url, formOf(fields, FILE)), 403, 'AccessDenied', failed)
      expect(await objects(mock.url)).toEqual([])
      expect((await post(url, formOf(fields, FILE, [['x-amz-meta-tag', 'blue']]))).status).toBe(204)
    })

    it('["starts-with", "$key", "user-1/"] (from a key ending in the file-name variable): another prefix → 403', async () => {
      const { url, fields } = await presignPost({ key: `user-1/${FILENAME}` })
      const refused = await post(url, formOf({ ...fields, key: 'user-2/photo.png' }, FILE))
      expectError(refused, 403, 'AccessDenied', policyFailed('"starts-with", "$key", "user-1/"'))
      expect(await objects(mock.url)).toEqual([])
      expect((await post(url, formOf({ ...fields, key: 'user-1/chosen.png' }, FILE))).status).toBe(204)
      expect((await objects(mock.url))[0]?.key).toBe('user-1/chosen.png')
    })

    it('["starts-with", "$Content-Type", "image/"]: image/webp → 204; text/html → 403', async () => {
      const { url, fields } = await presignPost({ key: 'sw', conditions: [['starts-with', '$Content-Type', 'image/']] })
      const refused = await post(url, formOf(fields, FILE, [['Content-Type', 'text/html']]))
      expectError(refused, 403, 'AccessDenied', policyFailed('"starts-with", "$Content-Type", "image/"'))
      expect((await post(url, formOf(fields, FILE, [['Content-Type', 'image/webp']]))).status).toBe(204)
      expect((await objects(mock.url))[0]?.contentType).toBe('image/webp')
    })

    describe('content-length-range', () => {
      it('[1, 1024]: exactly 1024 bytes → 204; 1025 → 400 EntityTooLarge, nothing stored', async () => {
        const { url, fields } = await presignPost({ key: 'r', conditions: [['content-length-range', 1, 1024]] })
        const tooLarge = await post(url, formOf(fields, bytesOf(1025)))
        expectError(tooLarge, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size')
        expect(xmlField(tooLarge.text, 'MaxSizeAllowed')).toBe('1024')
        expect(await objects(mock.url)).toEqual([])
        expect((await post(url, formOf(fields, bytesOf(1024)))).status).toBe(204)
      })

      it('[10, 100]: 9 bytes → 400 EntityTooSmall, nothing stored; 10 bytes → 204', async () => {
        const { url, fields } = await presignPost({ key: 's', conditions: [['content-length-range', 10, 100]] })
        const tooSmall = await post(url, formOf(fields, bytesOf(9)))
        expectError(tooSmall, 400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size')
        expect(await objects(mock.url)).toEqual([])
        expect((await post(url, formOf(fields, bytesOf(10)))).status).toBe(204)
      })

      it('too large is refused while the body streams: the answer comes before the request ends, nothing stored', async () => {
        const { url, fields } = await presignPost({
          key: 'huge',
          conditions: [['content-length-range', 0, 1024 * 1024]],
        })
        const boundary = '----mockboundary7f3a'
        const head = Buffer.from(
          [
            ...Object.entries(fields).map(
              ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
            ),
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n`,
            'Content-Type: application/octet-stream\r\n\r\n',
          ].join(''),
        )
        const declaredFile = 1024 ** 3 // 1 GiB announced; only 4 MiB are ever sent
        const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
        const piece = bytesOf(64 * 1024, 4)
        const answer = await streamRequest(url, {
          method: 'POST',
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(head.byteLength + declaredFile + tail.byteLength),
          },
          body: (function* () {
            yield head
            for (let i = 0; i < 64; i++) yield piece
          })(),
          end: false,
          timeoutMs: 10_000,
        })
        expect(answer.answeredEarly).toBe(true)
        expect(answer.status).toBe(400)
        expect(xmlField(answer.text, 'Code')).toBe('EntityTooLarge')
        expect(await objects(mock.url)).toEqual([])
      })
    })
  })

  describe('form fields', () => {
    it('a field the policy does not name → 403 "Extra input fields"; x-ignore-* fields are exempt', async () => {
      const { url, fields } = await presignPost({ key: 'f' })
      const refused = await post(url, formOf(fields, FILE, [['x-amz-meta-extra', '1']]))
      expectError(refused, 403, 'AccessDenied', 'Invalid according to Policy: Extra input fields: x-amz-meta-extra')
      expect(await objects(mock.url)).toEqual([])
      expect((await post(url, formOf(fields, FILE, [['x-ignore-note', 'anything']]))).status).toBe(204)
    })

    it('fields after the file are ignored: not checked against the policy, not used', async () => {
      const { url, fields } = await presignPost({ key: 'late' })
      const answer = await post(url, [
        ...formOf(fields, FILE),
        ['x-amz-meta-late', 'not in the policy'],
        ['Content-Type', 'text/html'],
      ])
      expect(answer.status).toBe(204)
      expect((await objects(mock.url))[0]?.contentType).toBe('binary/octet-stream')
    })

    it('a required field sent after the file counts as missing → 400 InvalidArgument naming it', async () => {
      const { url, fields } = await presignPost({ key: 'order' })
      const { key, ...rest } = fields
      const answer = await post(url, [...formOf(rest, FILE), ['key', key ?? '']])
      expectError(
        answer,
        400,
        'InvalidArgument',
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      )
      expect(await objects(mock.url)).toEqual([])
    })

    it('no file part → 400 InvalidArgument', async () => {
      const { url, fields } = await presignPost({ key: 'nofile' })
      const answer = await post(url, Object.entries(fields))
      expectError(answer, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.')
      expect(await objects(mock.url)).toEqual([])
    })

    it('a body that is not multipart/form-data → 412 PreconditionFailed', async () => {
      const { url, fields } = await presignPost({ key: 'urlenc' })
      const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) })
      expectError({ status: response.status, text: await response.text() }, 412, 'PreconditionFailed')
    })
  })

  describe('signature, expiry and bucket', () => {
    it('expiry against the mock clock: accepted before, 403 "Policy expired." after', async () => {
      const { url, fields } = await presignPost({ key: 'exp', expires: 60 })
      await advanceClock(mock.url, 50_000)
      expect((await post(url, formOf(fields, FILE))).status).toBe(204)
      await advanceClock(mock.url, 15_000)
      const refused = await post(url, formOf(fields, bytesOf(10)))
      expectError(refused, 403, 'AccessDenied', 'Invalid according to Policy: Policy expired.')
      expect((await objects(mock.url)).map((o) => o.sha256)).toEqual([sha(FILE)])
    })

    it('a policy edited after signing (larger content-length-range) → 403 SignatureDoesNotMatch', async () => {
      const { url, fields } = await presignPost({ key: 'tp', conditions: [['content-length-range', 0, 10]] })
      const policy = JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString()) as { conditions: unknown[] }
      policy.conditions = policy.conditions.map((c) =>
        Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 0, 1_000_000] : c,
      )
      const forged = Buffer.from(JSON.stringify(policy)).toString('base64')
      const answer = await post(url, formOf({ ...fields, Policy: forged }, FILE))
      expectError(answer, 403, 'SignatureDoesNotMatch')
      expect(xmlField(answer.text, 'StringToSign')).toBe(forged)
      expect(await objects(mock.url)).toEqual([])
    })

    it('one character of X-Amz-Signature changed → 403 SignatureDoesNotMatch', async () => {
      const { url, fields } = await presignPost({ key: 'ts' })
      const signature = fields['X-Amz-Signature'] ?? ''
      const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1)
      const answer = await post(url, formOf({ ...fields, 'X-Amz-Signature': flipped }, FILE))
      expectError(answer, 403, 'SignatureDoesNotMatch')
      expect(xmlField(answer.text, 'SignatureProvided')).toBe(flipped)
      expect(await objects(mock.url)).toEqual([])
    })

    it("posted to another existing bucket → 403 on the policy's bucket condition; to a missing one → 404", async () => {
      const { config } = mock
      const { url, fields } = await presignPost({ key: 'wb' })
      const other = url.replace(`/${config.s3.buckets.uploads}`, `/${config.s3.buckets.ipfs}`)
      expectError(
        await post(other, formOf(fields, FILE)),
        403,
        'AccessDenied',
        policyFailed(`"eq", "$bucket", "${config.s3.buckets.uploads}"`),
      )
      const missing = url.replace(`/${config.s3.buckets.uploads}`, '/no-such-bucket')
      expectError(await post(missing, formOf(fields, FILE)), 404, 'NoSuchBucket')
      expect(await objects(mock.url)).toEqual([])
    })

    it('without a policy → 403 AccessDenied', async () => {
      const { url, fields } = await presignPost({ key: 'np' })
      const { Policy: _policy, ...rest } = fields
      expectError(await post(url, formOf(rest, FILE)), 403, 'AccessDenied', 'Access Denied')
      expect(await objects(mock.url)).toEqual([])
    })
  })
})

/**
 * Issue 15: attacks that got through the mock's S3 POST. Each one is kept as a test: the form an attacker sent, and
 * what must happen instead.
 */
describe('attacks on the S3 POST (issue 15)', () => {
  const CRLF_TYPE = 'image/png\r\nSet-Cookie: a=b'

  it('S1: a lower-case content-type sent before the signed Content-Type → 400 InvalidArgument, nothing stored', async () => {
    // Leonardo's init-image policy: the type must be exactly image/png.
    const { url, fields } = await presignPost({ key: 'init/x.png', fields: { 'Content-Type': 'image/png' } })
    const smuggled = await post(url, [['content-type', 'text/html'], ...formOf(fields, FILE)])
    expectError(smuggled, 400, 'InvalidArgument')
    expect(xmlField(smuggled.text, 'ArgumentName')).toBe('Content-Type')
    // The same field twice in the same case is a duplicate too.
    const twice = await post(url, [['Content-Type', 'text/html'], ...formOf(fields, FILE)])
    expectError(twice, 400, 'InvalidArgument')
    expect(await objects(mock.url)).toEqual([])
  })

  it('S1: field names match whatever their case: the value checked is the value stored', async () => {
    const { url, fields } = await presignPost({ key: 'init/y.png', fields: { 'Content-Type': 'image/png' } })
    const { 'Content-Type': _type, ...rest } = fields
    const lower = await post(url, formOf(rest, FILE, [['content-type', 'image/png']]))
    expect(lower.status).toBe(204)
    expect((await objects(mock.url))[0]?.contentType).toBe('image/png')
    const html = await post(url, formOf(rest, FILE, [['CONTENT-TYPE', 'text/html']]))
    expectError(html, 403, 'AccessDenied', policyFailed('"eq", "$Content-Type", "image/png"'))
  })

  it('S2: a key with "." or ".." segments → 400 InvalidArgument naming the key, nothing stored', async () => {
    const { url, fields } = await presignPost({ key: `sessions/attacker/${FILENAME}` })
    for (const key of [
      'sessions/attacker/../../../../../etc/cron.d/x',
      'sessions/attacker/./x.png',
      'sessions/attacker/..',
    ]) {
      const answer = await post(url, formOf({ ...fields, key }, FILE))
      expectError(answer, 400, 'InvalidArgument')
      expect({ name: xmlField(answer.text, 'ArgumentName'), value: xmlField(answer.text, 'ArgumentValue') }).toEqual({
        name: 'key',
        value: key,
      })
      expect(answer.headers.get('location')).toBeNull()
    }
    expect(await objects(mock.url)).toEqual([])
  })

  it('S2: Location is the key URL-encoded per path segment (dots inside a name, "#", "?", "%", spaces)', async () => {
    const { url, fields } = await presignPost({ key: `sessions/attacker/${FILENAME}` })
    const key = 'sessions/attacker/..a b#c?d%e..png'
    const answer = await post(url, formOf({ ...fields, key }, FILE))
    expect(answer.status).toBe(204)
    expect(answer.headers.get('location')).toBe(
      `${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/sessions/attacker/..a%20b%23c%3Fd%25e..png`,
    )
    expect((await objects(mock.url))[0]?.key).toBe(key)
  })

  it('S7: a Content-Type that is not a media type (CRLF, no subtype, spaces) → 400 InvalidArgument, nothing stored', async () => {
    const { url, fields } = await presignPost({
      key: `public/${FILENAME}`,
      conditions: [['starts-with', '$Content-Type', 'image/']],
    })
    for (const type of [CRLF_TYPE, 'image/', 'image/png x', 'image/p"ng', 'image/png; charset']) {
      const answer = await post(url, formOf(fields, FILE, [['Content-Type', type]]))
      expectError(answer, 400, 'InvalidArgument')
      expect(xmlField(answer.text, 'ArgumentName')).toBe('Content-Type')
    }
    expect(await objects(mock.url)).toEqual([])
  })

  it('S7: a valid media type with parameters is stored and served back as sent', async () => {
    const { url, fields } = await presignPost({
      key: `public/${FILENAME}`,
      conditions: [['starts-with', '$Content-Type', 'image/']],
    })
    const type = 'image/svg+xml; charset="utf-8"'
    expect((await post(url, formOf(fields, FILE, [['Content-Type', type]]))).status).toBe(204)
    const read = await fetch(`${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/public/photo.png`)
    expect(read.status).toBe(200)
    expect(read.headers.get('content-type')).toBe(type)
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(FILE)
  })
})
