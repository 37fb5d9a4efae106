import type { Body, Meta, PluginOpts, Uppy } from '@uppy/core'
import { BasePlugin } from '@uppy/core'
import { defaultEngineOptions, type EngineOptions, PresignUploadEngine, type UploadFlow } from './engine.ts'

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
    this.#engine = new PresignUploadEngine(uppy, this.createFlow(), () => ({
      ...defaultEngineOptions,
      ...this.#engineOptions(),
    }))
  }

  /** The flow's vendor mapping; read options through `this.opts` at call time so `setOptions` takes effect. */
  protected abstract createFlow(): UploadFlow<M, B>

  #engineOptions(): Partial<EngineOptions> {
    const { limit, retries, retryBaseMs, expiryMarginMs, stallTimeoutMs } = this.opts
    return Object.fromEntries(
      Object.entries({ limit, retries, retryBaseMs, expiryMarginMs, stallTimeoutMs }).filter(
        ([, v]) => v !== undefined,
      ),
    )
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
