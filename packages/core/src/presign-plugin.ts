import type { Body, Meta, PluginOpts, Uppy } from '@uppy/core'
import { BasePlugin } from '@uppy/core'
import { defaultEngineOptions, type EngineOptions, PresignUploadEngine, type UploadFlow } from './engine.ts'
import { displayFileName, escapeInvisible } from './file-names.ts'

/** Options every presign plugin takes on top of its own: the engine's knobs. */
export interface PresignPluginOptions extends PluginOpts, Partial<EngineOptions> {}

/**
 * What the three flow plugins share as Uppy plugins: an uploader that runs the engine with the flow the subclass
 * describes. A subclass supplies only `createFlow()` — its vendor mapping and what it reads back.
 */
export abstract class PresignPlugin<
  Opts extends PresignPluginOptions,
  M extends Meta,
  B extends Body,
> extends BasePlugin<Opts, M, B> {
  #engine: PresignUploadEngine<M, B>

  constructor(uppy: Uppy<M, B>, opts: Opts) {
    super(uppy, opts)
    this.type = 'uploader'
    this.#engine = new PresignUploadEngine(uppy, this.createFlow(), () => this.#engineOptions())
  }

  /**
   * Every value spliced into the plugin's messages is shown as a person should see it: invisible, private-use and
   * direction-changing characters written out (a name with U+202E in it would otherwise reorder the rest of the
   * message on screen), a file name (`%{name}`) shortened when very long. And every "$" of a value is hidden from
   * Uppy's Translator, which doubles it (@uppy/core 6.3.1 escapes "$" for `String#replace`, then splices with
   * `split`), so `a$b.png` would read `a$$b.png`.
   */
  override i18nInit(): void {
    super.i18nInit()
    const translate = this.i18n
    // A private-use character stands in for "$" while Uppy splices; none is left in a value once escaped, so every
    // one in the result is a "$".
    const DOLLAR = '\u{F0000}'
    this.i18n = (key, values) =>
      values
        ? translate(
            key,
            Object.fromEntries(
              Object.entries(values).map(([name, value]) => [
                name,
                typeof value === 'string'
                  ? (name === 'name' ? displayFileName(value) : escapeInvisible(value)).replaceAll('$', DOLLAR)
                  : value,
              ]),
            ),
          ).replaceAll(DOLLAR, '$')
        : translate(key)
  }

  /** The flow's vendor mapping; read options through `this.opts` at call time so `setOptions` takes effect. */
  protected abstract createFlow(): UploadFlow<M, B>

  /** The plugin's engine options where set, else the defaults; read at call time, so `setOptions` takes effect. */
  #engineOptions(): EngineOptions {
    const options = { ...defaultEngineOptions }
    for (const key of Object.keys(options) as Array<keyof EngineOptions>) options[key] = this.opts[key] ?? options[key]
    return options
  }

  override install(): void {
    this.uppy.addUploader(this.#engine.upload)
    this.#engine.attach()
  }

  override uninstall(): void {
    this.uppy.removeUploader(this.#engine.upload)
    this.#engine.dispose()
  }
}
