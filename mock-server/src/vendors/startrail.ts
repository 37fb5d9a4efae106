import type { Hono } from 'hono'
import mime from 'mime'
import { extname } from 'pathe'
import type { MockEnv } from '../http/env.ts'
import type { MockState } from '../state.ts'
import { MAX_OBJECT_NAME_BYTES, utf8ByteLength } from '../storage/object-names.ts'
import { objectResponse } from '../storage/s3.ts'
import type { Presigners } from './presigners.ts'
import { type ErrorShape, isRecord, jsonBody, vendorError, vendorRoute } from './vendor-route.ts'

const STARTRAIL_CATEGORIES = ['certificate', 'for_authenticity', 'artwork', 'installation', 'non_attachment_file']
/** Documented: "This URL is only valid for 15 minutes". */
const URL_LIFETIME_SECONDS = 15 * 60

/** The doc's 400 shape: `{statusCode, message: [...]}` (class-validator messages); other errors carry one string. */
const startrailError: ErrorShape = (status, message) => ({
  statusCode: status,
  message: status === 400 ? message.split('\n') : message,
})

/** Why `payload[i]` is refused (class-validator wording), or nothing. */
function entryProblems(entry: unknown, i: number): string[] {
  if (!isRecord(entry)) return [`payload.${i} must be an object`]
  const problems: string[] = []
  const { filename, category } = entry
  if (typeof filename !== 'string' || filename === '') problems.push(`payload.${i}.filename must be a string`)
  else {
    if (/\s/.test(filename)) problems.push(`payload.${i}.filename should not contain space`)
    if (!/\.[A-Za-z0-9]+$/.test(filename)) problems.push(`payload.${i}.filename should contain the file extension`)
    // Not in the doc; a name becomes an object path, so anything that could climb out of it is refused.
    if (/[\\/\0]|^\.\.?$|[\u0000-\u001f\u007f]/.test(filename)) {
      problems.push(`payload.${i}.filename must be a plain file name (no '/', '\\' or control characters)`)
    }
  }
  if (!STARTRAIL_CATEGORIES.includes(category as string)) {
    problems.push(`payload.${i}.category must be one of the following values: ${STARTRAIL_CATEGORIES.join(',')}`)
  }
  return problems
}

export function mountStartrail(app: Hono<MockEnv>, state: MockState, presigners: Presigners): void {
  const { credentials, store, endpoints } = state
  const objectKey = (filename: string) => `srr-images/${credentials.startrail.issuerAddress}/${filename}`

  app.post('/startrail/port/api/v1/commerce/signedUrls', (c) =>
    vendorRoute(c, state, 'startrail', startrailError, async (malformed) => {
      if (
        c.req.header('commerce-api-key') !== credentials.startrail.apiKey ||
        c.req.header('issuer-address')?.toLowerCase() !== credentials.startrail.issuerAddress.toLowerCase()
      ) {
        return vendorError(startrailError, 401, 'Unauthorized')
      }
      const body = await jsonBody(c)
      const problems: string[] = []
      if (!isRecord(body)) problems.push('body must be a JSON object {action, payload}')
      const { action, payload } = isRecord(body) ? body : {}
      if (action !== 'write' && action !== 'read')
        problems.push('action must be one of the following values: write,read')
      if (!Array.isArray(payload)) problems.push('payload must be an array')
      else if (payload.length === 0) problems.push('payload should not be empty')
      else problems.push(...payload.flatMap(entryProblems))
      if (problems.length) return vendorError(startrailError, 400, problems.join('\n'))

      const entries = payload as Array<{ filename: string; category: string }>
      // Not in the doc: Startrail would not sign a name its bucket refuses (GCS object names are 1–1024 bytes).
      const folder = objectKey('')
      entries.forEach(({ filename }, i) => {
        const size = utf8ByteLength(folder + filename)
        if (size > MAX_OBJECT_NAME_BYTES) {
          problems.push(
            `payload.${i}.filename is too long: Cloud Storage object names are at most ${MAX_OBJECT_NAME_BYTES} bytes of UTF-8, and ${folder}<filename> would be ${size}; use a name of at most ${MAX_OBJECT_NAME_BYTES - utf8ByteLength(folder)} bytes`,
          )
        }
      })
      if (problems.length) return vendorError(startrailError, 400, problems.join('\n'))
      if (action === 'write') {
        // Documented: "Filename is unique per issuer-address otherwise it will fail". A name is taken once a file
        // was stored under it; a name only signed (upload never made) may be signed again, so retries work.
        const seen = new Map<string, number>()
        entries.forEach(({ filename }, i) => {
          if (seen.has(filename))
            problems.push(
              `payload.${i}.filename ${filename} repeats payload.${seen.get(filename)}.filename; file names must be unique`,
            )
          seen.set(filename, i)
          if (store.get(credentials.gcs.bucket, objectKey(filename))) {
            problems.push(
              `payload.${i}.filename ${filename} already exists for this issuer-address; use a unique name (e.g. add Date.now())`,
            )
          }
        })
        if (problems.length) return vendorError(startrailError, 400, problems.join('\n'))
      }
      const results = await Promise.all(
        entries.map(async ({ filename, category }) => {
          const contentType = mime.getType(extname(filename)) ?? 'application/octet-stream'
          const key = objectKey(filename)
          const url = await presigners.gcsUrl(
            action === 'write' ? 'write' : 'read',
            key,
            contentType,
            URL_LIFETIME_SECONDS,
          )
          // Per the doc's "Usage of Final URL" table: artwork is served from Startrail's static-files host,
          // the other categories from the GCS bucket itself.
          const finalUrl =
            category === 'artwork'
              ? `${endpoints.api}/startrail/static-files/${key}`
              : `${endpoints.gcs}/${credentials.gcs.bucket}/${key}`
          // Malformed: the contentType the upload must send is missing, so a client cannot sign-match.
          return malformed ? { filename, url, finalUrl } : { filename, contentType, url, finalUrl }
        }),
      )
      return Response.json({ results }, { status: 201 })
    }),
  )

  // The static-files host of artwork finalUrls: public reads of what was uploaded.
  app.get('/startrail/static-files/*', (c) => {
    const key = decodeURIComponent(c.req.path.slice('/startrail/static-files/'.length))
    const object = store.get(credentials.gcs.bucket, key)
    return object ? objectResponse('GET', object, state) : c.text('Not Found', 404)
  })
}
