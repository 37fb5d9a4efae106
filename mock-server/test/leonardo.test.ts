import { describe, expect, it } from 'vitest'
import {
  advanceClock,
  type Bytes,
  imageBytes,
  objects,
  postForm,
  postJson,
  send,
  setFault,
  stats,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

const mock = useMockServer()

const REST = () => `${mock.url}/leonardo/api/rest/v1`
const bearer = () => ({ authorization: `Bearer ${mock.config.leonardo.apiKey}` })
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const USER_KEY = /^users\/[0-9a-f-]{36}\//

type Target = { id: string; fields: string; key: string; url: string }

const get = async (path: string, headers: Record<string, string> = bearer()) => {
  const res = await send(`${REST()}${path}`, { headers })
  // biome-ignore lint/suspicious/noExplicitAny: Leonardo JSON of many shapes
  return { status: res.status, json: JSON.parse(res.text) as any }
}

async function initImage(extension: string): Promise<Target> {
  const res = await postJson(`${REST()}/init-image`, { extension }, bearer())
  expect(res.status).toBe(200)
  return res.json.uploadInitImage
}

async function dataset(name = 'my set'): Promise<string> {
  const res = await postJson(`${REST()}/datasets`, { name }, bearer())
  expect(res.status).toBe(200)
  return res.json.insert_datasets_one.id
}

/** The doc's upload: `JSON.parse(fields)`, every field into the form, the file last. */
const upload = (target: Target, bytes: Bytes) =>
  postForm(target.url, JSON.parse(target.fields) as Record<string, string>, bytes, 'image')

const generate = (body: unknown) => postJson(`${REST()}/generations`, body, bearer())

describe('Leonardo: auth (Bearer key)', () => {
  const UNAUTHORISED = { error: 'Invalid API key: send Authorization: Bearer <key>', path: '$', code: 'invalid-jwt' }
  const calls: Array<[string, (h: Record<string, string>) => Promise<{ status: number; json: unknown }>]> = [
    ['POST init-image', (h) => postJson(`${REST()}/init-image`, { extension: 'png' }, h)],
    ['POST datasets', (h) => postJson(`${REST()}/datasets`, { name: 'x' }, h)],
    ['POST datasets/{id}/upload', (h) => postJson(`${REST()}/datasets/any/upload`, { extension: 'png' }, h)],
    ['GET init-image/{id}', (h) => get('/init-image/any', h)],
    ['POST generations', (h) => postJson(`${REST()}/generations`, { prompt: 'x' }, h)],
    ['GET generations/{id}', (h) => get('/generations/any', h)],
  ]
  it.each(calls)('%s without a key, with a wrong one, or not as Bearer → 401 {error, path, code}', async (_, call) => {
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer leonardo-wrong' },
      { authorization: mock.config.leonardo.apiKey },
      { 'x-api-key': mock.config.leonardo.apiKey },
    ]
    for (const headers of attempts) {
      const res = await call(headers)
      expect(res.status).toBe(401)
      expect(res.json).toEqual(UNAUTHORISED)
    }
  })
})

describe('Leonardo: init-image', () => {
  it.each([
    ['gif', '"gif"'],
    ['svg', '"svg"'],
    ['.png', '".png"'],
    ['', '""'],
    [42, '42'],
    [undefined, 'undefined'],
  ])('extension %s → 400 validation-failed at $.extension', async (extension, shown) => {
    const res = await postJson(`${REST()}/init-image`, { extension }, bearer())
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: `extension must be one of png, jpg, jpeg, webp (got ${shown})`,
      path: '$.extension',
      code: 'validation-failed',
    })
  })

  it('a body that is not JSON → 400 at $.extension', async () => {
    const res = await postJson(`${REST()}/init-image`, '{"extension"', bearer())
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: 'extension must be one of png, jpg, jpeg, webp (got undefined)',
      path: '$.extension',
      code: 'validation-failed',
    })
  })

  it.each([
    ['png', 'image/png'],
    ['jpg', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['PNG', 'image/png'],
  ])('extension %s → {id, fields (a JSON string), key, url}: a 120 s POST policy for %s', async (extension, mime) => {
    const t = await initImage(extension)
    expect(Object.keys(t).sort()).toEqual(['fields', 'id', 'key', 'url'])
    expect(t.id).toMatch(UUID)
    expect(typeof t.fields).toBe('string')
    expect(t.key).toMatch(USER_KEY)
    expect(t.key.endsWith(`/initImages/${t.id}.${extension.toLowerCase()}`)).toBe(true)
    expect(t.url).toBe(`${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}`)

    const fields = JSON.parse(t.fields) as Record<string, string>
    expect(fields.key).toBe(t.key)
    expect(fields['Content-Type']).toBe(mime)
    expect(fields['X-Amz-Algorithm']).toBe('AWS4-HMAC-SHA256')
    expect(fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/)
    const policy = JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString()) as {
      expiration: string
      conditions: unknown[]
    }
    const date =
      /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/
        .exec(fields['X-Amz-Date'] ?? '')
        ?.slice(1)
        .map(Number) ?? []
    const [y = 0, mo = 1, d, h, mi, s] = date
    expect(Date.parse(policy.expiration) - Date.UTC(y, mo - 1, d, h, mi, s)).toBe(120_000)
    expect(policy.conditions).toContainEqual({ 'Content-Type': mime })
    expect(policy.conditions).toContainEqual({ key: t.key })
  })

  it('upload: the fields then the file → 204, stored under key, readable through GET init-image/{id}', async () => {
    const t = await initImage('png')
    const bytes = imageBytes.png()
    const res = await upload(t, bytes)
    expect(res.status).toBe(204)
    expect(await objects(mock.url)).toMatchObject([
      { bucket: mock.config.s3.buckets.uploads, key: t.key, size: bytes.byteLength, contentType: 'image/png' },
    ])

    const read = await get(`/init-image/${t.id}`)
    expect(read.status).toBe(200)
    expect(Object.keys(read.json)).toEqual(['init_images_by_pk'])
    expect(read.json.init_images_by_pk).toMatchObject({ id: t.id })
    expect(Date.parse(read.json.init_images_by_pk.createdAt)).not.toBeNaN()
    const image = await send(read.json.init_images_by_pk.url)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(image.bytes).equals(Buffer.from(bytes))).toBe(true)
  })

  it('GET init-image/{id} of an unknown id → {init_images_by_pk: null}', async () => {
    const res = await get('/init-image/00000000-0000-4000-8000-000000000000')
    expect(res).toEqual({ status: 200, json: { init_images_by_pk: null } })
  })

  it('the policy expires after 120 s of the mock clock: upload in time → 204, late → 403 Policy expired', async () => {
    const early = await initImage('png')
    const late = await initImage('png')
    await advanceClock(mock.url, 110_000)
    expect((await upload(early, imageBytes.png())).status).toBe(204)
    await advanceClock(mock.url, 11_000)
    const res = await upload(late, imageBytes.png())
    expect(res.status).toBe(403)
    expect(xmlField(res.text, 'Code')).toBe('AccessDenied')
    expect(xmlField(res.text, 'Message')).toBe('Invalid according to Policy: Policy expired.')
    expect((await objects(mock.url)).map((o) => o.key)).toEqual([early.key])
  })

  it('the policy pins Content-Type and key: a changed field → 403, nothing stored', async () => {
    const t = await initImage('png')
    const fields = JSON.parse(t.fields) as Record<string, string>
    const wrongType = await postForm(t.url, { ...fields, 'Content-Type': 'image/jpeg' }, imageBytes.png())
    expect(wrongType.status).toBe(403)
    expect(xmlText(wrongType.text, 'Message')).toBe(
      'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"]',
    )
    const otherKey = await postForm(t.url, { ...fields, key: 'users/someone-else/x.png' }, imageBytes.png())
    expect(otherKey.status).toBe(403)
    expect(xmlText(otherKey.text, 'Message')).toBe(
      `Invalid according to Policy: Policy Condition failed: ["eq", "$key", "${t.key}"]`,
    )
    expect(await objects(mock.url)).toEqual([])
  })

  it('the file as base64 text is stored as sent, and a generation from it fails', async () => {
    const t = await initImage('png')
    const base64 = new TextEncoder().encode(Buffer.from(imageBytes.png()).toString('base64'))
    expect((await upload(t, base64)).status).toBe(204)
    const job = await generate({ init_image_id: t.id, prompt: 'x' })
    expect(job.status).toBe(200)
    await advanceClock(mock.url, 10_000)
    const g = await get(`/generations/${job.json.sdGenerationJob.generationId}`)
    expect(g.json.generations_by_pk.status).toBe('FAILED')
  })
})

describe('Leonardo: datasets', () => {
  it('POST datasets {name} → {insert_datasets_one: {id}}; a missing name → 400 at $.name', async () => {
    const id = await dataset()
    expect(id).toMatch(UUID)
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 7 }]) {
      const res = await postJson(`${REST()}/datasets`, body, bearer())
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ error: 'name is required', path: '$.name', code: 'validation-failed' })
    }
  })

  it('datasets/{id}/upload → {uploadDatasetImage: {id, fields, key, url}} that takes the file', async () => {
    const datasetId = await dataset()
    const res = await postJson(`${REST()}/datasets/${datasetId}/upload`, { extension: 'jpg' }, bearer())
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(['uploadDatasetImage'])
    const t = res.json.uploadDatasetImage as Target
    expect(t.id).toMatch(UUID)
    expect(typeof t.fields).toBe('string')
    expect(t.key).toMatch(USER_KEY)
    expect(t.key.endsWith(`/datasets/${datasetId}/images/${t.id}.jpg`)).toBe(true)
    expect(JSON.parse(t.fields)['Content-Type']).toBe('image/jpeg')
    expect((await upload(t, imageBytes.jpeg())).status).toBe(204)
    expect((await objects(mock.url)).map((o) => [o.key, o.contentType])).toEqual([[t.key, 'image/jpeg']])
    // A dataset image is not an init image.
    expect((await get(`/init-image/${t.id}`)).json).toEqual({ init_images_by_pk: null })
  })

  it('an unknown dataset → 404 not-found; a bad extension → 400', async () => {
    const missing = await postJson(`${REST()}/datasets/nope/upload`, { extension: 'png' }, bearer())
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual({ error: 'dataset nope not found', path: '$.datasetId', code: 'not-found' })
    const datasetId = await dataset()
    const bad = await postJson(`${REST()}/datasets/${datasetId}/upload`, { extension: 'bmp' }, bearer())
    expect(bad.status).toBe(400)
    expect(bad.json).toEqual({
      error: 'extension must be one of png, jpg, jpeg, webp (got "bmp")',
      path: '$.extension',
      code: 'validation-failed',
    })
  })
})

describe('Leonardo: generations from an init image', () => {
  it('init_image_id that names no init image → 400 not-found', async () => {
    for (const [id, shown] of [
      ['00000000-0000-4000-8000-000000000000', '"00000000-0000-4000-8000-000000000000"'],
      [42, '42'],
      [null, 'null'],
    ] as const) {
      const res = await generate({ init_image_id: id, prompt: 'x' })
      expect(res.status).toBe(400)
      expect(res.json).toEqual({
        error: `init_image_id ${shown} does not name an init image`,
        path: '$.init_image_id',
        code: 'not-found',
      })
    }
  })

  it('an init image not uploaded yet → 400', async () => {
    const t = await initImage('png')
    const res = await generate({ init_image_id: t.id, prompt: 'x' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: `init image ${t.id} has no uploaded file yet: upload it to its presigned URL first`,
      path: '$.init_image_id',
      code: 'validation-failed',
    })
  })

  it.each([
    ['png', 'jpeg', imageBytes.jpeg, 'jpeg'],
    ['jpg', 'webp', imageBytes.webp, 'webp'],
    ['webp', 'png', imageBytes.png, 'png'],
    ['png', 'text', () => new TextEncoder().encode('not an image at all'), 'not a PNG, JPEG or WebP image'],
  ])('declared .%s but bytes of %s → the generation is FAILED, with no image', async (ext, _, bytes, found) => {
    const t = await initImage(ext)
    expect((await upload(t, bytes())).status).toBe(204)
    const job = await generate({ init_image_id: t.id, prompt: 'x' })
    expect(job.status).toBe(200)
    const generationId = job.json.sdGenerationJob.generationId as string
    await advanceClock(mock.url, 60_000)
    const g = await get(`/generations/${generationId}`)
    expect(g.json.generations_by_pk).toMatchObject({
      id: generationId,
      status: 'FAILED',
      generated_images: [],
      initImageId: t.id,
      failureReason: `init image ${t.id} was declared .${ext} but its bytes are ${found}`,
    })
    expect((await send(`${mock.url}/leonardo/cdn/generations/${generationId}/0.png`)).status).toBe(404)
  })

  it.each([
    ['png', imageBytes.png],
    ['jpg', imageBytes.jpeg],
    ['jpeg', imageBytes.jpeg],
    ['webp', imageBytes.webp],
  ])(
    'declared .%s with matching bytes → PENDING, then COMPLETE with an image URL that serves bytes',
    async (ext, bytes) => {
      const t = await initImage(ext)
      const content = bytes()
      expect((await upload(t, content)).status).toBe(204)
      const job = await generate({ init_image_id: t.id, prompt: 'a cat', width: 512, height: 768 })
      expect(job.status).toBe(200)
      expect(Object.keys(job.json)).toEqual(['sdGenerationJob'])
      const generationId = job.json.sdGenerationJob.generationId as string
      expect(generationId).toMatch(UUID)

      const pending = await get(`/generations/${generationId}`)
      expect(pending.json.generations_by_pk).toMatchObject({ status: 'PENDING', generated_images: [] })
      await advanceClock(mock.url, 10_000)
      const done = await get(`/generations/${generationId}`)
      const g = done.json.generations_by_pk
      expect(g).toMatchObject({
        id: generationId,
        status: 'COMPLETE',
        initImageId: t.id,
        imageWidth: 512,
        imageHeight: 768,
      })
      expect(g.failureReason).toBeUndefined()
      expect(g.generated_images).toHaveLength(1)
      const image = await send(g.generated_images[0].url)
      expect(image.status).toBe(200)
      expect(Buffer.from(image.bytes).equals(Buffer.from(content))).toBe(true)
    },
  )

  it('a dataset image id is no init image: refused as init_image_id, as GET init-image/{id} says (null)', async () => {
    const datasetId = await dataset()
    const res = await postJson(`${REST()}/datasets/${datasetId}/upload`, { extension: 'png' }, bearer())
    const t = res.json.uploadDatasetImage as Target
    expect((await upload(t, imageBytes.png())).status).toBe(204)
    expect((await get(`/init-image/${t.id}`)).json).toEqual({ init_images_by_pk: null })
    const job = await generate({ init_image_id: t.id, prompt: 'x' })
    expect(job.status).toBe(400)
    expect(job.json).toEqual({
      error: `init_image_id "${t.id}" does not name an init image`,
      path: '$.init_image_id',
      code: 'not-found',
    })
  })

  it('prompt is required with an init image too → 400 at $.prompt, nothing started', async () => {
    const t = await initImage('png')
    expect((await upload(t, imageBytes.png())).status).toBe(204)
    for (const prompt of [undefined, '', '   ', 42]) {
      const res = await generate({ init_image_id: t.id, prompt, width: 512, height: 512 })
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ error: 'prompt is required', path: '$.prompt', code: 'validation-failed' })
    }
  })

  it.each([0, 0.05, 0.95, 1, '0.5'])('init_strength %s → 400 (a number from 0.1 to 0.9)', async (initStrength) => {
    const t = await initImage('png')
    expect((await upload(t, imageBytes.png())).status).toBe(204)
    const res = await generate({ init_image_id: t.id, prompt: 'x', init_strength: initStrength })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: 'init_strength must be a number from 0.1 to 0.9',
      path: '$.init_strength',
      code: 'validation-failed',
    })
  })

  it('num_images 3 → three generated images, each served by the CDN; 9 → 400', async () => {
    const t = await initImage('png')
    const content = imageBytes.png()
    expect((await upload(t, content)).status).toBe(204)
    const job = await generate({ init_image_id: t.id, prompt: 'x', init_strength: 0.5, num_images: 3 })
    expect(job.status).toBe(200)
    await advanceClock(mock.url, 10_000)
    const g = (await get(`/generations/${job.json.sdGenerationJob.generationId}`)).json.generations_by_pk
    expect(g.status).toBe('COMPLETE')
    expect(g.generated_images).toHaveLength(3)
    expect(new Set(g.generated_images.map((i: { id: string }) => i.id)).size).toBe(3)
    for (const image of g.generated_images) {
      const served = await send(image.url)
      expect(served.status).toBe(200)
      expect(Buffer.from(served.bytes).equals(Buffer.from(content))).toBe(true)
    }
    const tooMany = await generate({ init_image_id: t.id, prompt: 'x', num_images: 9 })
    expect(tooMany.status).toBe(400)
    expect(tooMany.json).toEqual({
      error: 'num_images must be a whole number from 1 to 8',
      path: '$.num_images',
      code: 'validation-failed',
    })
  })

  it('fault generation-failed: the next generation is PENDING, then FAILED with no image; presigns pass it by', async () => {
    const t = await initImage('png')
    expect((await upload(t, imageBytes.png())).status).toBe(204)
    await setFault(mock.url, { target: 'leonardo', kind: 'generation-failed', count: 1 })
    // A presign call between does not spend the fault: it is about generations only.
    await initImage('png')
    const failing = await generate({ init_image_id: t.id, prompt: 'x' })
    expect(failing.status).toBe(200)
    const failingId = failing.json.sdGenerationJob.generationId as string
    expect((await get(`/generations/${failingId}`)).json.generations_by_pk.status).toBe('PENDING')
    const next = await generate({ init_image_id: t.id, prompt: 'x' })
    await advanceClock(mock.url, 10_000)
    const failed = (await get(`/generations/${failingId}`)).json.generations_by_pk
    expect(failed).toMatchObject({ status: 'FAILED', generated_images: [] })
    expect(failed.failureReason).toBe('the mock was told to fail this generation (fault generation-failed)')
    expect((await send(`${mock.url}/leonardo/cdn/generations/${failingId}/0.png`)).status).toBe(404)
    const completed = (await get(`/generations/${next.json.sdGenerationJob.generationId}`)).json.generations_by_pk
    expect(completed.status).toBe('COMPLETE')
  })

  it('fault generation-failed applies to leonardo only', async () => {
    const res = await postJson(`${mock.url}/__faults`, { target: 'nft2', kind: 'generation-failed' })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'kind generation-failed does not apply to target nft2' })
  })
})

describe('Leonardo: generations from a prompt', () => {
  it('no prompt → 400 at $.prompt; a body that is no object → 400 at $', async () => {
    const res = await generate({ width: 512 })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({ error: 'prompt is required', path: '$.prompt', code: 'validation-failed' })
    const notObject = await generate([1])
    expect(notObject.status).toBe(400)
    expect(notObject.json).toEqual({ error: 'body must be a JSON object', path: '$', code: 'validation-failed' })
  })

  it.each([
    ['width', 500],
    ['width', 24],
    ['height', 1544],
    ['height', '512'],
  ])('%s %s → 400 (multiple of 8 between 32 and 1536)', async (name, value) => {
    const res = await generate({ prompt: 'x', [name]: value })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: `${name} must be a multiple of 8 between 32 and 1536`,
      path: `$.${name}`,
      code: 'validation-failed',
    })
  })

  it('a prompt-only generation completes with a PNG', async () => {
    const job = await generate({ prompt: 'sunset', width: 64, height: 32 })
    const id = job.json.sdGenerationJob.generationId as string
    await advanceClock(mock.url, 10_000)
    const g = (await get(`/generations/${id}`)).json.generations_by_pk
    expect(g.status).toBe('COMPLETE')
    const image = await send(g.generated_images[0].url)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(Array.from(image.bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  })

  it('GET generations/{id} of an unknown id → {generations_by_pk: null}', async () => {
    expect(await get('/generations/nope')).toEqual({ status: 200, json: { generations_by_pk: null } })
  })
})

describe('Leonardo: presign counters and faults', () => {
  it('/__stats counts the presign calls (init-image, dataset upload), not datasets nor generations', async () => {
    await initImage('png')
    await postJson(`${REST()}/init-image`, { extension: 'gif' }, bearer())
    const datasetId = await dataset()
    await postJson(`${REST()}/datasets/${datasetId}/upload`, { extension: 'png' }, bearer())
    await generate({ prompt: 'x' })
    expect((await stats(mock.url)).presign).toEqual({ nft2: 0, startrail: 0, leonardo: 3, typebot: 0 })
  })

  it('malformed: fields that are not parseable JSON, once', async () => {
    await setFault(mock.url, { target: 'leonardo', kind: 'malformed', count: 1 })
    const res = await postJson(`${REST()}/init-image`, { extension: 'png' }, bearer())
    expect(res.status).toBe(200)
    const t = res.json.uploadInitImage as Target
    expect(typeof t.fields).toBe('string')
    expect(() => JSON.parse(t.fields)).toThrow(SyntaxError)
    const whole = await initImage('png')
    expect(JSON.parse(whole.fields).key).toBe(whole.key)
  })

  it('status 503 in Leonardo’s error shape', async () => {
    await setFault(mock.url, { target: 'leonardo', kind: 'status', status: 503, count: 1 })
    const res = await postJson(`${REST()}/init-image`, { extension: 'png' }, bearer())
    expect(res.status).toBe(503)
    expect(res.json).toEqual({ error: 'Service Unavailable', path: '$', code: 'unexpected' })
  })
})
