import {
  advanceClock,
  imageBytes,
  postForm,
  postJson,
  send,
  setFault,
  useMockServer,
} from '@uppy-presign/mock-server/test-harness'
import { describe, expect, it } from 'vitest'
import { leonardo } from './leonardo.ts'
import { type LeonardoApiOptions, LeonardoError } from './leonardo-api.ts'
import { createLeonardoDataset } from './leonardo-dataset.ts'
import {
  followLeonardoGeneration,
  type LeonardoGenerationProgress,
  leonardoGeneration,
  readLeonardoGenerationById,
  startLeonardoGeneration,
} from './leonardo-generation.ts'

// A server-side use of the kit: straight to the mock's Leonardo with the key (a browser goes through leonardoProxy;
// test/leonardo-generation.browser.test.ts does).
const mock = useMockServer()
const api = (): LeonardoApiOptions => ({
  endpoint: `${mock.url}/leonardo/api/rest/v1`,
  headers: { authorization: `Bearer ${mock.config.leonardo.apiKey}` },
})
/** Quick reads: the mock's generations end on its clock, which the tests move. */
const poll = { firstDelayMs: 5, factor: 1, maxDelayMs: 5, timeoutMs: 60_000 }

/** An uploaded init image (or dataset image), as the doc's steps make it. */
async function uploaded(kind: 'init' | 'dataset' = 'init'): Promise<string> {
  const { headers } = api()
  const base = api().endpoint
  let target: { id: string; url: string; fields: string }
  if (kind === 'init') {
    target = (await postJson(`${base}/init-image`, { extension: 'png' }, headers)).json.uploadInitImage
  } else {
    const { id } = await createLeonardoDataset(api(), { name: 'faces' })
    target = (await postJson(`${base}/datasets/${id}/upload`, { extension: 'png' }, headers)).json.uploadDatasetImage
  }
  expect((await postForm(target.url, JSON.parse(target.fields), imageBytes.png(), 'i.png')).status).toBe(204)
  return target.id
}

/** Moves the mock's clock past the generation's time once it has been seen PENDING. */
function clockAfterPending(seen: LeonardoGenerationProgress[]) {
  let moved = false
  return (progress: LeonardoGenerationProgress) => {
    seen.push(progress)
    // Once: the polls that follow see the generation's end whenever the move lands.
    if (progress.status === 'PENDING' && !moved) {
      moved = true
      void advanceClock(mock.url, 10_000)
    }
  }
}

describe('leonardoGeneration: start, then follow to the end', () => {
  it('PENDING, then COMPLETE with the images, which the CDN serves', async () => {
    const id = await uploaded()
    const seen: LeonardoGenerationProgress[] = []
    const outcome = await leonardoGeneration({
      ...api(),
      request: {
        prompt: 'a watercolour',
        init_image_id: id,
        init_strength: 0.5,
        width: 512,
        height: 512,
        num_images: 2,
      },
      poll,
      onProgress: clockAfterPending(seen),
    })
    expect(seen[0]).toEqual({ generationId: outcome.generationId, status: 'PENDING', images: [] })
    expect(seen.at(-1)?.status).toBe('COMPLETE')
    expect(outcome).toMatchObject({ status: 'COMPLETE', generation: { initImageId: id, imageWidth: 512 } })
    expect(outcome.images).toHaveLength(2)
    for (const image of outcome.images) expect((await send(image.url)).status).toBe(200)
  })

  it('FAILED (the mock told to fail it) → LeonardoError kind failed, naming the generation', async () => {
    const id = await uploaded()
    await setFault(mock.url, { target: 'leonardo', kind: 'generation-failed', count: 1 })
    const seen: LeonardoGenerationProgress[] = []
    const error = await leonardoGeneration({
      ...api(),
      request: { prompt: 'x', init_image_id: id },
      poll,
      onProgress: clockAfterPending(seen),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LeonardoError)
    const { generationId } = seen[0] ?? { generationId: '' }
    expect(error).toMatchObject({ kind: 'failed', info: { generationId, retryable: true } })
    expect((error as Error).message).toBe(
      `Generation ${generationId} FAILED at Leonardo (the mock was told to fail this generation (fault generation-failed)). Check that the init image opens as the format its extension declares, then start the generation again.`,
    )
    expect(seen.at(-1)?.status).toBe('FAILED')
  })

  it('no prompt → invalid-request before any call, with the hint', async () => {
    let calls = 0
    const counting: typeof fetch = (input, init) => {
      calls++
      return fetch(input, init)
    }
    const error = await leonardoGeneration({
      ...api(),
      fetch: counting,
      request: { init_image_id: 'abc', width: 512 } as never,
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'invalid-request', info: { path: '$.prompt', retryable: false } })
    expect((error as Error).message).toBe(
      'Leonardo would refuse the generation: prompt is required: a non-empty string (got undefined) (at $.prompt). Nothing was sent. Give the generation a prompt: Leonardo requires one, with an init image too.',
    )
    expect(calls).toBe(0)
  })

  it("a dataset image's id as init_image_id → Leonardo's refusal, in its words, with what to use instead", async () => {
    const id = await uploaded('dataset')
    const error = await startLeonardoGeneration(api(), { prompt: 'x', init_image_id: id }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'refused',
      info: { status: 400, code: 'not-found', path: '$.init_image_id', retryable: false },
    })
    expect((error as Error).message).toBe(
      `Leonardo refused the generation (400): init_image_id "${id}" does not name an init image (at $.init_image_id). Use the id an init image upload returned (leonardo.initImage): a dataset image’s id, or an unknown id, is no init image.`,
    )
  })

  it('an abort stops the wait with the signal’s reason', async () => {
    const id = await uploaded()
    const controller = new AbortController()
    const error = await leonardoGeneration({
      ...api(),
      request: { prompt: 'x', init_image_id: id },
      poll,
      signal: controller.signal,
      // The clock is never moved: it stays PENDING until aborted.
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('AbortError')
  })

  it('still PENDING at poll.timeoutMs → timed-out (it may still finish)', async () => {
    const id = await uploaded()
    const { generationId } = await startLeonardoGeneration(api(), { prompt: 'x', init_image_id: id })
    const error = await followLeonardoGeneration(api(), generationId, {
      poll: { firstDelayMs: 5, factor: 2, maxDelayMs: 20, timeoutMs: 60 },
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'timed-out', info: { generationId, retryable: true } })
  })

  it('an id Leonardo does not know → not-found after three reads', async () => {
    const error = await followLeonardoGeneration(api(), 'nope', { poll }).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'not-found', info: { generationId: 'nope' } })
  })

  it('waitFor: the app’s own wait (its webhook) instead of polling, settled the same way', async () => {
    const id = await uploaded()
    const asked: string[] = []
    const outcome = await leonardoGeneration({
      ...api(),
      request: { prompt: 'x', init_image_id: id },
      waitFor: async (generationId) => {
        asked.push(generationId)
        await advanceClock(mock.url, 10_000)
        const generation = await readLeonardoGenerationById(api(), generationId)
        if (!generation) throw new Error('unknown')
        return generation
      },
    })
    expect(asked).toEqual([outcome.generationId])
    expect(outcome.images).toHaveLength(1)
  })

  it('waitFor that answers while still PENDING: the kit polls on from there to the end', async () => {
    const id = await uploaded()
    const seen: LeonardoGenerationProgress[] = []
    const outcome = await leonardoGeneration({
      ...api(),
      request: { prompt: 'x', init_image_id: id },
      poll,
      onProgress: (progress) => seen.push(progress),
      waitFor: async (generationId) => {
        const generation = await readLeonardoGenerationById(api(), generationId)
        if (!generation) throw new Error('unknown')
        // Answered while PENDING; only then does the generation's time pass, so the kit's own polls see it end.
        expect(generation.status).toBe('PENDING')
        await advanceClock(mock.url, 10_000)
        return generation
      },
    })
    expect(seen.filter((p) => p.status === 'PENDING').length).toBeGreaterThanOrEqual(2)
    expect(outcome.status).toBe('COMPLETE')
  })

  it('bad poll options are refused before anything starts', async () => {
    await expect(leonardoGeneration({ ...api(), request: { prompt: 'x' }, poll: { factor: 0.5 } })).rejects.toThrow(
      'poll.factor must be a number ≥ 1 (got 0.5)',
    )
  })
})

describe('leonardo.initImage({ generation }): fitted to the generation, and generate(id)', () => {
  it('generate(id) starts that generation, with a prompt given late', async () => {
    const id = await uploaded()
    const policy = leonardo.initImage({ ...api(), generation: { width: 512, height: 768, init_strength: 0.4 } })
    expect(policy.generation).toEqual({ width: 512, height: 768, init_strength: 0.4 })
    expect(policy.prepare).toBeTypeOf('function')
    const seen: LeonardoGenerationProgress[] = []
    const outcome = await policy.generate?.(id, {
      request: { prompt: 'late prompt' },
      poll,
      onProgress: clockAfterPending(seen),
    })
    expect(outcome?.generation).toMatchObject({ prompt: 'late prompt', imageWidth: 512, imageHeight: 768 })
  })

  it('settings that break the reference are refused when the adapter is made', () => {
    expect(() => leonardo.initImage({ ...api(), generation: { width: 500, height: 512 } })).toThrow(
      'generation: width must be a multiple of 8 from 32 to 1536 (got 500) (at $.width)',
    )
    expect(() =>
      leonardo.initImage({ ...api(), generation: { width: 512, height: 512 }, fit: 'fill' as never }),
    ).toThrow(`fit must be 'cover', 'contain' or false (got "fill")`)
  })

  it('fit: false sends images as they are; without generation there is no generate', () => {
    expect(
      leonardo.initImage({ ...api(), generation: { width: 512, height: 512 }, fit: false }).prepare,
    ).toBeUndefined()
    expect(leonardo.initImage(api()).generate).toBeUndefined()
  })
})

describe('createLeonardoDataset', () => {
  it('answers the new dataset’s id; a missing name is refused before any call', async () => {
    const { id } = await createLeonardoDataset(api(), { name: 'faces', description: 'front and side' })
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    await expect(createLeonardoDataset(api(), { name: ' ' })).rejects.toMatchObject({
      kind: 'invalid-request',
      message: 'Leonardo would refuse creating the dataset " ": name is required (at $.name). Nothing was sent.',
    })
  })
})
