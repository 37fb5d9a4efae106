import { presignRequest, UploadError } from '@uppy-presign/core'
import { assertFitTo, type FitTo } from './fit-to.ts'
import { imageFormatOf } from './magic-bytes.ts'
import type {
  LeonardoDatasetImageResponse,
  LeonardoInitImageResponse,
  PolicyRequest,
  PresignPolicy,
} from './policy-shapes.ts'

export const LEONARDO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp']

export interface LeonardoAdapterOptions {
  /** Leonardo's REST base, `…/api/rest/v1` (on the mock: `http://127.0.0.1:4010/leonardo/api/rest/v1`; behind a proxy: `/app/leonardo`). */
  endpoint: string
  /** Extra request headers. The Leonardo API key belongs on your server (`leonardoProxy`), not here. */
  headers?: Record<string, string>
  fetch?: typeof fetch
  /**
   * Scale images in the browser to the bounds of the generation they will be used in (Leonardo: "scaled to
   * respect the maximum boundaries and aspect ratio … otherwise it will look deformed"). Format and extension stay.
   */
  fitTo?: FitTo
}

/**
 * Leonardo's rules, checked before any request: the extension is one it takes, and the bytes really are that
 * format — Leonardo stores whatever arrives, and only the generation fails later on a mismatch.
 */
async function checkImage(file: PolicyRequest): Promise<void> {
  if (!LEONARDO_EXTENSIONS.includes(file.extension)) {
    throw new UploadError(
      `${file.name}: Leonardo takes ${LEONARDO_EXTENSIONS.join(', ')} images; this file's extension is "${file.extension || 'none'}".`,
      {
        kind: 'invalid-file',
        fileName: file.name,
        retryable: false,
      },
    )
  }
  const format = await imageFormatOf(file.data)
  const declared = file.extension === 'jpg' ? 'jpeg' : file.extension
  if (format !== declared) {
    throw new UploadError(
      `${file.name}: the name says .${file.extension} but the bytes are ${format ? `a ${format.toUpperCase()} image` : 'not a PNG, JPEG or WebP image'}; Leonardo needs the format the extension declares. Rename the file to match its content, or export it again as ${declared.toUpperCase()}.`,
      { kind: 'invalid-file', fileName: file.name, retryable: false },
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
    })
  if (fitTo) assertFitTo(fitTo)
  const prepare = fitTo
    ? async (file: PolicyRequest) => {
        const format = file.extension === 'jpg' ? 'jpeg' : (file.extension as 'png' | 'jpeg' | 'webp')
        try {
          // Scaling code loads only for adapters made with fitTo, and its failure to load is reported like a
          // failure to scale.
          const { fitImage } = await import('./fit-image.ts')
          return await fitImage(file.data, format, fitTo)
        } catch (cause) {
          // Its first bytes said PNG/JPEG/WebP, but the rest does not decode (a truncated or damaged file).
          throw new UploadError(
            `${file.name}: the image could not be scaled to ${fitTo.width}×${fitTo.height} (${String((cause as Error)?.message ?? cause).replace(/\.$/, '')}). Check that the file opens as an image, or upload it without fitTo.`,
            { kind: 'invalid-file', fileName: file.name, retryable: false, cause },
          )
        }
      }
    : undefined
  return Object.assign(presign as unknown as PresignPolicy, { check: checkImage, prepare })
}

/** Leonardo.ai clients for `S3PostPolicy`'s `presign`: one call per file, as the API is. */
export const leonardo = {
  /** `POST /init-image`: the result's `id` is the init image of a later generation. */
  initImage: (options: LeonardoAdapterOptions): PresignPolicy =>
    adapter<LeonardoInitImageResponse>(() => '/init-image', options),
  /** `POST /datasets/{datasetId}/upload`. */
  datasetImage: (options: LeonardoAdapterOptions & { datasetId: string }): PresignPolicy =>
    adapter<LeonardoDatasetImageResponse>(() => `/datasets/${encodeURIComponent(options.datasetId)}/upload`, options),
}
