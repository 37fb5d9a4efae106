import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import {
  brokenNameRules,
  explanations,
  type PresignedFile,
  PresignPlugin,
  type PresignPluginOptions,
  sanitizeFileName,
  UploadError,
  type UploadErrorKind,
  type UploadFlow,
} from '@uppy-presign/core'
import locale from './locale.ts'
import { mapSignedUrls } from './map-signed-urls.ts'
import { STARTRAIL_MAX_BYTES, type StartrailSignedUrlsResponse } from './startrail.ts'
import { version } from './version.ts'

/** A signed PUT as an app's own backend may hand it out (GCS `getSignedUrl` with a `contentType`). */
export type SignedGcsPut = { url: string; contentType?: string; headers?: Record<string, string>; finalUrl?: string }

export interface GcsSignedUrlOptions extends PresignPluginOptions {
  /**
   * Signs a batch of files: `startrail({ endpoint, category })`, or any function answering Startrail's shape
   * `{ results: [{ filename, contentType, url, finalUrl }] }`, or a list of `{ url, contentType?, headers? }`.
   */
  presign: (files: Array<{ filename: string }>) => Promise<StartrailSignedUrlsResponse | SignedGcsPut[]>
  /** Files per signing call. Startrail signs many per call; its URLs live 15 minutes, so batches stay modest. */
  batchSize?: number
  /**
   * Startrail names must have no spaces, an extension, and be unique per issuer: by default the uploader sends a
   * safe unique name (spaces replaced, extension kept, a `Date.now()` suffix, as Startrail's doc suggests).
   * `false`: send names as they are and refuse ones that break the rules, with a clear error.
   */
  uniqueNames?: boolean
  /** Largest accepted file (Startrail: 2^31 − 1 bytes). */
  maxFileSize?: number
}

/** What `upload-success` carries for each file. */
export interface GcsResult extends Body {
  /** The URL to keep (Startrail: the one to use in the issue endpoint). */
  finalUrl: string
  /** The Content-Type the upload was signed for and sent with. */
  contentType: string
  /** The name the file was stored under. */
  filename: string
}

const defaultOptions = {
  batchSize: 20,
  uniqueNames: true,
  maxFileSize: STARTRAIL_MAX_BYTES,
} satisfies Partial<GcsSignedUrlOptions>

type Opts = DefinePluginOpts<GcsSignedUrlOptions, keyof typeof defaultOptions>

declare module '@uppy/core' {
  export interface PluginTypeRegistry<M extends Meta, B extends Body> {
    GcsSignedUrl: GcsSignedUrl<M, B>
  }
}

/** Uppy uploader for Google Cloud Storage V4 signed URLs (Startrail): PUT with exactly the signed Content-Type. */
export default class GcsSignedUrl<M extends Meta, B extends Body> extends PresignPlugin<Opts, M, B> {
  static VERSION = version
  /** The name each file is signed under, fixed once so a re-sign after expiry asks for the same name. */
  readonly #names = new Map<string, string>()
  #counter = 0

  constructor(uppy: Uppy<M, B>, opts: GcsSignedUrlOptions) {
    super(uppy, { ...defaultOptions, ...opts })
    this.id = this.opts.id ?? 'GcsSignedUrl'
    this.defaultLocale = locale
    this.i18nInit()
  }

  #nameOf(file: UppyFile<M, B>): string {
    const original = file.name ?? 'file'
    if (!this.opts.uniqueNames) return original
    let name = this.#names.get(file.id)
    if (!name) {
      // Date.now() alone repeats within a batch; the counter keeps names unique within this page too.
      name = sanitizeFileName(original, { unique: `${Date.now()}-${(this.#counter++).toString(36)}` })
      this.#names.set(file.id, name)
    }
    return name
  }

  /** A removed file will not be re-signed: its fixed name is no longer needed. */
  #forgetName = (file: UppyFile<M, B> | undefined) => {
    if (file) this.#names.delete(file.id)
  }

  override install(): void {
    super.install()
    this.uppy.on('file-removed', this.#forgetName)
  }

  override uninstall(): void {
    this.uppy.off('file-removed', this.#forgetName)
    super.uninstall()
  }

  protected createFlow(): UploadFlow<M, B> {
    const self = this
    return {
      get batchSize() {
        return self.opts.batchSize
      },
      check: async (file) => {
        const name = file.name ?? 'file'
        const refuse = (kind: UploadErrorKind, message: string) =>
          new UploadError(message, { kind, fileName: name, retryable: false })
        const { maxFileSize } = this.opts
        if ((file.size ?? 0) > maxFileSize) {
          throw refuse('too-large', this.i18n('tooLarge', { name, size: String(file.size), max: String(maxFileSize) }))
        }
        // Renaming replaces spaces and adds a suffix, but cannot invent the extension Startrail requires.
        const { uniqueNames } = this.opts
        const rules = { noSpaces: !uniqueNames, needsExtension: true }
        if (brokenNameRules(name, rules).length === 0) return
        const problems = (await explanations(name)).describeNameProblems(name, rules).join(' ')
        throw refuse('invalid-file', this.i18n(uniqueNames ? 'noExtension' : 'badName', { name, problems }))
      },
      presign: async (files) => {
        const names = files.map((f) => this.#nameOf(f))
        let answer: Awaited<ReturnType<GcsSignedUrlOptions['presign']>>
        try {
          answer = await this.opts.presign(names.map((filename) => ({ filename })))
        } catch (error) {
          const chosen = files.map((f) => f.name ?? 'file')
          throw (await explanations(chosen.join(', '))).namedAsChosen(error, names, chosen)
        }
        // An answer unusable as a whole is about every file of the batch: the message names them all.
        const fail = (problem: string, index?: number) => {
          const named = (index === undefined ? files : [files[index]]).map((f) => f?.name ?? 'file')
          return new UploadError(this.i18n('malformedPresignFor', { name: named.join(', '), problem }), {
            kind: 'malformed-presign',
            ...(named.length === 1 ? { fileName: named[0] } : {}),
            retryable: false,
          })
        }
        return mapSignedUrls(names, answer, fail).map(
          ({ filename, url, contentType, headers, finalUrl }): PresignedFile => ({
            signed: { method: 'PUT', url, headers },
            data: { filename, contentType, finalUrl },
          }),
        )
      },
      result: (_file, presigned) => {
        const { filename, contentType, finalUrl } = presigned.data as {
          filename: string
          contentType: string
          finalUrl?: string
        }
        const url = finalUrl ?? (presigned.signed.url.split('?')[0] as string)
        return { body: { finalUrl: url, contentType, filename } as unknown as B, uploadURL: url }
      },
    }
  }
}
