import type { Hono } from 'hono'
import type { MockEnv } from '../http/env.ts'
import type { MockState } from '../state.ts'
import { objectResponse } from '../storage/s3.ts'
import { gradientPng, imageFormatOf } from './image-bytes.ts'
import type { Presigners } from './presigners.ts'
import {
  bearer,
  type ErrorShape,
  isRecord,
  jsonBody,
  type VendorContext,
  vendorError,
  vendorRoute,
} from './vendor-route.ts'

const LEONARDO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp']
/** Documented: "The presigned URL expires in 2 minutes". */
const POLICY_LIFETIME_SECONDS = 120
/** Not documented; the mock's cap so that content-length-range is exercised (Leonardo does cap init images). */
const LEONARDO_MAX_BYTES = 32 * 1024 * 1024
/** A mock generation takes this long (mock clock) before it ends, so clients have to poll as in reality (Leonardo takes seconds). */
const GENERATION_MS = 10_000
const USER_ID = '5f0d2c9e-0000-4000-8000-00000000d0e0'
const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' }

/** Leonardo's REST API is Hasura-based: errors are `{error, path, code}`. */
const leonardoError: ErrorShape = (status, message) => ({
  error: message,
  path: '$',
  code:
    status === 401 ? 'invalid-jwt' : status === 404 ? 'not-found' : status >= 500 ? 'unexpected' : 'validation-failed',
})
const fieldError = (status: number, error: string, path: string, code = 'validation-failed') =>
  Response.json({ error, path, code }, { status })

interface InitImage {
  id: string
  key: string
  extension: string
  createdAt: Date
  datasetId?: string
}
interface Generation {
  id: string
  createdAt: Date
  prompt: string
  width: number
  height: number
  initImageId?: string
  /** How many images it makes (`num_images`). */
  count: number
  /** Why it ends FAILED: the init image's bytes are not the format its extension declared, or a fault. */
  failure?: string
}

export function mountLeonardo(app: Hono<MockEnv>, state: MockState, presigners: Presigners): void {
  const { credentials, store, endpoints, clock } = state
  const bucket = credentials.s3.buckets.uploads
  const images = new Map<string, InitImage>()
  const datasets = new Map<string, { id: string; name: string }>()
  const generations = new Map<string, Generation>()
  state.onReset.push(() => {
    images.clear()
    datasets.clear()
    generations.clear()
  })
  const cdnUrl = (key: string) => `${endpoints.api}/leonardo/cdn/${key}`
  const authorised = (c: VendorContext) => bearer(c) === credentials.leonardo.apiKey
  const unauthorised = () => vendorError(leonardoError, 401, 'Invalid API key: send Authorization: Bearer <key>')

  /** One presigned POST for one image; `fields` is a JSON *string*, as the doc shows. */
  async function uploadTarget(
    c: VendorContext,
    malformed: boolean,
    keyOf: (id: string, ext: string) => string,
    datasetId?: string,
  ) {
    const body = await jsonBody(c)
    const extension = isRecord(body) && typeof body.extension === 'string' ? body.extension.toLowerCase() : undefined
    if (!extension || !LEONARDO_EXTENSIONS.includes(extension)) {
      return fieldError(
        400,
        `extension must be one of ${LEONARDO_EXTENSIONS.join(', ')} (got ${JSON.stringify(isRecord(body) ? body.extension : undefined)})`,
        '$.extension',
      )
    }
    const id = crypto.randomUUID()
    const key = keyOf(id, extension)
    const { url, fields } = await presigners.postPolicy({
      bucket,
      key,
      fields: { 'Content-Type': MIME[extension] ?? 'application/octet-stream' },
      conditions: [['content-length-range', 1, LEONARDO_MAX_BYTES]],
      expiresInSeconds: POLICY_LIFETIME_SECONDS,
    })
    images.set(id, { id, key, extension, createdAt: clock.now(), datasetId })
    // Malformed: `fields` cut short, so it is no longer parseable JSON.
    const fieldsString = malformed ? JSON.stringify(fields).slice(0, 40) : JSON.stringify(fields)
    return { id, fields: fieldsString, key, url }
  }

  app.post('/leonardo/api/rest/v1/init-image', (c) =>
    vendorRoute(c, state, 'leonardo', leonardoError, async (malformed) => {
      if (!authorised(c)) return unauthorised()
      const target = await uploadTarget(c, malformed, (id, ext) => `users/${USER_ID}/initImages/${id}.${ext}`)
      return target instanceof Response ? target : Response.json({ uploadInitImage: target })
    }),
  )

  app.post('/leonardo/api/rest/v1/datasets', (c) =>
    vendorRoute(
      c,
      state,
      'leonardo',
      leonardoError,
      async () => {
        if (!authorised(c)) return unauthorised()
        const body = await jsonBody(c)
        const name = isRecord(body) && typeof body.name === 'string' ? body.name.trim() : ''
        if (!name) return fieldError(400, 'name is required', '$.name')
        const id = crypto.randomUUID()
        datasets.set(id, { id, name })
        return Response.json({ insert_datasets_one: { id } })
      },
      { presign: false },
    ),
  )

  app.post('/leonardo/api/rest/v1/datasets/:datasetId/upload', (c) =>
    vendorRoute(c, state, 'leonardo', leonardoError, async (malformed) => {
      if (!authorised(c)) return unauthorised()
      const datasetId = c.req.param('datasetId')
      if (!datasets.has(datasetId)) return fieldError(404, `dataset ${datasetId} not found`, '$.datasetId', 'not-found')
      const target = await uploadTarget(
        c,
        malformed,
        (id, ext) => `users/${USER_ID}/datasets/${datasetId}/images/${id}.${ext}`,
        datasetId,
      )
      return target instanceof Response ? target : Response.json({ uploadDatasetImage: target })
    }),
  )

  app.get('/leonardo/api/rest/v1/init-image/:id', (c) => {
    if (!authorised(c)) return unauthorised()
    const image = images.get(c.req.param('id'))
    // Hasura answers a missing `_by_pk` row with null, not 404.
    if (!image || image.datasetId) return c.json({ init_images_by_pk: null })
    return c.json({
      init_images_by_pk: { id: image.id, url: cdnUrl(image.key), createdAt: image.createdAt.toISOString() },
    })
  })

  app.post('/leonardo/api/rest/v1/generations', async (c) => {
    if (!authorised(c)) return unauthorised()
    const body = await jsonBody(c)
    if (!isRecord(body)) return fieldError(400, 'body must be a JSON object', '$')
    // Leonardo's API reference (its SDK's CreateGenerationRequestBody) has `prompt: string`, required, init image or not.
    const prompt = typeof body.prompt === 'string' ? body.prompt.trim() : ''
    if (!prompt) return fieldError(400, 'prompt is required', '$.prompt')
    const width = body.width ?? 512
    const height = body.height ?? 512
    for (const [name, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 32 || value > 1536 || value % 8 !== 0) {
        return fieldError(400, `${name} must be a multiple of 8 between 32 and 1536`, `$.${name}`)
      }
    }
    // The reference: "Must be a float between 0.1 and 0.9" (init_strength), "between 1 and 8" (num_images).
    const strength = body.init_strength
    if (strength !== undefined && !(typeof strength === 'number' && strength >= 0.1 && strength <= 0.9)) {
      return fieldError(400, 'init_strength must be a number from 0.1 to 0.9', '$.init_strength')
    }
    const count = body.num_images ?? 1
    if (!(typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= 8)) {
      return fieldError(400, 'num_images must be a whole number from 1 to 8', '$.num_images')
    }
    const generation: Generation = {
      id: crypto.randomUUID(),
      createdAt: clock.now(),
      prompt: body.prompt as string,
      width: width as number,
      height: height as number,
      count,
    }
    if (body.init_image_id !== undefined) {
      const image = typeof body.init_image_id === 'string' ? images.get(body.init_image_id) : undefined
      // A dataset image has an id of the same form but is no init image (GET init-image/{id} answers null for it).
      if (!image || image.datasetId)
        return fieldError(
          400,
          `init_image_id ${JSON.stringify(body.init_image_id)} does not name an init image`,
          '$.init_image_id',
          'not-found',
        )
      const object = store.get(bucket, image.key)
      if (!object)
        return fieldError(
          400,
          `init image ${image.id} has no uploaded file yet: upload it to its presigned URL first`,
          '$.init_image_id',
        )
      const format = imageFormatOf(await store.head(object, 16))
      const declared = image.extension === 'jpg' ? 'jpeg' : image.extension
      if (format !== declared) {
        generation.failure = `init image ${image.id} was declared .${image.extension} but its bytes are ${format ?? 'not a PNG, JPEG or WebP image'}`
      }
      generation.initImageId = image.id
    }
    // A test's way to reach FAILED with a sound request: the fault is drawn by generations only.
    if (state.faults.draw('leonardo', ['generation-failed'])) {
      generation.failure ??= 'the mock was told to fail this generation (fault generation-failed)'
    }
    generations.set(generation.id, generation)
    return c.json({ sdGenerationJob: { generationId: generation.id, apiCreditCost: 0 } })
  })

  app.get('/leonardo/api/rest/v1/generations/:id', (c) => {
    if (!authorised(c)) return unauthorised()
    const g = generations.get(c.req.param('id'))
    if (!g) return c.json({ generations_by_pk: null })
    // Success and failure alike take the generation's time on the mock clock: PENDING first, as in reality.
    const done = clock.now().getTime() - g.createdAt.getTime() >= GENERATION_MS
    const status = !done ? 'PENDING' : g.failure ? 'FAILED' : 'COMPLETE'
    return c.json({
      generations_by_pk: {
        id: g.id,
        status,
        prompt: g.prompt,
        imageWidth: g.width,
        imageHeight: g.height,
        initImageId: g.initImageId ?? null,
        createdAt: g.createdAt.toISOString(),
        generated_images:
          status === 'COMPLETE'
            ? Array.from({ length: g.count }, (_, n) => ({
                id: `${g.id}-${n}`,
                url: `${endpoints.api}/leonardo/cdn/generations/${g.id}/${n}.png`,
                nsfw: false,
              }))
            : [],
        // Not a Leonardo field: the mock says why a generation failed, so a demo can show it.
        ...(status === 'FAILED' ? { failureReason: g.failure } : {}),
      },
    })
  })

  // Leonardo's CDN: uploaded images and the mock's "generated" ones (the init image itself, or a gradient).
  app.get('/leonardo/cdn/generations/:id/:file', (c) => {
    const g = generations.get(c.req.param('id'))
    const n = /^(\d+)\.png$/.exec(c.req.param('file'))?.[1]
    const done = g && clock.now().getTime() - g.createdAt.getTime() >= GENERATION_MS
    if (!g || !done || g.failure || n === undefined || Number(n) >= g.count) return c.text('Not Found', 404)
    const init = g.initImageId ? images.get(g.initImageId) : undefined
    const object = init && store.get(bucket, init.key)
    if (object) return objectResponse('GET', object, state)
    return new Response(gradientPng(Math.min(g.width, 256), Math.min(g.height, 256), g.prompt.length), {
      headers: { 'Content-Type': 'image/png' },
    })
  })
  app.get('/leonardo/cdn/*', (c) => {
    const key = decodeURIComponent(c.req.path.slice('/leonardo/cdn/'.length))
    const object = store.get(bucket, key)
    return object ? objectResponse('GET', object, state) : c.text('Not Found', 404)
  })
}
