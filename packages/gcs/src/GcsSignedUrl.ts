import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import {
  type Presigned,
  PresignPlugin,
  type PresignPluginOptions,
  sanitizeFileName,
  unsignedUrl,
} from '@uppy-presign/core'
import { STARTRAIL_MAX_BYTES, type StartrailSignedUrlsResponse, startrailNameRulesBroken } from '@uppy-presign/vendors'
import { mapSignedUrls } from './map-signed-urls.ts'
import { refuseReadAdapter } from './read-adapter.ts'

import { version } from './version.ts'

/** A signed PUT as an app's own backend may hand it out (GCS `getSignedUrl` with a `contentType`). */
export type PresignedPut = { url: string; contentType?: string; headers?: Record<string, string>; finalUrl?: string }

export interface GcsSignedUrlOptions extends PresignPluginOptions {
  /**
   * Signs a batch of files: `startrail({ endpoint, category })`, or any function answering Startrail's shape
   * `{ results: [{ filename, contentType, url, finalUrl }] }`, or a list of `{ url, contentType?, headers? }`.
   */
  presign: (files: Array<{ fileName: string }>) => Promise<StartrailSignedUrlsResponse | PresignedPut[]>
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
  fileName: string
}

const defaultOptions = {
  // Startrail signs many files per call; its URLs live 15 minutes, so batches stay modest.
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

/** Makes the unique names of one page unique even when two are made in the same millisecond. */
let nameSequence = 0

/**
 * Uppy uploader for Google Cloud Storage V4 signed URLs (Startrail): PUT with exactly the signed Content-Type.
 *
 * `GcsSignedUrl` as a type, without arguments, is the plugin of a `new Uppy<Meta, GcsResult>()`: typed results come from
 * Uppy's `B`, which `upload-success` carries.
 */
export default class GcsSignedUrl<M extends Meta = Meta, B extends Body = GcsResult> extends PresignPlugin<Opts, M, B> {
  static VERSION = version

  constructor(uppy: Uppy<M, B>, opts: GcsSignedUrlOptions) {
    super(uppy, { ...defaultOptions, ...opts })
    refuseReadAdapter(this.opts.presign, 'GcsSignedUrl')
    this.id = this.opts.id ?? 'GcsSignedUrl'
    this.i18nInit()
  }

  override setOptions(newOpts: Partial<Opts>): void {
    refuseReadAdapter(newOpts?.presign, 'GcsSignedUrl')
    super.setOptions(newOpts)
  }

  /** The name a file is signed under: the one it was signed under before (a re-sign must ask for the same), else new. */
  #nameOf(file: UppyFile<M, B>, previous: Presigned | undefined): string {
    const original = file.name ?? 'file'
    const signedAs = previous?.data?.fileName
    if (typeof signedAs === 'string') return signedAs
    if (!this.opts.uniqueNames) return original
    return sanitizeFileName(original, { unique: `${Date.now()}-${(nameSequence++).toString(36)}` })
  }

  protected override loadLocale() {
    return import('./refusals.ts')
  }

  async check(file: UppyFile<M, B>): Promise<void> {
    const name = file.name ?? 'file'
    const { maxFileSize, uniqueNames } = this.opts
    const size = file.size ?? 0
    // Renaming replaces spaces and adds a suffix, but cannot invent the extension Startrail requires.
    const broken = startrailNameRulesBroken(name, { allowSpaces: uniqueNames })
    if (size <= maxFileSize && broken.length === 0) return
    const [t, { fileRefusal }] = await Promise.all([this.words(), import('./refusals.ts')])
    throw fileRefusal(t, name, { size, maxFileSize, uniqueNames, broken })
  }

  async presignBatch(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Promise<Presigned[]> {
    const names = files.map((f, i) => this.#nameOf(f, previous[i]))
    let answer: Awaited<ReturnType<GcsSignedUrlOptions['presign']>>
    try {
      answer = await this.opts.presign(names.map((fileName) => ({ fileName })))
    } catch (error) {
      // The vendor's words name the files as sent (`photo-1795324875227-0.png`); the person chose `photo.png`.
      const { namedAsChosen } = await import('./refusals.ts')
      throw await namedAsChosen(
        error,
        names,
        files.map((f) => f.name ?? 'file'),
        this.explain,
      )
    }
    // An answer it cannot use is a PresignShapeProblem, which the engine words with `malformedPresign`.
    return mapSignedUrls(names, answer).map(({ fileName, url, contentType, headers, finalUrl }) => ({
      signed: { method: 'PUT', url, headers },
      data: { fileName, contentType, finalUrl },
    }))
  }

  result(_file: UppyFile<M, B>, presigned: Presigned): { body: B; uploadURL: string } {
    const { fileName, contentType, finalUrl } = presigned.data as {
      fileName: string
      contentType: string
      finalUrl?: string
    }
    const url = finalUrl ?? unsignedUrl(presigned.signed.url)
    return { body: { finalUrl: url, contentType, fileName } as unknown as B, uploadURL: url }
  }
}
