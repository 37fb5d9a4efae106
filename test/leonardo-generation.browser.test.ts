import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import S3PostPolicy, {
  createLeonardoDataset,
  LeonardoError,
  type LeonardoGenerationProgress,
  leonardo,
  leonardoGeneration,
  type PresignPolicy,
  type S3PostResult,
} from '@uppy-presign/s3-post'
import { describe, expect, it } from 'vitest'
import { advanceClock, objects, setFault, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/**
 * Leonardo's documented flow to its end, in Chromium: S3PostPolicy uploads an init image through the app's proxy
 * (/app/leonardo, which holds the key), then the kit starts a generation from its id and polls it to its end.
 */
const mock = useMockServer()
const endpoint = () => `${mock.url}/app/leonardo`
/** Quick reads: the mock's generations end on its clock, which the tests move once the generation is PENDING. */
const poll = { firstDelayMs: 20, factor: 1, maxDelayMs: 20, timeoutMs: 60_000 }

/** A real 1024×640 PNG: wider than the generation, so fitting it has something to do. */
async function widePng(): Promise<File> {
  const canvas = new OffscreenCanvas(1024, 640)
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
  const gradient = ctx.createLinearGradient(0, 0, 1024, 640)
  gradient.addColorStop(0, '#264653')
  gradient.addColorStop(1, '#e76f51')
  ctx.fillStyle = gradient
  ctx.fillRect(0, 0, 1024, 640)
  return new File([await canvas.convertToBlob({ type: 'image/png' })], 'wide.png', { type: 'image/png' })
}

async function upload(presign: Parameters<typeof leonardo.initImage>[0] | PresignPolicy) {
  const policy = typeof presign === 'function' ? presign : leonardo.initImage(presign)
  const uppy = new Uppy<Meta, Body>({ autoProceed: false }).use(S3PostPolicy, { presign: policy })
  const file = await widePng()
  const id = addFile(uppy, file.name, file)
  const outcome = (await uploadAll(uppy)).get(id)
  expect(outcome?.error).toBeUndefined()
  return outcome?.body as unknown as S3PostResult
}

function movingClock(seen: LeonardoGenerationProgress[]) {
  let moved = false
  return (progress: LeonardoGenerationProgress) => {
    seen.push(progress)
    if (progress.status === 'PENDING' && !moved) {
      moved = true
      void advanceClock(10_000)
    }
  }
}

const decoded = async (url: string) => {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  return createImageBitmap(await response.blob())
}

describe('Leonardo: upload an init image, then generate from it (kit → proxy → mock)', () => {
  it('fits the image to the generation (cover), generates, polls PENDING → COMPLETE, and the images load', async () => {
    const policy = leonardo.initImage({
      endpoint: endpoint(),
      generation: { width: 512, height: 512, init_strength: 0.5 },
    })
    // The same adapter uploads (fitting to the generation's size) and then generates.
    const body = await upload(policy)
    const stored = (await objects())[0]
    expect(stored?.key).toBe(body.key)
    // 1024×640 cropped to 1:1 then scaled to 512×512: the generation's own size, so nothing is stretched.
    const storedImage = await decoded(`${mock.url}/leonardo/cdn/${body.key}`)
    expect([storedImage.width, storedImage.height]).toEqual([512, 512])

    const seen: LeonardoGenerationProgress[] = []
    const outcome = await policy.generate?.(body.id as string, {
      request: { prompt: 'a watercolour of this', num_images: 2 },
      poll,
      onProgress: movingClock(seen),
    })
    expect(seen[0]?.status).toBe('PENDING')
    expect(seen.at(-1)?.status).toBe('COMPLETE')
    expect(outcome?.generation).toMatchObject({ initImageId: body.id, prompt: 'a watercolour of this' })
    expect(outcome?.images).toHaveLength(2)
    for (const image of outcome?.images ?? []) {
      const bitmap = await decoded(image.url)
      expect([bitmap.width, bitmap.height]).toEqual([512, 512])
    }
  })

  it('FAILED at Leonardo → a LeonardoError of kind failed, after PENDING', async () => {
    const body = await upload({ endpoint: endpoint() })
    await setFault({ target: 'leonardo', kind: 'generation-failed', count: 1 })
    const seen: LeonardoGenerationProgress[] = []
    const error = await leonardoGeneration({
      endpoint: endpoint(),
      request: { prompt: 'x', init_image_id: body.id as string, width: 512, height: 512 },
      poll,
      onProgress: movingClock(seen),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LeonardoError)
    expect(error).toMatchObject({ kind: 'failed', info: { generationId: seen[0]?.generationId } })
    expect(seen.map((s) => s.status)).toContain('PENDING')
    expect(seen.at(-1)?.status).toBe('FAILED')
  })

  it('no prompt → refused with a clear error, before any request', async () => {
    const body = await upload({ endpoint: endpoint() })
    const error = await leonardoGeneration({
      endpoint: endpoint(),
      request: { init_image_id: body.id as string, width: 512, height: 512 } as never,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'invalid-request', info: { path: '$.prompt' } })
    expect((error as Error).message).toMatch(/^Leonardo would refuse the generation: prompt is required/)
    expect((error as Error).message).toMatch(/Give the generation a prompt/)
  })

  it("a dataset image's id as init_image_id → Leonardo's refusal through the proxy, with what to use", async () => {
    const { id: datasetId } = await createLeonardoDataset({ endpoint: endpoint() }, { name: 'faces' })
    const body = await upload(leonardo.datasetImage({ endpoint: endpoint(), datasetId }))
    const error = await leonardoGeneration({
      endpoint: endpoint(),
      request: { prompt: 'x', init_image_id: body.id as string },
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'refused',
      info: { status: 400, code: 'not-found', path: '$.init_image_id' },
    })
    expect((error as Error).message).toMatch(
      /does not name an init image \(at \$\.init_image_id\)\. Use the id an init image upload returned/,
    )
  })
})
