import type { Body, Meta, PluginOpts, Uppy, UppyFile } from '@uppy/core'
import { BasePlugin } from '@uppy/core'
import type { OptionalPluralizeLocale } from '@uppy/core/utils'
import { PresignUploadEngine } from './engine.ts'
import { type Explain, explainer, type Translate, translator } from './failures.ts'
import { displayFileName } from './file-names.ts'
import {
  type EngineOptions,
  engineDefaults,
  type Presigned,
  type PresignShapeProblem,
  type UploadFlow,
} from './flow.ts'
import coreLocale from './locale.ts'
import type { StorageResponse } from './transport.ts'
import { UploadError } from './upload-error.ts'

/** Options every presign plugin takes on top of its own: the engine's knobs, all optional. */
export interface PresignPluginOptions extends PluginOpts, Partial<EngineOptions> {}

/**
 * What the flow plugins share as Uppy plugins: an uploader that runs the engine with the flow the subclass
 * describes in its methods (`presignBatch`, `result`, optionally `check`, `body`, `alongside`). Every engine option
 * is in `opts` from the start, with `engineDefaults` where the app and the subclass set none.
 */
export abstract class PresignPlugin<Opts extends PresignPluginOptions, M extends Meta, B extends Body>
  extends BasePlugin<Opts & EngineOptions, M, B>
  implements UploadFlow<M, B>
{
  #engine?: PresignUploadEngine<M, B>

  #words?: Promise<Translate>

  /**
   * The flow's own strings (its `src/locale.ts`). Every one of them words a failure, so they load with the first
   * one, through `words()`, rather than in every page's bundle.
   */
  protected loadLocale?(): Promise<{ default: OptionalPluralizeLocale }>

  /**
   * Translate with the flow's own strings, loaded on first use; the app's `locale` option still wins. Should they
   * not load (the page's own server gone too), the failure that needed them is reported by `explain`'s fallback
   * instead: the file's name and status.
   */
  protected words(): Promise<Translate> {
    this.#words ??= (this.loadLocale?.() ?? Promise.resolve({ default: undefined })).then(
      ({ default: own }) =>
        (key, values) =>
          translator([coreLocale, own, this.defaultLocale, this.uppy.locale, this.opts.locale])(key, values),
    )
    // A failed load is tried again with the next failure, not remembered.
    this.#words.catch(() => {
      this.#words = undefined
    })
    return this.#words
  }

  /** The `malformed-presign` error for an answer the flow cannot use: its `malformedPresign` string, the problem in it. */
  async malformedPresign(files: UppyFile<M, B>[], problem: PresignShapeProblem): Promise<UploadError> {
    const t = await this.words()
    const about = problem.fileIndex === undefined ? files : files.slice(problem.fileIndex, problem.fileIndex + 1)
    const names = about.map((f) => f.name ?? 'file')
    // Each name as a person should see it: a list is not shortened as one name would be.
    const shown = names.map(displayFileName).join(', ')
    return new UploadError(t('malformedPresign', { names: shown, problem: t(problem.key, problem.values) }), {
      kind: 'malformed-presign',
      ...(names.length === 1 ? { fileName: names[0] } : {}),
      retryable: false,
    })
  }

  /** Words a failure in this plugin's locale (the app's `locale` option wins), loading the words on first use. */
  protected readonly explain: Explain = explainer(() => [this.uppy.locale, this.opts.locale])

  constructor(uppy: Uppy<M, B>, opts: Opts) {
    super(uppy, { ...engineDefaults, ...opts })
    this.type = 'uploader'
  }

  /**
   * Uppy's i18n, plus the engine's strings, with every value spliced in shown as a person should see it (see
   * `translator`): a name with U+202E in it would otherwise reorder the rest of the message on screen.
   */
  override i18nInit(): void {
    super.i18nInit()
    this.i18n = translator([coreLocale, this.defaultLocale, this.uppy.locale, this.opts.locale])
  }

  abstract presignBatch(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Promise<Presigned[]>

  abstract result(
    file: UppyFile<M, B>,
    presigned: Presigned,
    response: StorageResponse,
    alongside?: Promise<unknown>,
  ): { body: B; uploadURL?: string } | Promise<{ body: B; uploadURL?: string }>

  override install(): void {
    this.#engine = new PresignUploadEngine(this.uppy, this, {
      explain: this.explain,
      i18n: (key, values) => this.i18n(key, values as Parameters<typeof this.i18n>[1]),
    })
    this.uppy.addUploader(this.#engine.upload)
    this.#engine.attach()
  }

  override uninstall(): void {
    if (!this.#engine) return
    this.uppy.removeUploader(this.#engine.upload)
    this.#engine.dispose()
    this.#engine = undefined
  }
}
