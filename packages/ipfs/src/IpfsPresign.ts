import type { Body, DefinePluginOpts, Meta, Uppy, UppyFile } from '@uppy/core'
import {
  type Presigned,
  PresignPlugin,
  type PresignPluginOptions,
  PresignShapeProblem,
  type StorageResponse,
  UploadError,
  unsignedUrl,
} from '@uppy-presign/core'
import {
  isPlainFileName,
  NFT2_MAX_FILES,
  NFT2_MIME_TYPES,
  type Nft2PresignRequest,
  type Nft2PresignResponse,
} from '@uppy-presign/vendors'
import { type CidProfile, checkCidProfile, DEFAULT_CID_PROFILE } from './cid-profiles.ts'
import { version } from './version.ts'

/** A presigned PUT as an app's own backend may hand it out. */
export type PresignedPut = { url: string; headers?: Record<string, string> }

/**
 * What a presign function may declare about itself, as `nft2()`'s does: the most files one call may sign (`batchSize`
 * above it is refused at `use()`), and whose rule that is, for the message.
 */
export interface PresignLimits {
  maxFiles?: number
  vendor?: string
  /**
   * Names must be plain file names (no `/`, backslash or control character): the vendor, or its proxy, stores the
   * file under its name and refuses others, so such a file is refused before the call instead.
   */
  plainNames?: boolean
}

export interface IpfsPresignOptions extends PresignPluginOptions {
  /**
   * Presigns a batch of files: `nft2({ endpoint })`, or any function answering NFT2's shape `{ urls }`, or a list of
   * `{ url, headers? }` (one per file, in order).
   */
  presign: ((
    files: Nft2PresignRequest['files'],
  ) => Promise<Nft2PresignResponse | PresignedPut[] | { urls: PresignedPut[] }>) &
    PresignLimits
  /**
   * Mime types the gateway accepts, checked before any request (NFT2: png, jpeg, svg). Empty: any. A file with no
   * detected type (none given, no known extension) is typed from its bytes: PNG, JPEG, WebP or SVG.
   */
  allowedTypes?: string[]
  /** The response header that carries the CID (Filebase: `x-amz-meta-cid`). */
  cidHeader?: string
  /** A public gateway prefix (e.g. `https://ipfs.filebase.io/ipfs/`): `uploadURL` becomes gateway + CID. */
  gateway?: string
  /**
   * Checks the gateway's CID against the file's own: while a file uploads, a Web Worker streams the same file and
   * computes its CID with the gateway's profile (`true`: Filebase's, `kubo-cidv0`). A mismatch fails the file with
   * a `CidMismatchError`; a CID hidden by CORS is replaced by the computed one, marked `cidVerified: false`.
   */
  verifyCid?: boolean | { profile?: CidProfile }
}

/** What `upload-success` carries for each file. */
export interface IpfsResult extends Body {
  /** The CID the gateway computed (CIDv0 `Qm…` for Filebase). */
  cid: string
  /** The object's URL in the bucket (the presigned URL without its signature). */
  url: string
  /**
   * With `verifyCid` only: `true` when the gateway's CID is the CID of the file's bytes, computed in the browser;
   * `false` when that could not be checked (`cidUnverifiedReason` says why, and what to do).
   */
  cidVerified?: boolean
  /** Why `cidVerified` is `false`: e.g. CORS hides the gateway's CID, and `cid` is the browser's own. */
  cidUnverifiedReason?: string
}

const defaultOptions = {
  batchSize: NFT2_MAX_FILES,
  allowedTypes: [...NFT2_MIME_TYPES] as string[],
  cidHeader: 'x-amz-meta-cid',
} satisfies Partial<IpfsPresignOptions>

type Opts = DefinePluginOpts<IpfsPresignOptions, keyof typeof defaultOptions>

/** No type: none given and no known extension, for which Uppy gives the generic byte stream. */
const UNTYPED = new Set(['', 'application/octet-stream'])

/** Refuses a `batchSize` above what the presign function declares it signs in one call (NFT2: 50). */
function checkBatchSize({ batchSize, presign }: Pick<Opts, 'batchSize' | 'presign'>): void {
  const max = presign?.maxFiles
  if (max === undefined || !(batchSize > max)) return
  const who = presign.vendor ?? 'the presign function'
  throw new RangeError(
    `IpfsPresign: batchSize ${batchSize} is more than ${who} presigns in one call (at most ${max} files); set batchSize to ${max} or less.`,
  )
}

declare module '@uppy/core' {
  export interface PluginTypeRegistry<M extends Meta, B extends Body> {
    IpfsPresign: IpfsPresign<M, B>
  }
}

/**
 * Uppy uploader for S3-style IPFS buckets (Filebase, NFT2): presigned PUTs, batched, and the CID read back.
 *
 * `IpfsPresign` as a type, without arguments, is the plugin of a `new Uppy<Meta, IpfsResult>()`: typed results come from
 * Uppy's `B`, which `upload-success` carries.
 */
export default class IpfsPresign<M extends Meta = Meta, B extends Body = IpfsResult> extends PresignPlugin<Opts, M, B> {
  static VERSION = version

  /** The types `check` told from the bytes of files Uppy could not type, by their data (gone with the file). */
  readonly #sniffed = new WeakMap<Blob, string>()

  constructor(uppy: Uppy<M, B>, opts: IpfsPresignOptions) {
    super(uppy, { ...defaultOptions, ...opts })
    this.id = this.opts.id ?? 'IpfsPresign'
    this.i18nInit()
    // A misspelt profile or a batch the vendor refuses fails at `use()`, where the developer looks, not later as
    // every file's upload error.
    this.#verifyProfile()
    checkBatchSize(this.opts)
  }

  override setOptions(newOpts: Partial<Opts>): void {
    checkBatchSize({ ...this.opts, ...newOpts })
    super.setOptions(newOpts)
  }

  /**
   * The mime type the upload is signed for, and sent with: Uppy's detected type (it falls back to the extension), or,
   * for a file it could not type, the one `check` read from its bytes.
   */
  #mimeType(file: UppyFile<M, B>): string {
    const sniffed = file.data instanceof Blob ? this.#sniffed.get(file.data) : undefined
    return sniffed ?? (file.type || 'application/octet-stream')
  }

  /** The profile to verify CIDs with, or undefined when `verifyCid` is off. Checked, so a typo fails loudly. */
  #verifyProfile(): CidProfile | undefined {
    const { verifyCid } = this.opts
    if (!verifyCid) return undefined
    return checkCidProfile(verifyCid === true ? DEFAULT_CID_PROFILE : (verifyCid.profile ?? DEFAULT_CID_PROFILE))
  }

  protected override loadLocale() {
    return import('./locale.ts')
  }

  async check(file: UppyFile<M, B>): Promise<void> {
    // NFT2's own sample sends `file.type || "image/png"`; a typeless file is typed from its bytes instead, so a PNG
    // named `photo` goes as the PNG it is, and bytes that are no image are refused here.
    const untyped = UNTYPED.has(file.type ?? '') && file.data instanceof Blob
    if (untyped) {
      const { imageTypeOf } = await import('./image-type.ts')
      const sniffed = await imageTypeOf(file.data as Blob)
      if (sniffed) this.#sniffed.set(file.data as Blob, sniffed)
    }
    const name = file.name ?? 'file'
    const { presign } = this.opts
    if (presign.plainNames && !isPlainFileName(name)) {
      const t = await this.words()
      const suggestion = name.replace(/[\\/\u0000-\u001f\u007f]+/gu, '-')
      const vendor = presign.vendor ?? t('theVendor')
      throw new UploadError(t('nameNotPlain', { name, vendor, suggestion }), {
        kind: 'invalid-file',
        fileName: name,
        retryable: false,
      })
    }
    const types = this.opts.allowedTypes
    const type = this.#mimeType(file)
    if (types.length === 0 || types.includes(type)) return
    const t = await this.words()
    const message =
      untyped && UNTYPED.has(type)
        ? t('typeNotDetected', { name, types: types.join(', ') })
        : t('typeNotAccepted', { name, type, types: types.join(', ') })
    throw new UploadError(message, { kind: 'invalid-file', fileName: file.name, retryable: false })
  }

  async presignBatch(files: UppyFile<M, B>[]): Promise<Presigned[]> {
    const answer = await this.opts.presign(
      files.map((f) => ({ fileName: f.name ?? 'file', mimeType: this.#mimeType(f) })),
    )
    const list: unknown = Array.isArray(answer) ? answer : (answer as { urls?: unknown })?.urls
    // Names every file of the batch: the engine words it with `malformedPresign`, for each of them.
    if (!Array.isArray(list)) throw new PresignShapeProblem('presignShapeExpected')
    const presigned: Presigned[] = []
    for (const [i, item] of list.entries()) {
      const file = files[i]
      const put = typeof item === 'string' ? { url: item } : (item as PresignedPut)
      if (typeof put?.url !== 'string') {
        throw new PresignShapeProblem('presignEntryWithoutUrl', { index: i, name: file?.name ?? '' })
      }
      // NFT2's own client sends the mime type as Content-Type; the URL may sign it. No file: more URLs than files,
      // which the engine's count check refuses for the whole batch.
      const headers = put.headers ?? (file ? { 'Content-Type': this.#mimeType(file) } : {})
      presigned.push({ signed: { method: 'PUT', url: put.url, headers } })
    }
    return presigned
  }

  /**
   * Started as the file is about to be sent, so the worker reads the file while the network does. Loaded only with
   * `verifyCid`, as is the check in `result`.
   */
  async alongside(_file: UppyFile<M, B>, data: Blob, signal: AbortSignal): Promise<unknown> {
    const profile = this.#verifyProfile()
    if (!profile) return undefined
    const { computeCidSpellings } = await import('./compute-cid.ts')
    return computeCidSpellings(data, { profile, signal })
  }

  override async result(
    file: UppyFile<M, B>,
    presigned: Presigned,
    response: StorageResponse,
    computing?: Promise<unknown>,
  ): Promise<{ body: B; uploadURL: string }> {
    const header = response.header(this.opts.cidHeader)?.trim() || null
    const url = unsignedUrl(presigned.signed.url)
    const profile = this.#verifyProfile()
    const fileName = file.name ?? 'file'
    let body: IpfsResult
    if (profile) {
      const { checkCid } = await import('./verify-cid.ts')
      const checked = await checkCid({
        fileName,
        gatewayCid: header,
        cidHeader: this.opts.cidHeader,
        profile,
        computing,
        i18n: await this.words(),
        explain: this.explain,
        warn: (message) => this.uppy.log(`[IpfsPresign] ${message}`, 'warning'),
      })
      body = { ...checked, url }
    } else if (header) {
      body = { cid: header, url }
    } else {
      throw await this.explain('hiddenHeader', { fileName, header: this.opts.cidHeader })
    }
    const uploadURL = this.opts.gateway ? `${this.opts.gateway}${body.cid}` : url
    return { body: body as unknown as B, uploadURL }
  }
}
