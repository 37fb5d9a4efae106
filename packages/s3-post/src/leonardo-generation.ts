import {
  isLeonardoGenerationJob,
  type LeonardoGeneratedImage,
  type LeonardoGeneration,
  type LeonardoGenerationRequest,
  type LeonardoJobStatus,
  leonardoGenerationProblems,
  readLeonardoGeneration,
} from '@uppy-presign/vendors'
import { invalidRequest, type LeonardoApiOptions, LeonardoError, leonardoCall, wordsOf } from './leonardo-api.ts'

/** Where a generation stands, as `onProgress` reports it. */
export interface LeonardoGenerationProgress {
  generationId: string
  status: LeonardoJobStatus
  /** The generated images (COMPLETE), else none. */
  images: LeonardoGeneratedImage[]
  /** Leonardo's `generations_by_pk`, once read. */
  generation?: LeonardoGeneration
}

/** A generation that ended COMPLETE. */
export interface LeonardoGenerationOutcome {
  generationId: string
  status: 'COMPLETE'
  images: LeonardoGeneratedImage[]
  generation: LeonardoGeneration
}

/** How long to wait between reads of a PENDING generation. */
export interface LeonardoPollOptions {
  /** Before the first read (ms). Default 1000. */
  firstDelayMs?: number
  /** Each wait is this many times the one before. Default 1.5. */
  factor?: number
  /** The longest wait between two reads (ms). Default 8000. */
  maxDelayMs?: number
  /** Give up (`timed-out`) when the generation is still PENDING this long after it started (ms). Default 180 000. */
  timeoutMs?: number
}

export interface LeonardoFollowOptions {
  /** Stops the wait (and the request under way); the promise rejects with the signal's reason. */
  signal?: AbortSignal
  /** Called once the generation is started (PENDING), then with each read of it. */
  onProgress?: (progress: LeonardoGenerationProgress) => void
  poll?: LeonardoPollOptions
  /**
   * Instead of polling, the app's own wait for the generation's end: Leonardo calls a webhook set on the API key
   * (not per generation), which only the app's server receives. Resolve with the `generations_by_pk` it got (or read
   * again); the kit then settles COMPLETE or FAILED as for a read, and polls on from a PENDING one.
   */
  waitFor?: (generationId: string, options: { signal?: AbortSignal }) => Promise<LeonardoGeneration>
}

export interface LeonardoGenerationOptions extends LeonardoApiOptions, LeonardoFollowOptions {
  /** `POST …/generations`' body: `prompt` (required), `init_image_id`, `init_strength`, `width`, `height` … */
  request: LeonardoGenerationRequest
}

const wait = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve()
    }, ms)
    const abort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })

function checkPoll({ firstDelayMs = 1000, factor = 1.5, maxDelayMs = 8000, timeoutMs = 180_000 }: LeonardoPollOptions) {
  for (const [name, value] of Object.entries({ firstDelayMs, maxDelayMs, timeoutMs })) {
    if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
      throw new RangeError(`poll.${name} must be a number of milliseconds ≥ 0 (got ${String(value)})`)
    }
  }
  if (!(typeof factor === 'number' && factor >= 1 && Number.isFinite(factor))) {
    throw new RangeError(`poll.factor must be a number ≥ 1 (got ${String(factor)})`)
  }
  return { firstDelayMs, factor, maxDelayMs, timeoutMs }
}

/** `POST …/generations`: checks the request by Leonardo's reference first, then starts it; answers its id. */
export async function startLeonardoGeneration(
  api: LeonardoApiOptions,
  request: LeonardoGenerationRequest,
  { signal }: { signal?: AbortSignal } = {},
): Promise<{ generationId: string; apiCreditCost?: number }> {
  const t = wordsOf(api)
  const what = t('whatGeneration')
  const problems = leonardoGenerationProblems(request)
  if (problems.length) throw invalidRequest(api, what, problems)
  const answer = await leonardoCall(api, what, 'POST', '/generations', { body: request, signal })
  if (!isLeonardoGenerationJob(answer)) {
    throw new LeonardoError(t('malformedAnswer', { what, problem: t('noGenerationId') }), 'malformed-answer', {
      retryable: false,
    })
  }
  const { generationId, apiCreditCost } = answer.sdGenerationJob
  return { generationId, ...(typeof apiCreditCost === 'number' ? { apiCreditCost } : {}) }
}

/** `GET …/generations/{id}`: the generation, or null when Leonardo knows none of that id. */
export async function readLeonardoGenerationById(
  api: LeonardoApiOptions,
  generationId: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<LeonardoGeneration | null> {
  const t = wordsOf(api)
  const what = t('whatGenerationRead', { generationId })
  const answer = await leonardoCall(api, what, 'GET', `/generations/${encodeURIComponent(generationId)}`, { signal })
  const generation = readLeonardoGeneration(answer)
  if (generation === undefined) {
    throw new LeonardoError(t('malformedAnswer', { what, problem: t('noGeneration') }), 'malformed-answer', {
      generationId,
      retryable: false,
    })
  }
  return generation
}

/** COMPLETE → the outcome; FAILED → a `failed` LeonardoError; PENDING → undefined (keep waiting). */
function settle(api: LeonardoApiOptions, generation: LeonardoGeneration): LeonardoGenerationOutcome | undefined {
  if (generation.status === 'COMPLETE') {
    return { generationId: generation.id, status: 'COMPLETE', images: generation.generated_images, generation }
  }
  if (generation.status !== 'FAILED') return undefined
  const t = wordsOf(api)
  // Not a documented field: the mock (and perhaps a proxy) says why; Leonardo's own answer says nothing.
  const said = typeof generation.failureReason === 'string' && generation.failureReason
  throw new LeonardoError(t('failed', { generationId: generation.id, reason: said ? ` (${said})` : '' }), 'failed', {
    generationId: generation.id,
    retryable: true,
  })
}

const progressOf = (generation: LeonardoGeneration): LeonardoGenerationProgress => ({
  generationId: generation.id,
  status: generation.status,
  images: generation.status === 'COMPLETE' ? generation.generated_images : [],
  generation,
})

/**
 * Waits for a started generation to end: reads it with growing waits (bounded by `poll.timeoutMs`, stopped by
 * `signal`), or through the app's own `waitFor`. Resolves COMPLETE with its images; rejects FAILED, unknown, or
 * still PENDING at the time limit as a `LeonardoError`. A read that gets no answer or a 429/5xx is tried again
 * within the time limit.
 */
export async function followLeonardoGeneration(
  api: LeonardoApiOptions,
  generationId: string,
  { signal, onProgress, poll = {}, waitFor }: LeonardoFollowOptions = {},
): Promise<LeonardoGenerationOutcome> {
  const t = wordsOf(api)
  const { firstDelayMs, factor, maxDelayMs, timeoutMs } = checkPoll(poll)
  if (waitFor) {
    const generation = await waitFor(generationId, { signal })
    onProgress?.(progressOf(generation))
    const outcome = settle(api, generation)
    if (outcome) return outcome
    // Still PENDING (the app's wait gave up early): reading it goes on from here, as without waitFor.
  }
  const startedAt = Date.now()
  let delay = firstDelayMs
  let unknown = 0
  for (;;) {
    await wait(delay, signal)
    let generation: LeonardoGeneration | null | undefined
    try {
      generation = await readLeonardoGenerationById(api, generationId, { signal })
    } catch (error) {
      if (!(error instanceof LeonardoError && error.info.retryable)) throw error
    }
    if (generation === null) {
      // Read right after it was started, a generation may not be visible yet; three reads in a row say it is not.
      if (++unknown >= 3) {
        throw new LeonardoError(t('notFound', { generationId }), 'not-found', { generationId, retryable: false })
      }
    } else if (generation) {
      unknown = 0
      onProgress?.(progressOf(generation))
      const outcome = settle(api, generation)
      if (outcome) return outcome
    }
    delay = Math.min(maxDelayMs, delay * factor)
    if (Date.now() - startedAt + delay > timeoutMs) {
      throw new LeonardoError(t('timedOut', { generationId, seconds: Math.round(timeoutMs / 1000) }), 'timed-out', {
        generationId,
        retryable: true,
      })
    }
  }
}

/**
 * Leonardo's documented next step after an init image upload: starts a generation (`POST …/generations` with
 * `init_image_id`, `prompt`, `width`, `height` …) and follows it to COMPLETE (its images) or FAILED.
 *
 * @example
 * const { images } = await leonardoGeneration({
 *   endpoint: '/app/leonardo',
 *   request: { prompt: 'a watercolour', init_image_id: id, init_strength: 0.5, width: 512, height: 512 },
 *   onProgress: ({ status }) => console.log(status),
 * })
 */
export async function leonardoGeneration({
  request,
  signal,
  onProgress,
  poll,
  waitFor,
  ...api
}: LeonardoGenerationOptions): Promise<LeonardoGenerationOutcome> {
  if (poll) checkPoll(poll)
  const { generationId } = await startLeonardoGeneration(api, request, { signal })
  onProgress?.({ generationId, status: 'PENDING', images: [] })
  return followLeonardoGeneration(api, generationId, { signal, onProgress, poll, waitFor })
}
