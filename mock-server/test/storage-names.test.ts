import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { describe, expect, it } from 'vitest'
import {
  bytesOf,
  gcsBucket,
  objects,
  postJson,
  presignPut,
  s3Client,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

// Object names the storages refuse: a path that does not percent-decode, and a name over 1,024 bytes of UTF-8. Each
// is answered as the real service does (an XML 400), never a 500 and never a stored object.

const mock = useMockServer()
const PNG = bytesOf(2_000, 7)
const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength

async function expectXmlError(response: Response, status: number, code: string, message: string) {
  const text = await response.text()
  expect({ status: response.status, code: xmlField(text, 'Code'), message: xmlText(text, 'Message') }).toEqual({
    status,
    code,
    message,
  })
  expect(response.headers.get('content-type')).toBe('application/xml')
  return text
}

describe('a path that does not percent-decode is 400 InvalidURI, not a 500', () => {
  const INVALID_URI = "Couldn't parse the specified URI."

  it.each([
    ['GET', '/nft2-protocol/%ZZ'],
    ['HEAD', '/nft2-protocol/a/%E0%A4%A'],
    ['GET', '/%ZZ/x'],
    ['PUT', '/nft2-protocol/%ZZ?X-Amz-Signature=00'],
    ['POST', '/%ZZ'],
  ])('S3: %s %s', async (method, path) => {
    const response = await fetch(`${mock.config.s3.endpoint}${path}`, {
      method,
      ...(method === 'PUT' || method === 'POST' ? { body: PNG } : {}),
    })
    if (method === 'HEAD') {
      expect(response.status).toBe(400)
      return
    }
    const text = await expectXmlError(response, 400, 'InvalidURI', INVALID_URI)
    expect(xmlField(text, 'RequestId')).toMatch(/^[0-9A-F]{16}$/)
  })

  it.each([
    ['GET', '/%ZZ'],
    ['GET', `/BUCKET/srr-images/%ZZ.png`],
    ['PUT', `/BUCKET/srr-images/%E0%A4%A.png?X-Goog-Signature=00`],
  ])('GCS: %s %s', async (method, path) => {
    const url = `${mock.config.gcs.endpoint}${path.replace('BUCKET', mock.config.gcs.bucket)}`
    const response = await fetch(url, { method, ...(method === 'PUT' ? { body: PNG } : {}) })
    const text = await expectXmlError(response, 400, 'InvalidURI', INVALID_URI)
    expect(xmlField(text, 'RequestId')).toBeUndefined()
    expect(await objects(mock.url)).toEqual([])
  })
})

describe('object names over 1,024 bytes of UTF-8 are refused, as S3 and GCS refuse them', () => {
  // '写' is 3 bytes of UTF-8: 341 of them and one ASCII byte are 1,024 bytes, one more ASCII byte is too many.
  const nameOfBytes = (prefix: string, bytes: number) => {
    const rest = bytes - utf8Bytes(prefix)
    return prefix + '写'.repeat(Math.floor(rest / 3)) + 'a'.repeat(rest % 3)
  }

  it('S3 PUT: 1,025 bytes is 400 KeyTooLongError and nothing is stored; 1,024 bytes is stored', async () => {
    const bucket = mock.config.s3.buckets.uploads
    const tooLong = nameOfBytes('dir/', 1025)
    expect(utf8Bytes(tooLong)).toBe(1025)
    const refused = await fetch(await presignPut(mock.config, { bucket, key: tooLong }), { method: 'PUT', body: PNG })
    const text = await expectXmlError(refused, 400, 'KeyTooLongError', 'Your key is too long.')
    expect({ size: xmlField(text, 'Size'), max: xmlField(text, 'MaxSizeAllowed') }).toEqual({
      size: '1025',
      max: '1024',
    })
    expect(await objects(mock.url)).toEqual([])

    const longest = nameOfBytes('dir/', 1024)
    const stored = await fetch(await presignPut(mock.config, { bucket, key: longest }), { method: 'PUT', body: PNG })
    expect(stored.status).toBe(200)
    expect((await objects(mock.url)).map((object) => object.key)).toEqual([longest])
  })

  it('S3 POST: a key that comes (after the file name is put in) to 1,025 bytes is 400 KeyTooLongError; 1,024 bytes is stored', async () => {
    const { config } = mock
    const { url, fields } = await createPresignedPost(await s3Client(config), {
      Bucket: config.s3.buckets.uploads,
      Key: ['in/$', '{filename}'].join(''),
      Expires: 60,
    })
    const post = (fileName: string) => {
      const form = new FormData()
      for (const [name, value] of Object.entries(fields)) form.append(name, value)
      form.append('file', new Blob([PNG]), fileName)
      return fetch(url, { method: 'POST', body: form })
    }
    const refused = await post(nameOfBytes('', 1025 - 3))
    const text = await expectXmlError(refused, 400, 'KeyTooLongError', 'Your key is too long.')
    expect(xmlField(text, 'Size')).toBe('1025')
    expect(await objects(mock.url)).toEqual([])
    // The browser's UTF-8 file name is the key's, byte for byte (it was read as latin1: twice the bytes, mojibake).
    const longest = nameOfBytes('', 1024 - 3)
    expect((await post(longest)).status).toBe(204)
    expect((await objects(mock.url)).map((object) => object.key)).toEqual([`in/${longest}`])
  })

  it('GCS signed PUT: 1,025 bytes is 400 with GCS words and nothing is stored; 1,024 bytes is stored', async () => {
    const bucket = await gcsBucket(mock.config)
    const signed = async (name: string) =>
      (await bucket.file(name).getSignedUrl({ version: 'v4', action: 'write', expires: Date.now() + 60_000 }))[0]
    const tooLong = nameOfBytes('srr-images/x/', 1025)
    const refused = await fetch(await signed(tooLong), { method: 'PUT', body: PNG })
    await expectXmlError(
      refused,
      400,
      'InvalidArgument',
      'The maximum object length is 1024 characters, but got a name with 1025 characters.',
    )
    expect(await objects(mock.url)).toEqual([])

    const longest = nameOfBytes('srr-images/x/', 1024)
    expect((await fetch(await signed(longest), { method: 'PUT', body: PNG })).status).toBe(200)
    expect((await objects(mock.url)).map((object) => object.key)).toEqual([longest])
  })

  it('Startrail signedUrls: a filename whose object name would pass 1,024 bytes is a 400 naming the entry', async () => {
    const { apiKey, issuerAddress } = mock.config.startrail
    const prefix = `srr-images/${issuerAddress}/`
    const signedUrls = (filename: string) =>
      postJson(
        `${mock.url}/startrail/port/api/v1/commerce/signedUrls`,
        {
          action: 'write',
          payload: [
            { filename: 'ok.png', category: 'artwork' },
            { filename, category: 'artwork' },
          ],
        },
        { 'commerce-api-key': apiKey, 'issuer-address': issuerAddress },
      )
    // 3,062 bytes: the name that was stored before.
    const huge = `${'写'.repeat(1019)}.png`
    const answer = await signedUrls(huge)
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({
      statusCode: 400,
      message: [
        `payload.1.filename is too long: Cloud Storage object names are at most 1024 bytes of UTF-8, and ${prefix}<filename> would be ${utf8Bytes(prefix + huge)}; use a name of at most ${1024 - utf8Bytes(prefix)} bytes`,
      ],
    })
    const fits = `${nameOfBytes('', 1024 - utf8Bytes(prefix) - 4)}.png`
    expect((await signedUrls(fits)).status).toBe(201)
    expect((await signedUrls(`a${fits}`)).status).toBe(400)
  })
})
