import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import S3PostPolicy, {
  type FitTo,
  leonardo,
  type PresignPolicy,
  type S3PostResult,
  typebot,
} from '@uppy-presign/s3-post'
import type { TypebotUploadUrlResponse } from '@uppy-presign/vendors'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  advanceClock,
  bytesOf,
  objects,
  pngBlob,
  setFault,
  sha256Hex,
  stats,
  typebotSession,
  useMockServer,
} from './browser-harness.ts'
import { addFile, type Outcome, uploadAll } from './uppy-helpers.ts'

/**
 * Browser → the app's presign proxies (/app/leonardo, /app/typebot) → the vendor mocks → the S3 POST bucket, as a
 * real deployment runs. Images are real ones drawn with OffscreenCanvas, so what storage keeps can be decoded.
 */
const mock = useMockServer()
const leonardoEndpoint = () => `${mock.url}/app/leonardo`
const typebotEndpoint = () => `${mock.url}/app/typebot`
const SESSION = 'session-42'

const postUppy = (presign: PresignPolicy) => new Uppy<Meta, Body>({ autoProceed: false }).use(S3PostPolicy, { presign })

/** A real image of w×h (a gradient, so scaling has something to average), encoded by the browser. */
async function image(w: number, h: number, type = 'image/png'): Promise<Blob> {
  const canvas = new OffscreenCanvas(w, h)
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
  const gradient = ctx.createLinearGradient(0, 0, w, h)
  gradient.addColorStop(0, '#c0392b')
  gradient.addColorStop(1, '#2980b9')
  ctx.fillStyle = gradient
  ctx.fillRect(0, 0, w, h)
  return canvas.convertToBlob({ type })
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

async function bytesAt(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url)
  expect(response.status, `GET ${url}`).toBe(200)
  return new Uint8Array(await response.arrayBuffer())
}

const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())
/** Leonardo's CDN serves every uploaded image by its key. */
const cdnUrl = (key: string) => `${mock.url}/leonardo/cdn/${key}`

async function appJson<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${mock.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  const text = await response.text()
  expect(response.status, `${path}: ${text}`).toBe(200)
  return JSON.parse(text) as T
}

function succeeded(outcome: Outcome | undefined): S3PostResult {
  expect(outcome?.error).toBeUndefined()
  return outcome?.body as unknown as S3PostResult
}

function failed(outcome: Outcome | undefined): UploadError {
  expect(outcome?.body).toBeUndefined()
  expect(outcome?.error).toBeInstanceOf(UploadError)
  return outcome?.error as UploadError
}

/** Uploads one image as a Leonardo init image with these fit options; returns the result and the stored object. */
async function uploadInitImage(name: string, data: Blob, fitTo?: FitTo) {
  const uppy = postUppy(leonardo.initImage({ endpoint: leonardoEndpoint(), ...(fitTo ? { fitTo } : {}) }))
  const id = addFile(uppy, name, data)
  const body = succeeded((await uploadAll(uppy)).get(id))
  const stored = await objects()
  expect(stored).toHaveLength(1)
  return { body, stored: stored[0] as (typeof stored)[number] }
}

describe('S3PostPolicy with Leonardo.ai through its proxy', () => {
  it('uploads an init image, reports {id, key, location}, and a generation from it completes', async () => {
    const png = await image(64, 48)
    const { body, stored } = await uploadInitImage('init.png', png)

    expect(Object.keys(body).sort()).toEqual(['id', 'key', 'location'])
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(body.key).toMatch(new RegExp(`^users/[0-9a-f-]+/initImages/${body.id}\\.png$`))
    expect(body.location).toBe(`${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/${body.key}`)
    expect(stored).toMatchObject({
      bucket: mock.config.s3.buckets.uploads,
      key: body.key,
      size: png.size,
      contentType: 'image/png',
      sha256: await sha256Hex(png),
    })

    // The documented next step: the init image by id, then a generation from it, polled until COMPLETE.
    const init = await appJson<{ init_images_by_pk: { id: string; url: string } }>(
      `/app/leonardo/init-image/${body.id}`,
    )
    expect(await bytesAt(init.init_images_by_pk.url)).toEqual(await blobBytes(png))
    const job = await appJson<{ sdGenerationJob: { generationId: string } }>('/app/leonardo/generations', {
      init_image_id: body.id,
      prompt: 'the same cat, in watercolour',
      width: 512,
      height: 512,
    })
    const generationId = job.sdGenerationJob.generationId
    type Generation = { generations_by_pk: { status: string; generated_images: Array<{ url: string }> } }
    const statuses: string[] = []
    let generation: Generation['generations_by_pk'] | undefined
    for (let poll = 0; poll < 10; poll++) {
      generation = (await appJson<Generation>(`/app/leonardo/generations/${generationId}`)).generations_by_pk
      statuses.push(generation.status)
      if (generation.status !== 'PENDING') break
      // Leonardo takes its time: the mock's clock moves instead of the test sleeping.
      await advanceClock(2_500)
    }
    expect(statuses[0]).toBe('PENDING')
    expect(statuses.at(-1)).toBe('COMPLETE')
    expect(generation?.generated_images).toHaveLength(1)
    const generated = await bytesAt(generation?.generated_images[0]?.url as string)
    expect(Array.from(generated.subarray(0, 8))).toEqual(PNG_MAGIC)
    expect(generated.length).toBeGreaterThan(0)
    expect((await stats()).presign.leonardo).toBe(1)
  })

  it('uploads a dataset image into a dataset created first', async () => {
    const created = await appJson<{ insert_datasets_one: { id: string } }>('/app/leonardo/datasets', {
      name: 'cats',
    })
    const datasetId = created.insert_datasets_one.id
    const jpeg = await image(40, 30, 'image/jpeg')
    const uppy = postUppy(leonardo.datasetImage({ endpoint: leonardoEndpoint(), datasetId }))
    const id = addFile(uppy, 'cat.jpeg', jpeg)
    const body = succeeded((await uploadAll(uppy)).get(id))
    expect(body.key).toMatch(new RegExp(`^users/[0-9a-f-]+/datasets/${datasetId}/images/${body.id}\\.jpeg$`))
    expect(await bytesAt(cdnUrl(body.key))).toEqual(await blobBytes(jpeg))
    const stored = await objects()
    expect(stored.map((o) => [o.key, o.contentType])).toEqual([[body.key, 'image/jpeg']])
  })

  it('a PNG named .jpg is refused before any request, naming both formats', async () => {
    const uppy = postUppy(leonardo.initImage({ endpoint: leonardoEndpoint() }))
    const id = addFile(uppy, 'photo.jpg', await image(20, 20), 'image/jpeg')
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'invalid-file', fileName: 'photo.jpg', retryable: false })
    expect(error.message).toBe(
      'photo.jpg: the name says .jpg but the bytes are a PNG image; Leonardo needs the format the extension declares. Rename the file to match its content, or export it again as JPEG.',
    )
    expect((await stats()).presign.leonardo).toBe(0)
    expect(await objects()).toEqual([])
  })

  it('a .gif is refused before any request', async () => {
    const uppy = postUppy(leonardo.initImage({ endpoint: leonardoEndpoint() }))
    const gif = new Blob([new TextEncoder().encode('GIF89a'), bytesOf(100)], { type: 'image/gif' })
    const id = addFile(uppy, 'anim.gif', gif)
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'invalid-file', fileName: 'anim.gif' })
    expect(error.message).toBe('anim.gif: Leonardo takes png, jpg, jpeg, webp images; this file\'s extension is "gif".')
    expect((await stats()).presign.leonardo).toBe(0)
  })

  it('fitTo contain scales 2000×1000 into 512×512 as 512×256, still a PNG', async () => {
    const { body, stored } = await uploadInitImage('wide.png', await image(2000, 1000), {
      width: 512,
      height: 512,
      mode: 'contain',
    })
    const bytes = await bytesAt(cdnUrl(body.key))
    expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_MAGIC)
    expect(stored.contentType).toBe('image/png')
    expect(stored.size).toBe(bytes.length)
    const bitmap = await createImageBitmap(new Blob([bytes]))
    expect([bitmap.width, bitmap.height]).toEqual([512, 256])
    bitmap.close()
  })

  it('fitTo cover crops 2000×1000 to 512×512', async () => {
    const { body } = await uploadInitImage('wide.png', await image(2000, 1000), {
      width: 512,
      height: 512,
      mode: 'cover',
    })
    const bitmap = await createImageBitmap(new Blob([await bytesAt(cdnUrl(body.key))]))
    expect([bitmap.width, bitmap.height]).toEqual([512, 512])
    bitmap.close()
  })

  it('an image that already fits is stored byte for byte', async () => {
    const png = await image(300, 200)
    const { stored } = await uploadInitImage('small.png', png, { width: 512, height: 512, mode: 'contain' })
    expect(stored.sha256).toBe(await sha256Hex(png))
    expect(stored.size).toBe(png.size)
  })

  it('an image that does not decode cannot be fitted: a clear invalid-file error, nothing stored', async () => {
    const uppy = postUppy(
      leonardo.initImage({ endpoint: leonardoEndpoint(), fitTo: { width: 512, height: 512, mode: 'contain' } }),
    )
    // PNG magic, then noise: the magic-number check passes, decoding does not.
    const id = addFile(uppy, 'broken.png', pngBlob(4000))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'invalid-file', fileName: 'broken.png', retryable: false })
    expect(error.message).toMatch(
      /^broken\.png: the image could not be scaled to 512×512 \(.+\)\. Check that the file opens as an image, or upload it without fitTo\.$/,
    )
    expect(await objects()).toEqual([])
    expect((await stats()).storage['s3-post']).toBeUndefined()
  })

  it('a policy the storage calls expired is presigned again once, and the file is stored', async () => {
    await setFault({ target: 's3-post', kind: 'expire', count: 1 })
    const png = await image(32, 32)
    const { body, stored } = await uploadInitImage('late.png', png)
    expect(stored.sha256).toBe(await sha256Hex(png))
    const s = await stats()
    expect(s.presign.leonardo).toBe(2)
    expect(s.storage['s3-post']).toEqual({ total: 2, '403': 1, '204': 1 })
    // The id is the second presign's: the first image record never received a file.
    expect(stored.key).toBe(body.key)
  })

  it('fields that are not JSON (malformed fault) are a clear malformed-presign error', async () => {
    await setFault({ target: 'leonardo', kind: 'malformed', count: 1 })
    const uppy = postUppy(leonardo.initImage({ endpoint: leonardoEndpoint() }))
    const id = addFile(uppy, 'init.png', await image(16, 16))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'malformed-presign', fileName: 'init.png', retryable: false })
    expect(error.message).toBe(
      'init.png: the upload policy could not be used: Leonardo sent `fields` that are not valid JSON. Check what the policy endpoint returns.',
    )
    const s = await stats()
    expect(s.presign.leonardo).toBe(1)
    expect(s.storage['s3-post']).toBeUndefined()
  })
})

describe('S3PostPolicy with Typebot through its proxy', () => {
  const typebotPolicy = () => typebot({ endpoint: typebotEndpoint(), sessionId: SESSION })
  // The chat waits at its file-upload block: the one state in which Typebot signs an upload.
  beforeEach(() => typebotSession(SESSION))

  it('a session the app never started is refused by its backend; a chat at no block is a session error naming the file and the case; the retry works once the chat is at a file block', async () => {
    const uppy = postUppy(typebot({ endpoint: typebotEndpoint(), sessionId: 'chat-9' }))
    const data = new Blob(['my answer'], { type: 'text/plain' })
    const id = addFile(uppy, 'answer.txt', data)
    // The demo backend signs only for the sessions the mock started (S6): Typebot is not even asked.
    const foreign = failed((await uploadAll(uppy)).get(id))
    expect(foreign.info).toMatchObject({ fileName: 'answer.txt', status: 403, code: 'FORBIDDEN', retryable: false })
    expect(foreign.message).toContain('sessionId: chat-9 is not allowed here (allow.sessionIds)')
    expect((await stats()).presign.typebot ?? 0).toBe(0)

    await typebotSession('chat-9', null)
    const error = failed((await uploadAll(uppy, (u) => u.retryUpload(id))).get(id))
    expect(error.info).toMatchObject({
      kind: 'session',
      fileName: 'answer.txt',
      status: 400,
      code: 'BAD_REQUEST',
      retryable: false,
      details: { session: 'not-found' },
    })
    expect(error.info.hint).toMatch(/^Start the chat again/)
    expect(error.message).toBe(
      `Typebot refused to sign answer.txt (400 BAD_REQUEST): the chat session does not accept a file now (Can't find currentBlockId in session state). ${error.info.hint}`,
    )
    expect((await stats()).storage['s3-post']).toBeUndefined()

    // The chat goes on, to a block that does not take files: still refused, with the other case and hint.
    await typebotSession('chat-9', { id: 'ask-name', type: 'text input' })
    const again = failed((await uploadAll(uppy, (u) => u.retryUpload(id))).get(id))
    expect(again.info).toMatchObject({
      kind: 'session',
      fileName: 'answer.txt',
      details: { session: 'not-at-file-block' },
    })
    expect(again.message).toContain(
      '(Current block does not expect file upload). Continue the chat to a block that asks for a file',
    )

    // Then reaches its file-upload block: the same file, retried, is signed and stored.
    await typebotSession('chat-9', { id: 'upload', type: 'file input' })
    const body = succeeded((await uploadAll(uppy, (u) => u.retryUpload(id))).get(id))
    expect(body.key).toBe('public/tmp/sessions/chat-9/answer.txt')
    expect(await bytesAt(body.fileUrl as string)).toEqual(await blobBytes(data))
  })

  it('uploads and reports {fileUrl, key, location}; fileUrl serves the bytes', async () => {
    const uppy = postUppy(typebotPolicy())
    const data = new Blob([bytesOf(5000, 9)], { type: 'application/pdf' })
    const id = addFile(uppy, 'report.pdf', data)
    const outcome = (await uploadAll(uppy)).get(id)
    const body = succeeded(outcome)
    expect(Object.keys(body).sort()).toEqual(['fileUrl', 'key', 'location'])
    const key = `public/tmp/sessions/${SESSION}/report.pdf`
    expect(body.key).toBe(key)
    expect(body.fileUrl).toBe(`${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/${key}`)
    expect(body.location).toBe(body.fileUrl)
    expect(outcome?.uploadURL).toBe(body.fileUrl)
    expect(await bytesAt(body.fileUrl as string)).toEqual(await blobBytes(data))
    expect((await objects())[0]).toMatchObject({ key, size: 5000, contentType: 'application/pdf' })
  })

  it('a name with a path and spaces is sent as a safe last segment', async () => {
    const uppy = postUppy(typebotPolicy())
    const id = addFile(uppy, '../../secret notes.txt', new Blob(['x'], { type: 'text/plain' }))
    const body = succeeded((await uploadAll(uppy)).get(id))
    expect(body.key).toBe(`public/tmp/sessions/${SESSION}/secret-notes.txt`)
    expect((await objects()).map((o) => o.key)).toEqual([body.key])
  })

  it('a file over Typebot’s 10 MiB is too-large, naming the limit, and nothing is stored', async () => {
    const uppy = postUppy(typebotPolicy())
    const id = addFile(uppy, 'huge.bin', new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'application/pdf' }))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'too-large', fileName: 'huge.bin', retryable: false })
    expect(error.message).toBe(
      'huge.bin: the file is 10485761 bytes (10 MiB), and the upload policy allows at most 10485760 bytes (10 MiB). Choose a smaller file.',
    )
    expect(await objects()).toEqual([])
    // Refused from the policy before the 10 MiB are sent: real S3 may reset such a connection, which a browser
    // could not tell from a CORS failure.
    expect((await stats()).storage['s3-post']).toBeUndefined()
  })

  it('an answer without fileUrl (malformed fault) is a clear malformed-presign error', async () => {
    await setFault({ target: 'typebot', kind: 'malformed', count: 1 })
    const uppy = postUppy(typebotPolicy())
    const id = addFile(uppy, 'note.txt', new Blob(['hello'], { type: 'text/plain' }))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.info).toMatchObject({ kind: 'malformed-presign', fileName: 'note.txt', retryable: false })
    expect(error.message).toBe(
      'note.txt: the upload policy could not be used: Typebot sent no fileUrl, so the file could not be found after upload. Check what the policy endpoint returns.',
    )
    expect((await stats()).storage['s3-post']).toBeUndefined()
  })

  it('a user presign answering createPresignedPost’s {url, fields} works', async () => {
    // An app backend that signs with createPresignedPost: here the Typebot proxy's answer, stripped to that shape.
    const presign: PresignPolicy = async (file) => {
      const answer = await appJson<TypebotUploadUrlResponse>('/app/typebot/v2/generate-upload-url', {
        sessionId: SESSION,
        fileName: file.name,
        fileType: file.type,
      })
      return { url: answer.presignedUrl, fields: answer.formData }
    }
    const uppy = postUppy(presign)
    const data = new Blob(['plain text'], { type: 'text/plain' })
    const id = addFile(uppy, 'plain.txt', data)
    const body = succeeded((await uploadAll(uppy)).get(id))
    const key = `public/tmp/sessions/${SESSION}/plain.txt`
    expect(body).toEqual({ key, location: `${mock.config.s3.endpoint}/${mock.config.s3.buckets.uploads}/${key}` })
    expect(await bytesAt(body.location)).toEqual(await blobBytes(data))
  })

  it('a name with S3’s filename placeholder is refused by the proxy (S2: S3 would sign the whole session folder)', async () => {
    const presign: PresignPolicy = async (file) => {
      const answer = await appJson<TypebotUploadUrlResponse>('/app/typebot/v2/generate-upload-url', {
        sessionId: SESSION,
        fileName: `\${filename}`,
        fileType: file.type,
      })
      return { url: answer.presignedUrl, fields: answer.formData }
    }
    const uppy = postUppy(presign)
    const id = addFile(uppy, 'named.txt', new Blob(['x'], { type: 'text/plain' }))
    const error = failed((await uploadAll(uppy)).get(id))
    expect(error.message).toContain('must not contain \\"${\\": the storage policy would read it as a variable')
    expect(await objects()).toEqual([])
  })
})
