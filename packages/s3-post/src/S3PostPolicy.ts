import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import { extensionOf, PresignPlugin, type PresignPluginOptions, UploadError, type UploadFlow } from '@uppy-presign/core'
import locale from './locale.ts'
import { mapPolicyResponse } from './map-policy.ts'
import { formatBytes, type SizeRange, sizeRangeOf } from './policy-limits.ts'
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

/** Uppy uploader for S3 POST policies (Leonardo.ai, Typebot, `createPresignedPost`): fields first, file last. */
export default class S3PostPolicy<M extends Meta, B extends Body> extends PresignPlugin<Opts, M, B> {
  static VERSION = version
  /** Each file's policy size range, from its presign until its bytes are ready to be checked against it. */
  readonly #sizeRanges = new Map<string, SizeRange>()

  constructor(uppy: Uppy<M, B>, opts: S3PostPolicyOptions) {
    super(uppy, opts)
    this.id = this.opts.id ?? 'S3PostPolicy'
    this.defaultLocale = locale
    this.i18nInit()
  }

  #request(file: UppyFile<M, B>): PolicyRequest {
    const name = file.name ?? 'file'
    return { name, type: file.type ?? '', extension: extensionOf(name), size: file.size ?? 0, data: file.data as Blob }
  }

  /** Refuses bytes the policy's content-length-range would refuse, before any of them is sent. */
  #checkSize(name: string, size: number, range: SizeRange | undefined): void {
    if (!range || (size >= range.min && size <= range.max)) return
    const tooLarge = size > range.max
    const message = tooLarge
      ? this.i18n('tooLarge', { name, size: formatBytes(size), max: formatBytes(range.max) })
      : this.i18n('tooSmall', { name, size: formatBytes(size), min: formatBytes(range.min) })
    throw new UploadError(message, {
      kind: tooLarge ? 'too-large' : 'too-small',
      fileName: name,
      retryable: false,
      details: { size: String(size), min: String(range.min), max: String(range.max) },
    })
  }

  protected createFlow(): UploadFlow<M, B> {
    return {
      // POST-policy vendors sign one file per call.
      batchSize: 1,
      check: (file) => this.opts.presign.check?.(this.#request(file)),
      // The engine asks for the bytes after the policy: the size the policy allows is checked on what is sent
      // (Leonardo's fitTo may have scaled the image down).
      body: async (file) => {
        const data = (await this.opts.presign.prepare?.(this.#request(file))) ?? (file.data as Blob)
        const range = this.#sizeRanges.get(file.id)
        this.#sizeRanges.delete(file.id)
        this.#checkSize(file.name ?? 'file', data.size, range)
        return data
      },
      presign: async ([file]) => {
        const uppyFile = file as UppyFile<M, B>
        const request = this.#request(uppyFile)
        const { url, fields, keep } = mapPolicyResponse(
          await this.opts.presign(request),
          (problem) =>
            new UploadError(this.i18n('malformedPolicy', { name: request.name, problem }), {
              kind: 'malformed-presign',
              fileName: request.name,
              retryable: false,
            }),
        )
        const range = sizeRangeOf(fields)
        if (range) this.#sizeRanges.set(uppyFile.id, range)
        else this.#sizeRanges.delete(uppyFile.id)
        return [{ signed: { method: 'POST', url, fields }, data: keep }]
      },
      result: (file, presigned, response) => {
        const { fields, url } = presigned.signed as { fields: Record<string, string>; url: string }
        this.#sizeRanges.delete(file.id)
        // S3 puts the name the form sent the file under (the transport sends file.name) in place of ${filename}.
        const key = (Object.entries(fields).find(([k]) => k.toLowerCase() === 'key')?.[1] ?? '').replaceAll(
          FILENAME_VARIABLE,
          file.name ?? 'file',
        )
        // S3 says where it put the object (Location, when CORS exposes it); else path-style from the form's URL.
        const location =
          response.header('location') ??
          `${url.replace(/\/+$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`
        const keep = presigned.data as { id?: string; fileUrl?: string }
        return { body: { ...keep, key, location } as unknown as B, uploadURL: keep.fileUrl ?? location }
      },
    }
  }
}
