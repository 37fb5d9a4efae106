import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import { extensionOf, PresignPlugin, type PresignPluginOptions, UploadError, type UploadFlow } from '@uppy-presign/core'
import packageJson from '../package.json' with { type: 'json' }
import locale from './locale.ts'
import type { GetPolicy, LeonardoUploadTarget, PolicyRequest, PolicyResponse } from './policy-shapes.ts'

export interface S3PostPolicyOptions extends PresignPluginOptions {
  /**
   * Gets one file's POST policy: `leonardo.initImage({ endpoint })`, `leonardo.datasetImage({ endpoint, datasetId })`,
   * `typebot({ endpoint, sessionId })`, or any function answering one of those shapes or `createPresignedPost`'s
   * `{ url, fields }`.
   */
  getPolicy: GetPolicy
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

interface Mapped {
  url: string
  fields: Record<string, string>
  keep: { id?: string; fileUrl?: string }
}

/** Uppy uploader for S3 POST policies (Leonardo.ai, Typebot, `createPresignedPost`): fields first, file last. */
export default class S3PostPolicy<M extends Meta, B extends Body> extends PresignPlugin<Opts, M, B> {
  static VERSION = packageJson.version

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

  /** The four documented answer shapes, to one `{url, fields}` and what the app keeps. */
  #map(name: string, answer: PolicyResponse): Mapped {
    const fail = (problem: string) =>
      new UploadError(this.i18n('malformedPolicy', { name, problem }), {
        kind: 'malformed-presign',
        fileName: name,
        retryable: false,
      })
    const a = answer as Partial<Record<string, unknown>>
    const target = (a?.uploadInitImage ?? a?.uploadDatasetImage) as LeonardoUploadTarget | undefined
    if (target) {
      let fields: unknown
      try {
        fields = typeof target.fields === 'string' ? JSON.parse(target.fields) : target.fields
      } catch {
        throw fail('Leonardo sent `fields` that are not valid JSON')
      }
      if (typeof target.url !== 'string' || !fields || typeof fields !== 'object')
        throw fail('Leonardo sent no url or fields')
      return { url: target.url, fields: fields as Record<string, string>, keep: { id: target.id } }
    }
    if (typeof a?.presignedUrl === 'string') {
      if (!a.formData || typeof a.formData !== 'object') throw fail('Typebot sent no formData object')
      if (typeof a.fileUrl !== 'string')
        throw fail('Typebot sent no fileUrl, so the file could not be found after upload')
      return { url: a.presignedUrl, fields: a.formData as Record<string, string>, keep: { fileUrl: a.fileUrl } }
    }
    if (typeof a?.url === 'string' && a.fields && typeof a.fields === 'object') {
      return { url: a.url, fields: a.fields as Record<string, string>, keep: {} }
    }
    throw fail(
      'expected Leonardo’s { uploadInitImage | uploadDatasetImage }, Typebot’s { presignedUrl, formData, fileUrl } or { url, fields }',
    )
  }

  protected createFlow(): UploadFlow<M, B> {
    return {
      // POST-policy vendors sign one file per call.
      batchSize: 1,
      check: (file) => this.opts.getPolicy.check?.(this.#request(file)),
      body: (file) => this.opts.getPolicy.prepare?.(this.#request(file)) ?? (file.data as Blob),
      presign: async ([file]) => {
        const request = this.#request(file as UppyFile<M, B>)
        const { url, fields, keep } = this.#map(request.name, await this.opts.getPolicy(request))
        return [{ signed: { method: 'POST', url, fields }, data: keep }]
      },
      result: (_file, presigned, response) => {
        const { fields, url } = presigned.signed as { fields: Record<string, string>; url: string }
        const key = Object.entries(fields).find(([k]) => k.toLowerCase() === 'key')?.[1] ?? ''
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
