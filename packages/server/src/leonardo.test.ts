import { describe, expect, it } from 'vitest'
import { browserRequest, call, DEV_ORIGIN, presignCalls, recordingFetch, useMock } from '../test/test-support.ts'
import { type LeonardoProxyOptions, leonardoProxy } from './leonardo.ts'

const mock = useMock()
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])

const proxy = (allow?: LeonardoProxyOptions['allow'], fetch?: LeonardoProxyOptions['fetch']) =>
  leonardoProxy({
    apiKey: mock.config.leonardo.apiKey,
    baseUrl: `${mock.url}/leonardo/api/rest/v1`,
    allowedOrigins: [DEV_ORIGIN],
    allow,
    fetch,
  })

const everything: LeonardoProxyOptions['allow'] = { createDatasets: true, generations: true }
const get = (path: string, allow?: LeonardoProxyOptions['allow']) =>
  call(proxy(allow), browserRequest(`/app/leonardo${path}`))
const post = (path: string, body: unknown, allow?: LeonardoProxyOptions['allow']) =>
  call(proxy(allow), browserRequest(`/app/leonardo${path}`, { body }))

/** The doc's upload: every field of the JSON string `fields`, then the file. */
async function upload(target: { url: string; fields: string }, bytes: Uint8Array) {
  const form = new FormData()
  for (const [name, value] of Object.entries(JSON.parse(target.fields) as Record<string, string>))
    form.append(name, value)
  form.append('file', new Blob([new Uint8Array(bytes)]), 'image.png')
  return fetch(target.url, { method: 'POST', body: form })
}

describe('leonardoProxy: forwarding every route', () => {
  it('POST init-image → uploadInitImage; GET init-image/{id} reads it back', async () => {
    const res = await post('/init-image', { extension: 'PNG' })
    expect(res.status).toBe(200)
    const target = res.json.uploadInitImage
    expect(target).toEqual({
      id: expect.any(String),
      fields: expect.any(String),
      key: expect.stringMatching(/\.png$/),
      url: expect.any(String),
    })
    expect(res.headers.get('date')).toBeTruthy()
    expect((await upload(target, PNG)).status).toBe(204)
    const read = await get(`/init-image/${target.id}`)
    expect(read.status).toBe(200)
    expect(read.json.init_images_by_pk).toMatchObject({ id: target.id, url: expect.stringContaining(target.key) })
    expect((await presignCalls(mock.url)).leonardo).toBe(1)
  })

  it('POST datasets (allow.createDatasets) then POST datasets/{id}/upload', async () => {
    const created = await post('/datasets', { name: 'faces', unknown: 'dropped' }, everything)
    expect(created.status).toBe(200)
    const datasetId = created.json.insert_datasets_one.id as string
    const res = await post(`/datasets/${datasetId}/upload`, { extension: 'jpg' })
    expect(res.status).toBe(200)
    expect(res.json.uploadDatasetImage.key).toContain(`/datasets/${datasetId}/images/`)
  })

  it('POST generations and GET generations/{id} (allow.generations)', async () => {
    const target = (await post('/init-image', { extension: 'png' })).json.uploadInitImage
    expect((await upload(target, PNG)).status).toBe(204)
    const started = await post(
      '/generations',
      { prompt: 'a cat', init_image_id: target.id, width: 512, height: 512 },
      everything,
    )
    expect(started.status).toBe(200)
    const generationId = started.json.sdGenerationJob.generationId as string
    const read = await get(`/generations/${generationId}`, everything)
    expect(read.status).toBe(200)
    expect(read.json.generations_by_pk).toMatchObject({ id: generationId, status: 'PENDING', initImageId: target.id })
  })

  it("passes Leonardo's refusal of a dataset image's id as init_image_id through, in its shape", async () => {
    const datasetId = (await post('/datasets', { name: 'faces' }, everything)).json.insert_datasets_one.id as string
    const target = (await post(`/datasets/${datasetId}/upload`, { extension: 'png' })).json.uploadDatasetImage
    expect((await upload(target, PNG)).status).toBe(204)
    const res = await post('/generations', { prompt: 'a cat', init_image_id: target.id }, everything)
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      error: `init_image_id "${target.id}" does not name an init image`,
      path: '$.init_image_id',
      code: 'not-found',
    })
  })

  it("passes Leonardo's own errors through (an unknown dataset is the vendor's 404)", async () => {
    const res = await post('/datasets/6b1f0000-0000-4000-8000-000000000000/upload', { extension: 'png' })
    expect(res.status).toBe(404)
    expect(res.json).toMatchObject({ code: 'not-found', path: '$.datasetId' })
  })
})

describe('leonardoProxy: refusals, in Leonardo shape, before the vendor is called', () => {
  const cases: Array<[string, () => ReturnType<typeof post>, number, string, RegExp]> = [
    [
      'an extension the app did not allow',
      () => post('/init-image', { extension: 'webp' }, { extensions: ['png', 'jpg'] }),
      403,
      '$.extension',
      /extension webp is not allowed here \(allow\.extensions: png, jpg\)/,
    ],
    [
      'an extension Leonardo does not take',
      () => post('/init-image', { extension: 'gif' }),
      400,
      '$.extension',
      /extension must be one of png, jpg, jpeg, webp \(got "gif"\)/,
    ],
    ['no extension', () => post('/init-image', {}), 400, '$.extension', /got undefined/],
    [
      'a dataset not in allow.datasetIds',
      () => post('/datasets/abc/upload', { extension: 'png' }, { datasetIds: ['def'] }),
      403,
      '$.datasetId',
      /dataset abc is not allowed here \(allow\.datasetIds\)/,
    ],
    [
      'a dataset the predicate refuses',
      () => post('/datasets/abc/upload', { extension: 'png' }, { datasetIds: (id) => id.startsWith('d') }),
      403,
      '$.datasetId',
      /allow\.datasetIds/,
    ],
    [
      'a dataset id that could change the path',
      () => post('/datasets/a%2F..%2Fx/upload', { extension: 'png' }),
      400,
      '$.datasetId',
      /datasetId "a\/\.\.\/x" is not a valid id/,
    ],
    [
      'creating a dataset by default',
      () => post('/datasets', { name: 'x' }),
      403,
      '$',
      /creating datasets is not allowed here \(allow\.createDatasets\)/,
    ],
    ['a dataset without a name', () => post('/datasets', { name: ' ' }, everything), 400, '$.name', /name is required/],
    [
      'a generation by default',
      () => post('/generations', { prompt: 'a cat' }),
      403,
      '$',
      /generations are not allowed here \(allow\.generations/,
    ],
    ['reading a generation by default', () => get('/generations/abc'), 403, '$', /allow\.generations/],
    [
      'a generation with a mistyped field',
      () => post('/generations', { prompt: 'a cat', width: '512' }, everything),
      400,
      '$.width',
      /width must be a multiple of 8 from 32 to 1536 \(got "512"\)/,
    ],
    [
      'a generation without a prompt (the reference requires one, init image or not)',
      () => post('/generations', { init_image_id: 'abc', width: 512, height: 512 }, everything),
      400,
      '$.prompt',
      /^prompt is required: a non-empty string \(got undefined\)$/,
    ],
    [
      'an init_strength out of 0.1–0.9',
      () => post('/generations', { prompt: 'x', init_image_id: 'abc', init_strength: 1.5 }, everything),
      400,
      '$.init_strength',
      /init_strength must be a number from 0\.1 to 0\.9 \(got 1\.5\)/,
    ],
    [
      'a generation body that is no object',
      () => post('/generations', [1], everything),
      400,
      '$',
      /the generation request must be a JSON object/,
    ],
    ['an init image id that is not an id', () => get('/init-image/a%20b'), 400, '$.id', /id "a b" is not a valid id/],
  ]
  it.each(cases)('%s', async (_, request, status, path, message) => {
    const res = await request()
    expect(res.status).toBe(status)
    expect(res.json).toEqual({
      error: expect.stringMatching(message),
      path,
      code: status === 400 ? 'validation-failed' : 'access-denied',
    })
    expect((await presignCalls(mock.url)).leonardo).toBe(0)
  })

  it('does not call the vendor for a disabled route (generations are not counted as presigns: watch the fetch)', async () => {
    const vendor = recordingFetch()
    const res = await call(proxy(undefined, vendor.fetch), browserRequest('/generations', { body: { prompt: 'x' } }))
    expect(res.status).toBe(403)
    expect(vendor.calls).toHaveLength(0)
  })

  it('answers 405 with Allow for a method a path does not take', async () => {
    const res = await get('/init-image')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(res.json).toMatchObject({ code: 'not-supported' })
  })
})
