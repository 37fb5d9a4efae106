import Uppy, { type Body, type Meta, type UppyFile } from '@uppy/core'
import { type Presigned, PresignPlugin, type PresignPluginOptions, UploadError, unsignedUrl } from '@uppy-presign/core'
import { nft2 } from '@uppy-presign/ipfs'
import { describe, expect, it } from 'vitest'
import { objects, pngBlob, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/** The example of packages/core/README.md, as written there: a flow of one's own on the shared engine. */

// --- README example start
interface PresignedPutOptions extends PresignPluginOptions {
  /** Your backend: a presigned PUT URL for one file, signed for this Content-Type. */
  sign: (file: { name: string; type: string }) => Promise<{ url: string }>
}

class PresignedPut<M extends Meta, B extends Body> extends PresignPlugin<PresignedPutOptions, M, B> {
  constructor(uppy: Uppy<M, B>, opts: PresignedPutOptions) {
    super(uppy, opts)
    this.id = opts.id ?? 'PresignedPut'
  }

  async presignBatch([file]: UppyFile<M, B>[]): Promise<Presigned[]> {
    const type = file?.type || 'application/octet-stream'
    const { url } = await this.opts.sign({ name: file?.name ?? 'file', type })
    return [{ signed: { method: 'PUT', url, headers: { 'Content-Type': type } } }]
  }

  result(_file: UppyFile<M, B>, presigned: Presigned) {
    const url = unsignedUrl(presigned.signed.url)
    return { body: { url } as unknown as B, uploadURL: url }
  }
}
// --- README example end

const mock = useMockServer()

/** Stands in for "your backend": one NFT2 presigned PUT through the app's proxy. */
const signWithNft2 = async ({ name, type }: { name: string; type: string }) => {
  const { urls } = await nft2({ endpoint: `${mock.url}/app/nft2` })([{ fileName: name, mimeType: type }])
  return { url: urls[0] as string }
}

describe('a flow plugin of your own on @uppy-presign/core', () => {
  it('uploads with the engine and reports what its result() returns', async () => {
    const uppy = new Uppy<Meta, Body>().use(PresignedPut, { sign: signWithNft2 })
    const id = addFile(uppy, 'cat.png', pngBlob(10_000, 21))
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    const [stored] = await objects()
    expect(outcome?.body).toEqual({ url: `${mock.config.s3.endpoint}/${stored?.bucket}/${stored?.key}` })
  })

  it('turns a refusal into an UploadError that says which file and why', async () => {
    const uppy = new Uppy<Meta, Body>().use(PresignedPut, { sign: signWithNft2 })
    const id = addFile(uppy, 'cat.gif', new Blob(['GIF89a'], { type: 'image/gif' }))
    const error = (await uploadAll(uppy)).get(id)?.error
    expect(error).toBeInstanceOf(UploadError)
    const { info } = error as UploadError
    expect(info).toMatchObject({ kind: 'presign', status: 400, retryable: false })
    expect(error?.message).toContain('cat.gif')
    expect(error?.message).toContain('image/gif')
  })
})
