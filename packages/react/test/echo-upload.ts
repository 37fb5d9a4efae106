import { BasePlugin, type Body, type Meta, type PluginOpts, type Uppy } from '@uppy/core'

/** Options of `EchoUpload`, an uploader an app could write itself. */
export interface EchoUploadOptions extends PluginOpts {
  /** Where a file ends up: the URL its upload reports. */
  urlFor: (name: string) => string
  /** A reason to fail the named file instead, or nothing. */
  refuse?: (name: string) => string | undefined
}

/**
 * A plugin of the app's own, written against `@uppy/core`'s public plugin API only (`BasePlugin`, `addUploader`,
 * the upload events): what the generic hook and component promise to take beside the kit's three flows. It sends
 * nothing anywhere; the real flows are tested against the mock in the browser.
 */
export default class EchoUpload<M extends Meta, B extends Body> extends BasePlugin<EchoUploadOptions, M, B> {
  constructor(uppy: Uppy<M, B>, opts: EchoUploadOptions) {
    super(uppy, opts)
    this.id = this.opts.id ?? 'EchoUpload'
    this.type = 'uploader'
  }

  #upload = async (fileIDs: string[]) => {
    const files = fileIDs.flatMap((id) => this.uppy.getFile(id) ?? [])
    this.uppy.emit('upload-start', files)
    // Settled one task later, as a network answer would be.
    await new Promise((resolve) => setTimeout(resolve, 0))
    for (const file of files) {
      const name = file.name ?? 'file'
      const reason = this.opts.refuse?.(name)
      if (reason) {
        this.uppy.emit('upload-error', file, new Error(`${name}: ${reason}`))
        continue
      }
      const url = this.opts.urlFor(name)
      this.uppy.emit('upload-success', file, { status: 200, body: { fileUrl: url } as unknown as B, uploadURL: url })
    }
  }

  override install(): void {
    this.uppy.addUploader(this.#upload)
  }

  override uninstall(): void {
    this.uppy.removeUploader(this.#upload)
  }
}
