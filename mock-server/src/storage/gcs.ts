import { Hono } from 'hono'
import { toString as bytesTo } from 'uint8arrays'
import { cors } from '../http/cors.ts'
import { xmlErrorResponse } from '../http/xml-error.ts'
import { gcsTime, verifyGoog4Query } from '../signing/goog4.ts'
import { hexToBytes } from '../signing/hashes.ts'
import type { MockState } from '../state.ts'
import { gcsNameLengthProblem, refuseUndecodablePaths } from './object-names.ts'
import { StorageRejection } from './object-store.ts'
import { objectResponse } from './s3.ts'
import { discardRest, requestBody, type StorageEnv, storageRoute } from './storage-route.ts'

/** Startrail's documented limit: "filesize < 2^31". */
const STARTRAIL_MAX_BYTES = 2 ** 31 - 1

/** Objects under this prefix are what Startrail's `finalUrl`s point at, readable without a signature. */
const PUBLIC_PREFIX = 'srr-images/'

/** GCS XML API, path style (`/{bucket}/{object}`), with V4 (GOOG4-RSA-SHA256) signed URLs. */
export function gcsApp(state: MockState): Hono<StorageEnv> {
  const { credentials, store, clock } = state
  const bucketName = credentials.gcs.bucket
  /** What GCS says for a lapsed signed URL (the `expire` fault answers this whatever the URL says). */
  const expired = () =>
    xmlErrorResponse(
      {
        status: 400,
        code: 'ExpiredToken',
        message: 'Invalid argument.',
        details: { Details: `The provided token has expired. Request signature expired at: ${gcsTime(clock.now())}` },
      },
      'gcs',
    )
  /**
   * Startrail: "Filename is unique per issuer-address otherwise it will fail" — so that files already used in an
   * SRR are never modified. Signing checks names already stored; this also refuses a second PUT to a name stored
   * meanwhile (two URLs signed before either upload, or one URL used twice), checked again just before commit.
   */
  const taken = (key: string) =>
    key.startsWith(PUBLIC_PREFIX) && store.get(bucketName, key)
      ? new StorageRejection(
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold.',
          {
            Details: `Startrail file names are unique per issuer-address: ${key} already holds a file. Request a signed URL for a new name.`,
          },
        )
      : undefined
  const parse = (url: URL) => {
    const [, bucket = '', ...rest] = url.pathname.split('/')
    return { bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join('/') }
  }
  const verify = (method: string, url: URL, headers: Headers) =>
    verifyGoog4Query({
      method,
      url,
      headers,
      now: clock.now(),
      publicKeyFor: (email: string) =>
        email === credentials.gcs.serviceAccount.client_email ? credentials.gcs.keys.publicKey : undefined,
    })
  const noSuchBucket = () =>
    xmlErrorResponse({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist.' }, 'gcs')
  const anonymous = () =>
    xmlErrorResponse(
      {
        status: 401,
        code: 'AccessDenied',
        message: 'Access denied.',
        details: {
          Details: 'Anonymous caller does not have storage.objects.create access to the Google Cloud Storage object.',
        },
      },
      'gcs',
    )

  const app = new Hono<StorageEnv>()
  // Retry-After: the `status` fault sends it with a 429/503, and the client's backoff must be able to read it.
  app.use(
    cors(
      ['ETag', 'x-goog-hash', 'x-goog-generation', 'x-goog-stored-content-length', 'Date', 'Retry-After'],
      state.allowedOrigin,
    ),
  )
  app.use(refuseUndecodablePaths(state, 'gcs'))

  app.put('/:bucket/*', (c) =>
    storageRoute(c, state, 'gcs', 'gcs-put', 'gcs', expired, async (fault) => {
      const url = new URL(c.req.url)
      const { bucket, key } = parse(url)
      const reject = async (response: Response) => {
        await discardRest(c, state)
        return response
      }
      if (bucket !== bucketName) return reject(noSuchBucket())
      if (!url.searchParams.has('X-Goog-Signature')) return reject(anonymous())
      const verified = await verify('PUT', url, c.req.raw.headers)
      if (!verified.ok) return reject(xmlErrorResponse(verified.error, 'gcs'))
      const nameTooLong = gcsNameLengthProblem(key)
      if (nameTooLong) return reject(xmlErrorResponse(nameTooLong, 'gcs'))
      const length = Number(c.req.header('content-length') ?? Number.NaN)
      const tooLarge = (size: string) =>
        xmlErrorResponse(
          {
            status: 400,
            code: 'EntityTooLarge',
            message: `Startrail accepts files smaller than 2^31 bytes (filesize < 2^31); this upload is ${size} bytes.`,
            details: { MaxSizeAllowed: String(STARTRAIL_MAX_BYTES) },
          },
          'gcs',
          { Connection: 'close' },
        )
      // Refused before a byte is read: nothing of an oversized file is ever stored.
      if (length > STARTRAIL_MAX_BYTES) return tooLarge(String(length))
      const takenBefore = taken(key)
      if (takenBefore) return reject(xmlErrorResponse(takenBefore, 'gcs'))
      try {
        const object = await store.write(requestBody(c, state, fault), {
          bucket,
          key,
          contentType: c.req.header('content-type') ?? 'application/octet-stream',
          maxBytes: STARTRAIL_MAX_BYTES,
          now: clock.now(),
          beforeCommit: async () => {
            const takenNow = taken(key)
            if (takenNow) throw takenNow
            return undefined
          },
        })
        if (fault?.kind === 'hide-header') c.set('hiddenHeaders', [fault.header ?? 'ETag'])
        return new Response(null, {
          status: 200,
          headers: {
            ETag: `"${object.md5}"`,
            'x-goog-hash': `md5=${bytesTo(hexToBytes(object.md5), 'base64pad')}`,
            'x-goog-generation': String(object.lastModified.getTime() * 1000),
            'x-goog-stored-content-length': String(object.size),
          },
        })
      } catch (error) {
        if (error instanceof StorageRejection && error.code === 'EntityTooLarge')
          return tooLarge(`more than ${STARTRAIL_MAX_BYTES}`)
        if (error instanceof StorageRejection) {
          return reject(
            xmlErrorResponse(
              { status: error.status, code: error.code, message: error.message, details: error.details },
              'gcs',
            ),
          )
        }
        return xmlErrorResponse(
          {
            status: 400,
            code: 'IncompleteBody',
            message: 'The request body ended before Content-Length bytes arrived.',
          },
          'gcs',
        )
      }
    }),
  )

  // Reads: Startrail's signed GETs (`action: "read"`) and the public finalUrls; the `gcs-get` faults hit them.
  app.on(['GET', 'HEAD'], '/:bucket/*', (c) =>
    storageRoute(c, state, 'gcs-get', `gcs-${c.req.method.toLowerCase()}`, 'gcs', expired, async () => {
      const url = new URL(c.req.url)
      const { bucket, key } = parse(url)
      let response: Response
      const signed = url.searchParams.has('X-Goog-Signature')
      const verified = signed ? await verify(c.req.method, url, c.req.raw.headers) : undefined
      const object = store.get(bucket, key)
      if (bucket !== bucketName) response = noSuchBucket()
      else if (verified && !verified.ok) response = xmlErrorResponse(verified.error, 'gcs')
      else if (!signed && !key.startsWith(PUBLIC_PREFIX)) {
        response = xmlErrorResponse({ status: 403, code: 'AccessDenied', message: 'Access denied.' }, 'gcs')
      } else if (!object)
        response = xmlErrorResponse(
          { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' },
          'gcs',
        )
      else response = objectResponse(c.req.method, object, state)
      return response
    }),
  )

  return app
}
