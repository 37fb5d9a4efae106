import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import {
  type Presigned,
  PresignPlugin,
  type PresignPluginOptions,
  policyLifetime,
  roundedBytes,
  type StorageResponse,
  UploadError,
} from '@uppy-presign/core'
import { extensionOf } from '@uppy-presign/vendors'
import { mapPolicyResponse } from './map-policy.ts'
import { sizeRangeOf } from './policy-limits.ts'
import type { PolicyRequest, PresignPolicy } from './policy-shapes.ts'
import { version } from './version.ts'

export interface S3PostPolicyOptions extends PresignPluginOptions {
  /**
   * Gets one file's POST policy: `leonardo.initImage({ endpoint })`, `leonardo.datasetImage({ endpoint, datasetId })`,
   * `typebot({ endpoint, sessionId })`, or any function answering one of those shapes or `createPresignedPost`'s
   * `{ url, fields }`.
   */
  presign: PresignPolicy
}

/** What `upload-success` carries: the vendor's handle plus where the object is. */
export interface S3PostResult extends Body {
  /** Leonardo: the image id (use it as `init_image_id`). */
  id?: string
  /** Typebot: the public URL of the file. */
  fileUrl?: string
  key: string
  location: string
}

type Opts = DefinePluginOpts<S3PostPolicyOptions, never>

declare module '@uppy/core' {
  export interface PluginTypeRegistry<M extends Meta, B extends Body> {
    S3PostPolicy: S3PostPolicy<M, B>
  }
}

/** S3's placeholder in a POST `key` for the name of the uploaded file (built up so it reads as no template). */
const FILENAME_VARIABLE = ['$', '{filename}'].join('')

/**
 * Uppy uploader for S3 POST policies (Leonardo.ai, Typebot, `createPresignedPost`): fields first, file last.
 *
 * `S3PostPolicy` as a type, without arguments, is the plugin of a `new Uppy<Meta, S3PostResult>()`: typed results come from
 * Uppy's `B`, which `upload-success` carries.
 */
export default class S3PostPolicy<M extends Meta = Meta, B extends Body = S3PostResult> extends PresignPlugin<
  Opts,
  M,
  B
> {
  static VERSION = version

  constructor(uppy: Uppy<M, B>, opts: S3PostPolicyOptions) {
    super(uppy, opts)
    this.id = this.opts.id ?? 'S3PostPolicy'
    this.i18nInit()
  }

  /** The policy source's own strings (Leonardo's rules), again whenever `setOptions` changes it. */
  override i18nInit(): void {
    this.defaultLocale = this.opts.presign?.locale
    super.i18nInit()
  }

  protected override loadLocale() {
    return import('./locale.ts')
  }

  #request(file: UppyFile<M, B>): PolicyRequest {
    const name = file.name ?? 'file'
    return { name, type: file.type ?? '', extension: extensionOf(name), size: file.size ?? 0, data: file.data as Blob }
  }

  #words = () => this.words()

  check(file: UppyFile<M, B>): void | Promise<void> {
    return this.opts.presign.check?.(this.#request(file), this.#words)
  }

  /** POST-policy vendors sign one file per call (the engine's default batch size): one call per file here. */
  presignBatch(files: UppyFile<M, B>[]): Promise<Presigned[]> {
    return Promise.all(files.map((file) => this.#presignOne(file)))
  }

  async #presignOne(file: UppyFile<M, B>): Promise<Presigned> {
    const answer = await this.opts.presign(this.#request(file))
    // An answer it cannot use is a PresignShapeProblem, which the engine words with `malformedPresign`.
    const { url, fields, data } = mapPolicyResponse(answer)
    // The policy says when it was signed and when it lapses; the engine reads the rest from the URL.
    return { signed: { method: 'POST', url, fields, ...policyLifetime(fields) }, data }
  }

  /**
   * The bytes to send, asked for after the policy: the size the policy allows is checked on what is sent (Leonardo's
   * fitTo may have scaled the image down), before any of it is.
   */
  async body(file: UppyFile<M, B>, presigned: Presigned): Promise<Blob> {
    const request = this.#request(file)
    const data = (await this.opts.presign.prepare?.(request, this.#words)) ?? request.data
    const range = presigned.signed.method === 'POST' ? sizeRangeOf(presigned.signed.fields) : undefined
    const { size } = data
    if (!range || (size >= range.min && size <= range.max)) return data
    const tooLarge = size > range.max
    const sizes = {
      size,
      sizeRounded: roundedBytes(size),
      min: range.min,
      minRounded: roundedBytes(range.min),
      max: range.max,
      maxRounded: roundedBytes(range.max),
    }
    const t = await this.words()
    throw new UploadError(t(tooLarge ? 'tooLarge' : 'tooSmall', { name: request.name, ...sizes }), {
      kind: tooLarge ? 'too-large' : 'too-small',
      fileName: request.name,
      retryable: false,
      details: { size: String(size), min: String(range.min), max: String(range.max) },
    })
  }

  result(file: UppyFile<M, B>, presigned: Presigned, response: StorageResponse): { body: B; uploadURL: string } {
    const { fields, url } = presigned.signed as { fields: Record<string, string>; url: string }
    // S3 puts the name the form sent the file under (the transport sends file.name) in place of ${filename}.
    const key = (Object.entries(fields).find(([k]) => k.toLowerCase() === 'key')?.[1] ?? '').replaceAll(
      FILENAME_VARIABLE,
      file.name ?? 'file',
    )
    // S3 says where it put the object (Location, when CORS exposes it); else path-style from the form's URL.
    const location =
      response.header('location') ?? `${url.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`
    const data = presigned.data as { id?: string; fileUrl?: string }
    return { body: { ...data, key, location } as unknown as B, uploadURL: data.fileUrl ?? location }
  }
}
