import type { Body, Meta, UppyFile } from '@uppy/core'
import Uppy from '@uppy/core'
import type { UploadError } from '@uppy-presign/core'
import { NFT2_MAX_FILES } from '@uppy-presign/vendors'
import { describe, expect, it } from 'vitest'
import IpfsPresign, { type IpfsPresignOptions } from './IpfsPresign.ts'
import { nft2 } from './nft2.ts'

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
const JPEG = [0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]
const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
/** Bytes that are no image: typeless, the way a browser hands over a file without a known extension. */
const untyped = (content: number[] | string) =>
  new Blob([typeof content === 'string' ? content : new Uint8Array(content)])

/**
 * The real `nft2()` adapter, with a `fetch` that stands in for the NFT2 endpoint: it records each request's body
 * and answers with one URL per file. The storage PUT is not made here (Node has no XHR): the engine's signing
 * output is read from `presignBatch`, which is what it sends.
 */
function nft2Recording() {
  const bodies: Array<{ files: Array<{ fileName: string; mimeType: string }> }> = []
  const fetch = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as (typeof bodies)[number]
    bodies.push(body)
    const urls = body.files.map((_, i) => `https://bucket.example/ipfs/${i}?X-Amz-Signature=x`)
    return new Response(JSON.stringify({ urls }), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }) as typeof globalThis.fetch
  return { bodies, presign: nft2({ endpoint: 'https://app.example/nft2', fetch }) }
}

function ipfsUppy(options: Partial<IpfsPresignOptions> = {}) {
  const recording = nft2Recording()
  const uppy = new Uppy<Meta, Body>().use(IpfsPresign, { presign: recording.presign, retries: 0, ...options })
  const plugin = uppy.getPlugin('IpfsPresign') as unknown as IpfsPresign<Meta, Body>
  return { uppy, plugin, ...recording }
}

/** Checks and presigns one file as the engine does before its PUT: the mime type sent, and the PUT's headers. */
async function presignOne(name: string, data: Blob, type?: string) {
  const { uppy, plugin, bodies } = ipfsUppy()
  const id = uppy.addFile({ name, data, ...(type === undefined ? {} : { type }) })
  const file = uppy.getFile(id) as UppyFile<Meta, Body>
  await plugin.check(file)
  const [presigned] = await plugin.presignBatch([uppy.getFile(id)])
  const signed = presigned?.signed
  expect(signed?.method).toBe('PUT')
  return {
    uppyType: file.type,
    sent: bodies[0]?.files[0],
    headers: signed?.method === 'PUT' ? signed.headers : undefined,
  }
}

describe('IpfsPresign with nft2(): a file with no detected type is typed from its bytes', () => {
  it.each([
    ['a PNG', 'photo', untyped(PNG), 'image/png'],
    ['a JPEG', 'IMG_0001', untyped(JPEG), 'image/jpeg'],
    ['an SVG', 'logo', untyped(SVG), 'image/svg+xml'],
    ['a PNG whose extension maps to no type', 'scan.bin', untyped(PNG), 'image/png'],
  ])('%s named %s: presigned and PUT as its sniffed type', async (_, name, data, type) => {
    const { uppyType, sent, headers } = await presignOne(name, data)
    // What Uppy makes of a typeless file without a known extension: the generic byte stream.
    expect(uppyType).toBe('application/octet-stream')
    expect(sent).toEqual({ fileName: name, mimeType: type })
    expect(headers).toEqual({ 'Content-Type': type })
  })

  it('also when the type given to Uppy is an empty string', async () => {
    const { sent, headers } = await presignOne('photo', untyped(PNG), '')
    expect(sent).toEqual({ fileName: 'photo', mimeType: 'image/png' })
    expect(headers).toEqual({ 'Content-Type': 'image/png' })
  })

  it('keeps a type Uppy did detect, whatever the bytes (NFT2 checks the declared type)', async () => {
    const { sent, headers } = await presignOne('hello.png', untyped('hello world\n'))
    expect(sent).toEqual({ fileName: 'hello.png', mimeType: 'image/png' })
    expect(headers).toEqual({ 'Content-Type': 'image/png' })
  })

  it('refuses bytes that are none of the accepted types, naming the file and the types, before any request', async () => {
    const { uppy, bodies } = ipfsUppy()
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 73 + 11) % 256)
    uppy.addFile({ name: 'mystery', data: new Blob([bytes]) })
    const errors: UploadError[] = []
    uppy.on('upload-error', (_file, error) => errors.push(error as UploadError))
    await uppy.upload()
    expect(bodies).toHaveLength(0)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.info).toMatchObject({ kind: 'invalid-file', fileName: 'mystery', retryable: false })
    expect(errors[0]?.message).toBe(
      'mystery: its type could not be told from its name or its bytes; accepted types: image/png, image/jpeg, image/svg+xml.',
    )
  })

  it('refuses a GIF with no type: its bytes are none of the accepted types', async () => {
    const { uppy } = ipfsUppy()
    uppy.addFile({ name: 'anim', data: untyped('GIF89a\u0001\u0000\u0001\u0000') })
    const errors: Error[] = []
    uppy.on('upload-error', (_file, error) => errors.push(error))
    await uppy.upload()
    expect(errors.map((e) => e.message)).toEqual([
      'anim: its type could not be told from its name or its bytes; accepted types: image/png, image/jpeg, image/svg+xml.',
    ])
  })

  it('refuses a detected type NFT2 does not take, as before', async () => {
    const { uppy } = ipfsUppy()
    uppy.addFile({ name: 'anim.gif', data: untyped('GIF89a') })
    const errors: Error[] = []
    uppy.on('upload-error', (_file, error) => errors.push(error))
    await uppy.upload()
    expect(errors.map((e) => e.message)).toEqual([
      'anim.gif: image/gif cannot be uploaded here; accepted types: image/png, image/jpeg, image/svg+xml.',
    ])
  })
})

describe('IpfsPresign with nft2(): batchSize', () => {
  it(`defaults to NFT2's maximum, ${NFT2_MAX_FILES}, and takes any size up to it`, () => {
    expect(NFT2_MAX_FILES).toBe(50)
    expect(ipfsUppy().plugin.opts.batchSize).toBe(50)
    expect(ipfsUppy({ batchSize: 50 }).plugin.opts.batchSize).toBe(50)
    expect(ipfsUppy({ batchSize: 1 }).plugin.opts.batchSize).toBe(1)
  })

  it('refuses more than 50 at use(), where the developer looks', () => {
    expect(() => ipfsUppy({ batchSize: 51 })).toThrow(
      'IpfsPresign: batchSize 51 is more than NFT2 presigns in one call (at most 50 files); set batchSize to 50 or less.',
    )
  })

  it('refuses more than 50 in setOptions too, and keeps the size it had', () => {
    const { plugin } = ipfsUppy({ batchSize: 20 })
    expect(() => plugin.setOptions({ batchSize: 51 })).toThrow('batchSize 51 is more than NFT2 presigns in one call')
    expect(plugin.opts.batchSize).toBe(20)
    plugin.setOptions({ batchSize: 50 })
    expect(plugin.opts.batchSize).toBe(50)
  })

  it('leaves the size to the app with a presign function of its own, which declares no limit', () => {
    const uppy = new Uppy<Meta, Body>().use(IpfsPresign, { presign: async () => ({ urls: [] }), batchSize: 100 })
    expect(uppy.getPlugin('IpfsPresign')?.opts.batchSize).toBe(100)
  })
})
