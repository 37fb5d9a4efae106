import CRC32 from 'crc-32'
import { Hono } from 'hono'
import { fromString as bytesFrom, toString as bytesTo } from 'uint8arrays'
import type { Fault } from '../faults/fault-book.ts'
import { cors } from '../http/cors.ts'
import { escapeXml, xmlErrorResponse } from '../http/xml-error.ts'
import { hexToBytes } from '../signing/hashes.ts'
import { verifyPostPolicy } from '../signing/post-policy-v4.ts'
import { verifySigV4Query } from '../signing/sigv4-query.ts'
import type { MockState } from '../state.ts'
import { cidOfStream, createCidAccumulator } from './cid.ts'
import { refuseUndecodablePaths, s3KeyLengthProblem } from './object-names.ts'
import { StorageRejection, type StoredObject } from './object-store.ts'
import { contentTypeProblem, keySegmentProblem } from './s3-upload-rules.ts'
import { discardRest, requestBody, type StorageContext, type StorageEnv, storageRoute } from './storage-route.ts'

/** S3 replaces this in a POST's `key` with the uploaded file's name. */
const FILENAME_VARIABLE = ['$', '{filename}'].join('')

/** S3's single-PUT limit. */
const MAX_PUT_BYTES = 5 * 1024 ** 3

/** Keys readable without a signature, as a bucket policy would make them (Typebot's `fileUrl`s live under `public/`). */
const isPublic = (bucket: string, key: string, state: MockState) =>
  bucket === state.credentials.s3.buckets.uploads && key.startsWith('public/')

/** Path-style addressing: `/{bucket}/{key…}`, the key percent-decoded once, as S3 does. */
function parsePath(url: URL): { bucket: string; key: string } {
  const [, bucket = '', ...rest] = url.pathname.split('/')
  return { bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join('/') }
}

const expired = () => xmlErrorResponse({ status: 403, code: 'AccessDenied', message: 'Request has expired' }, 's3')

const noSuchBucket = (bucket: string) =>
  xmlErrorResponse(
    {
      status: 404,
      code: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
      details: { BucketName: bucket },
    },
    's3',
  )

/** The big-endian number in an `x-amz-checksum-crc32` header (base64 of 4 bytes); NaN when it is not one. */
function crc32Header(value: string): number {
  try {
    const bytes = bytesFrom(value, 'base64pad')
    return bytes.length === 4 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0) : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** The one key pair the mock's S3 knows (what the vendors sign with). */
const s3Credentials =
  ({ credentials }: MockState) =>
  (accessKeyId: string) =>
    accessKeyId === credentials.s3.accessKeyId
      ? { secretAccessKey: credentials.s3.secretAccessKey, region: credentials.s3.region }
      : undefined

export function s3App(state: MockState): Hono<StorageEnv> {
  const { credentials, store, clock } = state
  const buckets = new Set(Object.values(credentials.s3.buckets))
  const verify = (c: StorageContext) =>
    verifySigV4Query({
      method: c.req.method,
      url: new URL(c.req.url),
      headers: c.req.raw.headers,
      now: clock.now(),
      credentials: s3Credentials(state),
    })

  const app = new Hono<StorageEnv>()
  // Retry-After: the `status` fault sends it with a 429/503, and the client's backoff must be able to read it.
  app.use(
    cors(
      ['ETag', 'x-amz-meta-cid', 'x-amz-request-id', 'x-amz-version-id', 'Location', 'Date', 'Retry-After'],
      state.allowedOrigin,
    ),
  )
  app.use(refuseUndecodablePaths(state, 's3'))

  app.put('/:bucket/*', (c) =>
    storageRoute(c, state, 's3-put', 's3-put', 's3', expired, async (fault) => {
      const url = new URL(c.req.url)
      const { bucket, key } = parsePath(url)
      const reject = async (response: Response) => {
        await discardRest(c, state)
        return response
      }
      if (!buckets.has(bucket)) return reject(noSuchBucket(bucket))
      if (!url.searchParams.has('X-Amz-Signature')) {
        return reject(xmlErrorResponse({ status: 403, code: 'AccessDenied', message: 'Access Denied' }, 's3'))
      }
      const verified = verify(c)
      if (!verified.ok) return reject(xmlErrorResponse(verified.error, 's3'))
      const contentType = c.req.header('content-type') ?? 'binary/octet-stream'
      const refused = s3KeyLengthProblem(key) ?? keySegmentProblem(key) ?? contentTypeProblem(contentType)
      if (refused) return reject(xmlErrorResponse(refused, 's3'))
      const lengthHeader = c.req.header('content-length')
      if (lengthHeader === undefined) {
        return reject(
          xmlErrorResponse(
            { status: 411, code: 'MissingContentLength', message: 'You must provide the Content-Length HTTP header.' },
            's3',
          ),
        )
      }
      if (Number(lengthHeader) > MAX_PUT_BYTES) {
        return reject(
          xmlErrorResponse(
            {
              status: 400,
              code: 'EntityTooLarge',
              message: 'Your proposed upload exceeds the maximum allowed size',
              details: { ProposedSize: lengthHeader, MaxSizeAllowed: String(MAX_PUT_BYTES) },
            },
            's3',
          ),
        )
      }
      // A checksum sent as a header (signed: the verifier refuses unsigned x-amz-* headers) must match the bytes.
      // One in the query string is not checked, as S3 does not check it: the AWS SDK's default signs the CRC32 of an
      // empty body (`x-amz-checksum-crc32=AAAAAA==`) into every presigned PUT, and real S3 answers those uploads 200.
      const expectedCrc = c.req.header('x-amz-checksum-crc32')
      const expectedMd5 = c.req.header('content-md5')
      let crc = 0
      const isIpfs = bucket === credentials.s3.buckets.ipfs
      const cid = isIpfs ? createCidAccumulator() : undefined
      let object: StoredObject
      try {
        object = await store.write(requestBody(c, state, fault), {
          bucket,
          key,
          contentType,
          maxBytes: MAX_PUT_BYTES,
          now: clock.now(),
          onChunk: async (chunk) => {
            if (expectedCrc) crc = CRC32.buf(chunk, crc)
            await cid?.push(chunk)
          },
          beforeCommit: async (o) => {
            if (expectedCrc && crc32Header(expectedCrc) !== crc >>> 0) {
              throw new StorageRejection(
                400,
                'BadDigest',
                'The CRC32 you specified did not match the calculated checksum.',
              )
            }
            if (expectedMd5 && bytesTo(hexToBytes(o.md5), 'base64pad') !== expectedMd5) {
              throw new StorageRejection(
                400,
                'BadDigest',
                'The Content-MD5 you specified did not match what we received.',
              )
            }
            return cid ? { cid: await cid.finish() } : undefined
          },
        })
      } catch (error) {
        cid?.abort(error)
        return storageFailure(c, state, error)
      }
      const headers: Record<string, string> = { ETag: `"${object.md5}"` }
      if (object.cid) headers['x-amz-meta-cid'] = await cidHeader(object, fault)
      hideHeaderFault(c, fault)
      return new Response(null, { status: 200, headers })
    }),
  )

  app.post('/:bucket', (c) =>
    storageRoute(c, state, 's3-post', 's3-post', 's3', expired, (fault) => postObject(c, state, fault, buckets)),
  )

  app.on(['GET', 'HEAD'], '/:bucket/*', async (c) => {
    const url = new URL(c.req.url)
    const { bucket, key } = parsePath(url)
    let response: Response
    if (!buckets.has(bucket)) response = noSuchBucket(bucket)
    else if (!url.searchParams.has('X-Amz-Signature') && !isPublic(bucket, key, state)) {
      response = xmlErrorResponse({ status: 403, code: 'AccessDenied', message: 'Access Denied' }, 's3')
    } else {
      const verified = url.searchParams.has('X-Amz-Signature') ? verify(c) : undefined
      const object = store.get(bucket, key)
      if (verified && !verified.ok) response = xmlErrorResponse(verified.error, 's3')
      else if (!object) {
        response = xmlErrorResponse(
          { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: { Key: key } },
          's3',
        )
      } else response = objectResponse(c.req.method, object, state)
    }
    state.stats.countStorage(`s3-${c.req.method.toLowerCase()}`, response.status)
    return response
  })

  return app
}

/** Streams a stored object back with the headers S3 (and Filebase, for the CID) send. */
export function objectResponse(method: string, object: StoredObject, state: MockState): Response {
  const headers: Record<string, string> = {
    'Content-Type': object.contentType,
    'Content-Length': String(object.size),
    ETag: `"${object.md5}"`,
    'Last-Modified': object.lastModified.toUTCString(),
  }
  if (object.cid) headers['x-amz-meta-cid'] = object.cid
  const body = method === 'HEAD' ? null : state.store.read(object)
  return new Response(body, { status: 200, headers })
}

/** The CID header; under the `wrong-cid` fault, the CID of other bytes (what a buggy gateway would claim). */
async function cidHeader(object: StoredObject, fault: Fault | undefined): Promise<string> {
  if (fault?.kind !== 'wrong-cid') return object.cid ?? ''
  return cidOfStream(
    (async function* () {
      yield new TextEncoder().encode(`not ${object.sha256}`)
    })(),
  )
}

function hideHeaderFault(c: StorageContext, fault: Fault | undefined): void {
  if (fault?.kind === 'hide-header') c.set('hiddenHeaders', [fault.header ?? 'x-amz-meta-cid'])
}

/** A write that was refused mid-stream, or a body that broke off. */
async function storageFailure(c: StorageContext, state: MockState, error: unknown): Promise<Response> {
  if (error instanceof StorageRejection) {
    await discardRest(c, state)
    return xmlErrorResponse(
      { status: error.status, code: error.code, message: error.message, details: error.details },
      's3',
    )
  }
  // The client went away (cancel, reset): nothing was stored and nobody is listening for an answer.
  return xmlErrorResponse(
    {
      status: 400,
      code: 'IncompleteBody',
      message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    },
    's3',
  )
}

/**
 * Browser POST upload: fields first, then the file, streamed (on Node) through the platform's form parser. The
 * policy is checked when the file part starts (every field is known by then); `content-length-range` is enforced
 * while the bytes stream, so an oversized file is refused without being stored. Fields after the file are ignored,
 * as S3 ignores them.
 */
function postObject(
  c: StorageContext,
  state: MockState,
  fault: Fault | undefined,
  buckets: Set<string>,
): Promise<Response> {
  const { store, clock } = state
  const bucket = decodeURIComponent(c.req.param('bucket') ?? '')
  const contentType = c.req.header('content-type') ?? ''
  if (!buckets.has(bucket)) return discardRest(c, state).then(() => noSuchBucket(bucket))
  if (!contentType.toLowerCase().startsWith('multipart/form-data')) {
    return discardRest(c, state).then(() =>
      xmlErrorResponse(
        {
          status: 412,
          code: 'PreconditionFailed',
          message: 'At least one of the pre-conditions you specified did not hold',
          details: { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' },
        },
        's3',
      ),
    )
  }
  return new Promise<Response>((resolve) => {
    const fields = new Map<string, string>()
    let settled: Promise<Response> | undefined
    const fail = (status: number, code: string, message: string, details?: Record<string, string>) =>
      xmlErrorResponse({ status, code, message, details }, 's3')
    // A refusal is answered as soon as it is known, not after the rest of a possibly huge file has arrived; the rest
    // is still read and dropped (the file part is skipped), so the connection stays usable for the answer.
    const refuse = (response: Response) => {
      settled = Promise.resolve(response)
      resolve(response)
    }

    const parsed = state.platform.parseForm(requestBody(c, state, fault), contentType, {
      // Field names are case-insensitive to S3, so they are kept in lower case: the policy check and the write then
      // read the same value. A field sent twice (whatever the case) is refused: keeping either copy would let the
      // policy check one value while the object stores the other.
      field(name, value) {
        if (settled) return
        const lower = name.toLowerCase()
        if (!fields.has(lower)) fields.set(lower, value)
        else if (!lower.startsWith('x-ignore-')) refuse(duplicateField(name, value))
      },
      file(name, filename, bytes, skip) {
        if (settled) return skip()
        if (name !== 'file') {
          skip()
          return refuse(fail(400, 'InvalidArgument', `POST requires the file in a field named "file", got "${name}".`))
        }
        const verified = verifyPostPolicy(fields, { bucket, now: clock.now(), credentials: s3Credentials(state) })
        if (!verified.ok) {
          skip()
          return refuse(xmlErrorResponse(verified.error, 's3'))
        }
        const key = verified.value.key.replaceAll(FILENAME_VARIABLE, filename)
        const range = verified.value.contentLengthRange
        const contentType = fields.get('content-type') ?? 'binary/octet-stream'
        const refused = s3KeyLengthProblem(key) ?? keySegmentProblem(key) ?? contentTypeProblem(contentType)
        if (refused) {
          skip()
          return refuse(xmlErrorResponse(refused, 's3'))
        }
        settled = store
          .write(bytes, {
            bucket,
            key,
            contentType,
            maxBytes: range?.max,
            minBytes: range?.min,
            now: clock.now(),
          })
          .then((object) => postSuccess(fields, object, state))
          .catch((error: unknown) => {
            skip()
            if (!(error instanceof StorageRejection)) {
              return fail(400, 'IncompleteBody', 'The request body ended before the file did.')
            }
            // content-length-range is enforced while the file streams: answer now, before the rest of it arrives.
            const response = fail(error.status, error.code, error.message, error.details)
            resolve(response)
            return response
          })
      },
    })
    hideHeaderFault(c, fault)
    parsed.then(
      async () =>
        resolve(
          settled
            ? await settled
            : fail(400, 'InvalidArgument', 'POST requires exactly one file upload per request.', {
                ArgumentName: 'file',
              }),
        ),
      async (error: Error) =>
        resolve(
          settled
            ? await settled
            : fail(
                400,
                'MalformedPOSTRequest',
                `The body of your POST request is not well-formed multipart/form-data: ${error.message}`,
              ),
        ),
    )
  })
}

/**
 * A form field sent twice (names compared ignoring case). AWS documents no wording for it; the mock answers 400
 * InvalidArgument naming the field, the shape of S3's other form-field errors ("Bucket POST must contain a field …").
 */
const duplicateField = (name: string, value: string) =>
  xmlErrorResponse(
    {
      status: 400,
      code: 'InvalidArgument',
      message: `Bucket POST must contain only one field named '${name}' (field names are case-insensitive). Send each field once.`,
      details: { ArgumentName: name, ArgumentValue: value },
    },
    's3',
  )

/** `success_action_status` decides the answer: 204 (default), 200, or 201 with an XML `PostResponse`. */
function postSuccess(fields: Map<string, string>, object: StoredObject, state: MockState): Response {
  const location = `${state.endpoints.s3}/${object.bucket}/${object.key.split('/').map(encodeURIComponent).join('/')}`
  const headers = { ETag: `"${object.md5}"`, Location: location }
  const wanted = fields.get('success_action_status')
  if (wanted === '201') {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>${escapeXml(location)}</Location><Bucket>${object.bucket}</Bucket><Key>${escapeXml(object.key)}</Key><ETag>"${object.md5}"</ETag></PostResponse>`
    return new Response(xml, { status: 201, headers: { ...headers, 'Content-Type': 'application/xml' } })
  }
  return new Response(null, { status: wanted === '200' ? 200 : 204, headers })
}
