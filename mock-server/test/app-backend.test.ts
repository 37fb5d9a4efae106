import { describe, expect, it } from 'vitest'
import {
  advanceClock,
  imageBytes,
  objects,
  postForm,
  postJson,
  send,
  stats,
  typebotSession,
  useMockServer,
} from './harness.ts'

// Browser-like calls: the page's origin, the app backend's URL, and nothing else. No key from `/__config` is used to
// upload; the config is read only to prove that no answer contains one.
const mock = useMockServer()
const ORIGIN = 'http://localhost:5173'
const fromPage = { origin: ORIGIN }

const app = (path: string) => `${mock.url}/app${path}`
const secrets = () => [
  mock.config.nft2.apiKey,
  mock.config.startrail.apiKey,
  mock.config.leonardo.apiKey,
  mock.config.typebot.token,
]

/** The proxy's answer as the page sees it: CORS-readable, and free of any vendor secret. */
function expectBrowserSafe(res: { headers: Headers; text: string }) {
  expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
  const everything = `${res.text}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`
  for (const secret of secrets()) expect(everything).not.toContain(secret)
}

describe('demo app backend: browser → /app proxy → vendor → storage', () => {
  it('NFT2: presign through /app/nft2, PUT to the IPFS bucket, get the CID', async () => {
    const res = await postJson(
      app('/nft2/presigned-image'),
      { files: [{ fileName: 'logo.png', mimeType: 'image/png' }] },
      fromPage,
    )
    expect(res.status).toBe(200)
    expectBrowserSafe(res)
    const bytes = imageBytes.png()
    const put = await send(res.json.urls[0], { method: 'PUT', headers: { 'content-type': 'image/png' }, body: bytes })
    expect(put.status).toBe(200)
    const cid = put.headers.get('x-amz-meta-cid')
    expect(cid).toMatch(/^Qm/)
    expect((await objects(mock.url)).find((o) => o.cid === cid)).toMatchObject({
      bucket: 'nft2-protocol',
      size: bytes.length,
    })
    expect((await stats(mock.url)).presign.nft2).toBe(1)
  })

  it('Startrail: sign through /app/startrail, PUT to GCS with the contentType, read the finalUrl', async () => {
    const res = await postJson(
      app('/startrail/port/api/v1/commerce/signedUrls'),
      { action: 'write', payload: [{ filename: `art-${Date.now()}.jpg`, category: 'artwork' }] },
      fromPage,
    )
    expect(res.status).toBe(201)
    expectBrowserSafe(res)
    const [result] = res.json.results
    const bytes = imageBytes.jpeg()
    const put = await send(result.url, { method: 'PUT', headers: { 'content-type': result.contentType }, body: bytes })
    expect(put.status).toBe(200)
    const stored = await send(result.finalUrl)
    expect(stored.status).toBe(200)
    expect(stored.bytes).toEqual(bytes)
  })

  it('Leonardo: init image through /app/leonardo, POST policy upload, then a generation from it', async () => {
    const res = await postJson(app('/leonardo/init-image'), { extension: 'png' }, fromPage)
    expect(res.status).toBe(200)
    expectBrowserSafe(res)
    const target = res.json.uploadInitImage
    const upload = await postForm(target.url, JSON.parse(target.fields), imageBytes.png(), 'init.png')
    expect(upload.status).toBe(204)

    const image = await send(app(`/leonardo/init-image/${target.id}`), { headers: fromPage })
    expect(JSON.parse(image.text).init_images_by_pk.id).toBe(target.id)
    const started = await postJson(
      app('/leonardo/generations'),
      { prompt: 'a cat', init_image_id: target.id },
      fromPage,
    )
    expect(started.status).toBe(200)
    const generationId = started.json.sdGenerationJob.generationId
    await advanceClock(mock.url, 10_000)
    const generation = await send(app(`/leonardo/generations/${generationId}`), { headers: fromPage })
    expect(JSON.parse(generation.text).generations_by_pk).toMatchObject({ status: 'COMPLETE', initImageId: target.id })
  })

  it('Typebot: upload URL through /app/typebot, POST policy upload, read the fileUrl', async () => {
    await typebotSession(mock.url, 'demo-session')
    const res = await postJson(
      app('/typebot/v2/generate-upload-url'),
      { sessionId: 'demo-session', fileName: 'notes.txt', fileType: 'text/plain' },
      fromPage,
    )
    expect(res.status).toBe(200)
    expectBrowserSafe(res)
    const bytes = new TextEncoder().encode('hello from the browser\n')
    const upload = await postForm(res.json.presignedUrl, res.json.formData, bytes, 'notes.txt')
    expect(upload.status).toBe(204)
    const stored = await send(res.json.fileUrl)
    expect(stored.text).toBe('hello from the browser\n')
  })
})

describe('demo app backend: what it refuses', () => {
  it('Typebot (S6): signs only for the chat sessions it started, and none once ended', async () => {
    const generate = (sessionId: string) =>
      postJson(
        app('/typebot/v2/generate-upload-url'),
        { sessionId, fileName: 'notes.txt', fileType: 'text/plain' },
        fromPage,
      )
    const refusal = (sessionId: string) => ({
      message: 'Insufficient access',
      code: 'FORBIDDEN',
      issues: [{ message: `sessionId: ${sessionId} is not allowed here (allow.sessionIds)` }],
    })
    const never = await generate('someone-elses-session')
    expect(never.status).toBe(403)
    expect(never.json).toEqual(refusal('someone-elses-session'))

    await typebotSession(mock.url, 'chat-1')
    expect((await generate('chat-1')).status).toBe(200)
    await send(`${mock.url}/__typebot/sessions/chat-1`, { method: 'DELETE' })
    const ended = await generate('chat-1')
    expect(ended.status).toBe(403)
    expect(ended.json).toEqual(refusal('chat-1'))
    expect((await stats(mock.url)).presign.typebot).toBe(1)
  })

  it('answers the preflight of a dev page, refuses another origin before the vendor is called', async () => {
    const preflight = await fetch(app('/nft2/presigned-image'), {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN)

    const evil = await postJson(
      app('/nft2/presigned-image'),
      { files: [{ fileName: 'a.png', mimeType: 'image/png' }] },
      { origin: 'https://evil.example' },
    )
    expect(evil.status).toBe(403)
    expect(evil.json).toMatchObject({ statusCode: 403, error: 'Forbidden' })
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    expect((await stats(mock.url)).presign.nft2).toBe(0)
  })

  it('refuses, in the vendor’s shape, what the vendor would refuse, without asking it', async () => {
    const res = await postJson(
      app('/nft2/presigned-image'),
      { files: [{ fileName: 'a.gif', mimeType: 'image/gif' }] },
      fromPage,
    )
    expect(res.status).toBe(400)
    expect(res.json.message[0]).toMatch(/mimeType "image\/gif" is not supported/)
    expect((await stats(mock.url)).presign.nft2).toBe(0)
  })

  it('a path under /app that no proxy serves is a 404', async () => {
    const res = await postJson(app('/dropbox/upload'), {}, fromPage)
    expect(res.status).toBe(404)
  })
})
