import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import {
  type Presigned,
  PresignPlugin,
  type PresignPluginOptions,
  roundedBytes,
  sanitizeFileName,
  UnexplainedFailure,
  UploadError,
  type UploadErrorKind,
  unsignedUrl,
} from '@uppy-presign/core'
import { STARTRAIL_MAX_BYTES, type StartrailSignedUrlsResponse, startrailNameRulesBroken } from '@uppy-presign/vendors'
import locale from './locale.ts'
import { mapSignedUrls } from './map-signed-urls.ts'

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

/** Uppy uploader for Google Cloud Storage V4 signed URLs (Startrail): PUT with exactly the signed Content-Type. */
export default class GcsSignedUrl<M extends Meta, B extends Body> extends PresignPlugin<Opts, M, B> {
  static VERSION = version

  constructor(uppy: Uppy<M, B>, opts: GcsSignedUrlOptions) {
    super(uppy, { ...defaultOptions, ...opts })
    this.id = this.opts.id ?? 'GcsSignedUrl'
    this.defaultLocale = locale
    this.i18nInit()
  }

  /** The name a file is signed under: the one it was signed under before (a re-sign must ask for the same), else new. */
  #nameOf(file: UppyFile<M, B>, previous: Presigned | undefined): string {
    const original = file.name ?? 'file'
    const signedAs = previous?.data?.fileName
    if (typeof signedAs === 'string') return signedAs
    if (!this.opts.uniqueNames) return original
    return sanitizeFileName(original, { unique: `${Date.now()}-${(nameSequence++).toString(36)}` })
  }

  async check(file: UppyFile<M, B>): Promise<void> {
    const name = file.name ?? 'file'
    const refuse = (kind: UploadErrorKind, message: string) =>
      new UploadError(message, { kind, fileName: name, retryable: false })
    const { maxFileSize, uniqueNames } = this.opts
    const size = file.size ?? 0
    if (size > maxFileSize) {
      throw refuse(
        'too-large',
        this.i18n('tooLarge', {
          name,
          size,
          sizeRounded: roundedBytes(size),
          max: maxFileSize,
          maxRounded: roundedBytes(maxFileSize),
        }),
      )
    }
    // Renaming replaces spaces and adds a suffix, but cannot invent the extension Startrail requires.
    const broken = startrailNameRulesBroken(name, { allowSpaces: uniqueNames })
    if (broken.length === 0) return
    const problems = broken.map((rule) =>
      this.i18n(rule === 'noSpaces' ? 'nameHasSpaces' : 'nameNeedsExtension', {
        name,
        suggestion: name.trim().replace(/\s+/gu, '-'),
      }),
    )
    throw refuse(
      'invalid-file',
      this.i18n(uniqueNames ? 'noExtension' : 'badName', { name, problems: problems.join(' ') }),
    )
  }

  async presignBatch(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Promise<Presigned[]> {
    const names = files.map((f, i) => this.#nameOf(f, previous[i]))
    let answer: Awaited<ReturnType<GcsSignedUrlOptions['presign']>>
    try {
      answer = await this.opts.presign(names.map((fileName) => ({ fileName })))
    } catch (error) {
      // The vendor's words name the files as sent (`photo-1795324875227-0.png`); the person chose `photo.png`.
      const worded = error instanceof UnexplainedFailure ? await this.explain(error.failure, error.input) : error
      throw namedAsChosen(
        worded,
        names,
        files.map((f) => f.name ?? 'file'),
      )
    }
    // An answer unusable as a whole is about every file of the batch: the message names them all.
    const fail = (problem: string, index?: number) => {
      const named = (index === undefined ? files : [files[index]]).map((f) => f?.name ?? 'file')
      return new UploadError(this.i18n('malformedPresign', { name: named.join(', '), problem }), {
        kind: 'malformed-presign',
        ...(named.length === 1 ? { fileName: named[0] } : {}),
        retryable: false,
      })
    }
    return mapSignedUrls(names, answer, fail, this.t).map(
      ({ fileName, url, contentType, headers, finalUrl }): Presigned => ({
        signed: { method: 'PUT', url, headers },
        data: { fileName, contentType, finalUrl },
      }),
    )
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

/**
 * A flow that renames files before signing gets errors naming the files as sent; they are reworded with the names
 * the person knows. Anything but an `UploadError` is left as it is (the engine words it with the chosen names).
 */
function namedAsChosen(error: unknown, sent: string[], chosen: string[]): unknown {
  if (!(error instanceof UploadError)) return error
  const rename = (text: string) => sent.reduce((out, name, i) => out.replaceAll(name, chosen[i] ?? name), text)
  const { fileName } = error.info
  return new UploadError(rename(error.message), {
    ...error.info,
    ...(fileName === undefined ? {} : { fileName: rename(fileName) }),
    cause: error.info.cause ?? error,
  })
}
