import { imageTypeOf, presignRequest, type SniffedImageType, type Translate, UploadError } from '@uppy-presign/core'
import {
  LEONARDO_EXTENSIONS,
  type LeonardoDatasetImageResponse,
  type LeonardoGenerationFields,
  type LeonardoGenerationRequest,
  type LeonardoInitImageResponse,
  leonardoGenerationProblems,
  readLeonardoError,
} from '@uppy-presign/vendors'
import { assertFitTo, type FitTo } from './fit-to.ts'
import {
  type LeonardoFollowOptions,
  type LeonardoGenerationOutcome,
  leonardoGeneration,
} from './leonardo-generation.ts'
import type { PolicyRequest, PresignPolicy } from './policy-shapes.ts'

/** Leonardo's rules in words; the adapter hands them to the plugin's locale, where an app can translate them. */
const leonardoLocale = {
  strings: {
    // The extension is not one Leonardo takes; %{extensions} lists those it does, %{extension} is the file's.
    leonardoExtension: '%{name}: Leonardo takes %{extensions} images; this file\'s extension is "%{extension}".',
    // The bytes are another format than the extension says; %{format} is what they are (one of the two strings below).
    leonardoFormatMismatch:
      '%{name}: the name says .%{extension} but the bytes are %{format}; Leonardo needs the format the extension declares. Rename the file to match its content, or export it again as %{declared}.',
    // %{format} when the bytes are a known image format (PNG, JPEG, WEBP).
    leonardoFormatImage: 'a %{format} image',
    // %{format} when they are not.
    leonardoFormatUnknown: 'not a PNG, JPEG or WebP image',
    // The file has no extension, in leonardoExtension's %{extension}.
    leonardoNoExtension: 'none',
    // fitTo's %{reason} when this browser has no 2D canvas.
    leonardoFitNoCanvas: 'no 2D canvas context: cannot scale the image in this browser',
    // fitTo's %{reason} when this browser cannot encode the image's %{format}.
    leonardoFitCannotEncode: 'this browser cannot encode %{format} images',
    // fitTo could not scale the image (a damaged file); %{reason} is the browser's, or one of the two above.
    leonardoFitFailed:
      '%{name}: the image could not be scaled to %{width}×%{height} (%{reason}). Check that the file opens as an image, or upload it without fitTo.',
  },
}

export interface LeonardoAdapterOptions {
  /** Leonardo's REST base, `…/api/rest/v1` (on the mock: `http://127.0.0.1:4010/leonardo/api/rest/v1`; behind a proxy: `/app/leonardo`). */
  endpoint: string
  /** Extra request headers. The Leonardo API key belongs on your server (`leonardoProxy`), not here. */
  headers?: Record<string, string>
  fetch?: typeof fetch
  /**
   * Scale images in the browser to the bounds of the generation they will be used in (Leonardo: "scaled to
   * respect the maximum boundaries and aspect ratio … otherwise it will look deformed"). Format and extension stay.
   * Given, it wins over the bounds `generation` implies.
   */
  fitTo?: FitTo
}

/** The generation an init image is for: `POST …/generations`' body without `init_image_id`, with its size. */
export interface LeonardoGenerationSettings extends Omit<LeonardoGenerationFields, 'init_image_id' | 'prompt'> {
  width: number
  height: number
  /** Required by Leonardo; may instead be given to `generate` (a prompt a person types after the upload). */
  prompt?: string
  /** Leonardo's other generation fields (`alchemy`, `presetStyle` …), sent as they are. */
  [other: string]: unknown
}

export interface LeonardoInitImageOptions extends LeonardoAdapterOptions {
  /**
   * The generation the init images will be used in. Its `width`×`height` is what images are fitted to before
   * upload (unless `fitTo` says otherwise), and the adapter gets `generate(initImageId)`.
   */
  generation?: LeonardoGenerationSettings
  /**
   * How an image is fitted to `generation`'s bounds: `cover` (default) crops it to their aspect ratio, centred, then
   * scales it down, so the generation does not stretch it; `contain` scales it down whole; `false` sends it as it is.
   */
  fit?: FitTo['mode'] | false
}

/** The init-image adapter made with `generation`: it can start that generation from an uploaded image. */
export type LeonardoInitImagePolicy = PresignPolicy & {
  /** The settings it was made with. */
  generation?: LeonardoGenerationSettings
  /**
   * Starts the generation from an uploaded init image (its `id`) and follows it to COMPLETE or FAILED, through the
   * adapter's `endpoint`. `request` adds to or replaces the settings (a `prompt` typed after the upload).
   */
  generate?: (
    initImageId: string,
    options?: LeonardoFollowOptions & { request?: Partial<LeonardoGenerationRequest> },
  ) => Promise<LeonardoGenerationOutcome>
}

/** The formats Leonardo takes, by the type of the file's bytes (an SVG is none of them: "not a PNG, JPEG or WebP"). */
const LEONARDO_FORMATS: Partial<Record<SniffedImageType, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
}

/**
 * Leonardo's rules, checked before any request: the extension is one it takes, and the bytes really are that
 * format — Leonardo stores whatever arrives, and only the generation fails later on a mismatch.
 */
async function checkImage(file: PolicyRequest, words: () => Promise<Translate>): Promise<void> {
  const refuse = (message: string) =>
    new UploadError(message, { kind: 'invalid-file', fileName: file.name, retryable: false })
  if (!(LEONARDO_EXTENSIONS as readonly string[]).includes(file.extension)) {
    const t = await words()
    throw refuse(
      t('leonardoExtension', {
        name: file.name,
        extensions: LEONARDO_EXTENSIONS.join(', '),
        extension: file.extension || t('leonardoNoExtension'),
      }),
    )
  }
  const sniffed = await imageTypeOf(file.data)
  const format = sniffed && LEONARDO_FORMATS[sniffed]
  const declared = file.extension === 'jpg' ? 'jpeg' : file.extension
  if (format !== declared) {
    const t = await words()
    throw refuse(
      t('leonardoFormatMismatch', {
        name: file.name,
        extension: file.extension,
        format: format ? t('leonardoFormatImage', { format: format.toUpperCase() }) : t('leonardoFormatUnknown'),
        declared: declared.toUpperCase(),
      }),
    )
  }
}

function adapter<T>(
  path: (file: PolicyRequest) => string,
  { endpoint, headers, fetch, fitTo }: LeonardoAdapterOptions,
): PresignPolicy {
  const base = endpoint.replace(/\/+$/, '')
  const presign = (file: PolicyRequest) =>
    presignRequest<T>({
      vendor: 'Leonardo.ai',
      url: `${base}${path(file)}`,
      body: { extension: file.extension },
      headers,
      fetch,
      fileNames: [file.name],
      readError: readLeonardoError,
    })
  if (fitTo) assertFitTo(fitTo)
  const prepare = fitTo
    ? async (file: PolicyRequest, words: () => Promise<Translate>) => {
        const format = file.extension === 'jpg' ? 'jpeg' : (file.extension as 'png' | 'jpeg' | 'webp')
        try {
          // Scaling code loads only for adapters made with fitTo, and its failure to load is reported like a
          // failure to scale.
          const { fitImage } = await import('./fit-image.ts')
          return await fitImage(file.data, format, fitTo)
        } catch (cause) {
          // Its first bytes said PNG/JPEG/WebP, but the rest does not decode (a truncated or damaged file: the
          // browser's words), or this browser cannot scale it (ours, from the locale).
          const t = await words()
          const reason =
            (cause as Error)?.name === 'FitImageError'
              ? t((cause as { key: string }).key, { format: (cause as { format: string }).format })
              : String((cause as Error)?.message ?? cause).replace(/\.$/, '')
          throw new UploadError(
            t('leonardoFitFailed', { name: file.name, width: fitTo.width, height: fitTo.height, reason }),
            { kind: 'invalid-file', fileName: file.name, retryable: false, cause },
          )
        }
      }
    : undefined
  return Object.assign(presign as unknown as PresignPolicy, { check: checkImage, prepare, locale: leonardoLocale })
}

/** Refuses settings that break Leonardo's rules when the adapter is made, not when a person's image is uploaded. */
function assertGeneration(generation: LeonardoGenerationSettings): void {
  const problems = leonardoGenerationProblems({ prompt: 'checked when generating', ...generation }).filter(
    (p) => !(p.path === '$.prompt' && generation.prompt === undefined),
  )
  if (generation.width === undefined || generation.height === undefined) {
    problems.unshift({
      message: 'generation.width and generation.height are required (the bounds to fit to)',
      path: '$',
    })
  }
  if (problems.length) {
    throw new RangeError(`generation: ${problems.map((p) => `${p.message} (at ${p.path})`).join('; ')}`)
  }
}

function initImage(options: LeonardoInitImageOptions): LeonardoInitImagePolicy {
  const { generation, fit = 'cover', fitTo, ...rest } = options
  if (!generation) return adapter<LeonardoInitImageResponse>(() => '/init-image', options)
  assertGeneration(generation)
  if (fit !== false && fit !== 'cover' && fit !== 'contain') {
    throw new RangeError(`fit must be 'cover', 'contain' or false (got ${JSON.stringify(fit)})`)
  }
  const bounds: FitTo | undefined =
    fitTo ?? (fit === false ? undefined : { width: generation.width, height: generation.height, mode: fit })
  const policy = adapter<LeonardoInitImageResponse>(() => '/init-image', { ...rest, fitTo: bounds })
  const { endpoint, headers, fetch } = options
  const generate: LeonardoInitImagePolicy['generate'] = (initImageId, { request, ...follow } = {}) =>
    leonardoGeneration({
      endpoint,
      headers,
      fetch,
      request: { ...generation, ...request, init_image_id: initImageId } as LeonardoGenerationRequest,
      ...follow,
    })
  return Object.assign(policy, { generation, generate })
}

/** Leonardo.ai clients for `S3PostPolicy`'s `presign`: one call per file, as the API is. */
export const leonardo = {
  /**
   * `POST /init-image`: the result's `id` is the init image of a later generation. With `generation`, images are
   * fitted to its size before upload, and the adapter's `generate(id)` starts it and follows it to its images.
   */
  initImage,
  /** `POST /datasets/{datasetId}/upload`. */
  datasetImage: (options: LeonardoAdapterOptions & { datasetId: string }): PresignPolicy =>
    adapter<LeonardoDatasetImageResponse>(() => `/datasets/${encodeURIComponent(options.datasetId)}/upload`, options),
}
