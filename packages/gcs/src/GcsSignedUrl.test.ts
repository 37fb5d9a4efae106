import type { Body, Meta, UppyFile } from '@uppy/core'
import Uppy from '@uppy/core'
import type { UploadError } from '@uppy-presign/core'
import { STARTRAIL_MAX_BYTES } from '@uppy-presign/vendors'
import { describe, expect, it, vi } from 'vitest'
import GcsSignedUrl from './GcsSignedUrl.ts'

/** Uploads one file whose size Uppy believes is `size` (no 2 GiB Blob needed) and reports what the plugin did. */
async function uploadOfSize(size: number, opts: { maxFileSize?: number } = {}) {
  const presign = vi.fn(async () => {
    throw new Error('signing stopped here: the size check passed')
  })
  const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, { presign, retries: 0, ...opts })
  const id = uppy.addFile({ name: 'big.png', type: 'image/png', data: new Blob([new Uint8Array(8)]) })
  uppy.setFileState(id, { size })
  let error: UploadError | undefined
  uppy.on('upload-error', (_file: UppyFile<Meta, Body> | undefined, e: Error) => {
    error = e as UploadError
  })
  await uppy.upload()
  return { error, signCalls: presign.mock.calls.length, uppy }
}

describe('GcsSignedUrl maxFileSize', () => {
  it('defaults to Startrail’s limit, 2^31 − 1 bytes ("filesize < 2^31")', () => {
    expect(STARTRAIL_MAX_BYTES).toBe(2 ** 31 - 1)
    const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, { presign: async () => [] })
    expect(uppy.getPlugin('GcsSignedUrl')?.opts.maxFileSize).toBe(2_147_483_647)
  })

  it('refuses 2^31 bytes before any signing call', async () => {
    const { error, signCalls } = await uploadOfSize(2 ** 31)
    expect(signCalls).toBe(0)
    expect(error?.info.kind).toBe('too-large')
    expect(error?.message).toBe('big.png is 2147483648 bytes; files here must be at most 2147483647 bytes.')
  })

  it('lets 2^31 − 1 bytes through to signing', async () => {
    const { error, signCalls } = await uploadOfSize(2 ** 31 - 1)
    expect(signCalls).toBe(1)
    // The engine wraps what a signing function throws in a presign error that names the file.
    expect(error?.info.kind).toBe('presign')
    expect(error?.message).toBe(
      'big.png: the presign call failed: signing stopped here: the size check passed. Check the presign function and the endpoint it calls.',
    )
  })

  it('takes a smaller limit from the option', async () => {
    const { error, signCalls } = await uploadOfSize(1001, { maxFileSize: 1000 })
    expect(signCalls).toBe(0)
    expect(error?.message).toBe('big.png is 1001 bytes; files here must be at most 1000 bytes.')
  })
})
