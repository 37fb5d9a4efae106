import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import {
  type Presigned,
  PresignPlugin,
  type PresignPluginOptions,
  sanitizeFileName,
  unsignedUrl,
} from '@uppy-presign/core'
import {
  STARTRAIL_CATEGORIES,
  STARTRAIL_MAX_BYTES,
  type StartrailCategory,
  type StartrailSignedUrlsResponse,
  startrailNameRulesBroken,
} from '@uppy-presign/vendors'
import { refuseReadAdapter } from './read-adapter.ts'
import { defaultCategoryOf, type StartrailFileToSign } from './startrail.ts'

import { version } from './version.ts'

/** A signed PUT as an app's own backend may hand it out (GCS `getSignedUrl` with a `contentType`). */
export type PresignedPut = { url: string; contentType?: string; headers?: Record<string, string>; finalUrl?: string }

export interface GcsSignedUrlOptions extends PresignPluginOptions {
  /**
   * Signs a batch of files: `startrail({ endpoint, category })`, or any function answering Startrail's shape
   * `{ results: [{ filename, contentType, url, finalUrl }] }`, or a list of `{ url, contentType?, headers? }`.
   * Each file comes with its `category` when it has one: its `meta.category`, else the default `startrail()` was
   * given.
   */
  presign: (files: StartrailFileToSign[]) => Promise<StartrailSignedUrlsResponse | PresignedPut[]>
  /**
   * The categories a file's `meta.category` may name (Startrail: where its `finalUrl` points). A file with another
   * one is refused before any request, the rest of its batch goes on. Default: all five of Startrail's; list only
   * those your proxy's `allow.categories` lets through.
   */
  categories?: readonly StartrailCategory[]
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
  /**
   * The Startrail category it was signed for (its `meta.category`, else the adapter's default); absent when a custom
   * `presign` signs files that name none.
   */
  category?: StartrailCategory
}

/** Where a file's category came from: its own `meta.category`, or the signing function's default. */
const defaultOptions = {
  // Startrail signs many files per call; its URLs live 15 minutes, so batches stay modest.
  batchSize: 20,
  uniqueNames: true,
  maxFileSize: STARTRAIL_MAX_BYTES,
  categories: STARTRAIL_CATEGORIES,
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

  /**
   * uniqueNames: false: each name signed, and the file it was signed for. A second file under a name another file
   * of this Uppy still holds (signed, not yet done) is refused: both would write one object, the later over the
   * earlier.
   */
  readonly #signedNames = new Map<string, string>()

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

  /**
   * The category a file is signed for: the one it was signed for before (a re-sign must ask for the same, or its
   * finalUrl would move), else its `meta.category`, else the signing function's default. Unset: `''` or nothing
   * (a picker's empty choice).
   */
  #categoryOf(file: UppyFile<M, B>, previous?: Presigned): StartrailCategory | undefined {
    const own = (previous?.data?.category ?? file.meta.category) as StartrailCategory | undefined
    return own || defaultCategoryOf(this.opts.presign)
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
    const category = this.#categoryOf(file)
    const allowed: readonly string[] = this.opts.categories
    const badCategory = category !== undefined && !allowed.includes(category)
    if (size <= maxFileSize && broken.length === 0 && !badCategory) return
    const [t, { fileRefusal, categoryRefusal }] = await Promise.all([this.words(), import('./refusals.ts')])
    if (size > maxFileSize || broken.length > 0) throw fileRefusal(t, name, { size, maxFileSize, uniqueNames, broken })
    throw categoryRefusal(t, name, { category: String(category), own: Boolean(file.meta.category), allowed })
  }

  async presignBatch(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Promise<Presigned[]> {
    const names = files.map((f, i) => this.#nameOf(f, previous[i]))
    if (!this.opts.uniqueNames) {
      const { namesHeldByOthers } = await import('./names-held.ts')
      const held = namesHeldByOthers(this.uppy, this.#signedNames, files, names)
      if (held.length > 0) {
        const [t, { nameHeldRefusal }] = await Promise.all([this.words(), import('./refusals.ts')])
        throw nameHeldRefusal(t, names, held)
      }
    }
    // `check` let only allowed categories through; a file without one is left to the signing function.
    const categories = files.map((f, i) => this.#categoryOf(f, previous[i]))
    // What reads the answer loads beside the signing call, not with the page: the call takes longer than the chunk.
    const reading = import('./map-signed-urls.ts')
    reading.catch(() => {})
    let answer: Awaited<ReturnType<GcsSignedUrlOptions['presign']>>
    try {
      // A file without a category is left to the signing function (JSON leaves `category: undefined` out).
      answer = await this.opts.presign(names.map((fileName, i) => ({ fileName, category: categories[i] })))
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
    const { mapSignedUrls } = await reading
    return mapSignedUrls(names, answer).map(({ fileName, url, contentType, headers, finalUrl }, i) => ({
      signed: { method: 'PUT', url, headers },
      data: { fileName, contentType, finalUrl, category: categories[i] },
    }))
  }

  result(_file: UppyFile<M, B>, presigned: Presigned): { body: B; uploadURL: string } {
    const { fileName, contentType, finalUrl, category } = presigned.data as {
      fileName: string
      contentType: string
      finalUrl?: string
      category?: StartrailCategory
    }
    const url = finalUrl ?? unsignedUrl(presigned.signed.url)
    const body: GcsResult = { finalUrl: url, contentType, fileName, category }
    return { body: body as unknown as B, uploadURL: url }
  }
}
