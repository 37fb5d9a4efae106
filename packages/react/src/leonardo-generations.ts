import type {
  LeonardoError,
  LeonardoFollowOptions,
  LeonardoGenerationOptions,
  LeonardoGenerationOutcome,
  LeonardoInitImagePolicy,
} from '@uppy-presign/s3-post'
import { useCallback, useEffect, useSyncExternalStore } from 'react'

type LeonardoGeneratedImage = LeonardoGenerationOutcome['images'][number]

/** Where the generation of one uploaded init image stands, as the results panel shows it. */
export type LeonardoGenerationState =
  | { status: 'idle' }
  | { status: 'PENDING'; generationId?: string }
  | { status: 'COMPLETE'; generationId: string; images: LeonardoGeneratedImage[] }
  | { status: 'FAILED'; message: string; hint?: string; kind?: string }

/** What `<S3PostUploader generate>` (and `useLeonardoGeneration`) start each generation with. */
export interface LeonardoGenerateOptions extends Pick<LeonardoFollowOptions, 'poll' | 'waitFor'> {
  /** Added to the adapter's `generation` settings: a `prompt` a person typed, `num_images` … */
  request?: Partial<LeonardoGenerationOptions['request']>
  /** Called once per init image whose generation ended COMPLETE. */
  onGenerated?: (initImageId: string, outcome: LeonardoGenerationOutcome) => void
}

interface Tracker {
  state: LeonardoGenerationState
  listeners: Set<() => void>
  started: boolean
}

/**
 * Per adapter, per init image: one generation, whoever renders it. A component that mounts twice (React's
 * StrictMode, a list re-rendered) reads the same one instead of spending credits on a second.
 */
const IDLE: LeonardoGenerationState = { status: 'idle' }

const trackers = new WeakMap<LeonardoInitImagePolicy, Map<string, Tracker>>()

function trackerOf(policy: LeonardoInitImagePolicy, initImageId: string): Tracker {
  let byImage = trackers.get(policy)
  if (!byImage) {
    byImage = new Map()
    trackers.set(policy, byImage)
  }
  let tracker = byImage.get(initImageId)
  if (!tracker) {
    tracker = { state: { status: 'idle' }, listeners: new Set(), started: false }
    byImage.set(initImageId, tracker)
  }
  return tracker
}

function set(tracker: Tracker, state: LeonardoGenerationState) {
  tracker.state = state
  for (const listener of tracker.listeners) listener()
}

function start(
  policy: LeonardoInitImagePolicy,
  initImageId: string,
  tracker: Tracker,
  options: LeonardoGenerateOptions,
) {
  const generate = policy.generate
  if (tracker.started || !generate) return
  tracker.started = true
  set(tracker, { status: 'PENDING' })
  const { request, poll, waitFor, onGenerated } = options
  generate(initImageId, {
    request,
    poll,
    waitFor,
    onProgress: ({ generationId, status }) => {
      if (status === 'PENDING') set(tracker, { status: 'PENDING', generationId })
    },
  }).then(
    (outcome) => {
      set(tracker, { status: 'COMPLETE', generationId: outcome.generationId, images: outcome.images })
      onGenerated?.(initImageId, outcome)
    },
    (error: unknown) => {
      const { message, kind, info } = (error ?? {}) as Partial<LeonardoError>
      set(tracker, {
        status: 'FAILED',
        message: typeof message === 'string' && message ? message : String(error),
        ...(kind ? { kind } : {}),
        ...(info?.hint ? { hint: info.hint } : {}),
      })
    },
  )
}

/**
 * The generation of one uploaded init image: started once (when `initImageId` is first given) through the adapter's
 * `generate`, then followed to COMPLETE or FAILED; `retry` starts it again after a failure. Needs an adapter made
 * with `leonardo.initImage({ endpoint, generation })`.
 */
export function useLeonardoGeneration(
  policy: LeonardoInitImagePolicy,
  initImageId: string | undefined,
  options: LeonardoGenerateOptions = {},
): { state: LeonardoGenerationState; retry: () => void } {
  const tracker = initImageId ? trackerOf(policy, initImageId) : undefined
  const subscribe = useCallback(
    (listener: () => void) => {
      tracker?.listeners.add(listener)
      return () => tracker?.listeners.delete(listener)
    },
    [tracker],
  )
  const state = useSyncExternalStore(
    subscribe,
    () => tracker?.state ?? IDLE,
    () => IDLE,
  )
  // Started after render (never on a server); the options of the first render that starts it are used.
  useEffect(() => {
    if (tracker && initImageId) start(policy, initImageId, tracker, options)
  })
  const retry = useCallback(() => {
    if (!tracker || !initImageId || tracker.state.status !== 'FAILED') return
    tracker.started = false
    start(policy, initImageId, tracker, options)
  }, [tracker, policy, initImageId, options])
  return { state, retry }
}
