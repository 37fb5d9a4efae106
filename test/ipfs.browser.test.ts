import IpfsPresign, { type IpfsResult, nft2 } from '@uppy-presign/ipfs'
import { describe, expect, it } from 'vitest'
import { objects, pngBlob, stats, useMockServer } from './browser-harness.ts'
import { addFile, newUppy, uploadAll } from './uppy-helpers.ts'

/** Browser → the app's presign proxy (/app/nft2) → the NFT2 mock → the IPFS bucket, as a real deployment runs. */
const mock = useMockServer()
const proxy = () => nft2({ endpoint: `${mock.url}/app/nft2` })

describe('IpfsPresign through the NFT2 proxy', () => {
  it('uploads and reports the CID the gateway computed', async () => {
    const uppy = newUppy().use(IpfsPresign, { presign: proxy() })
    const id = addFile(uppy, 'cat.png', pngBlob(300_000, 3))
    const outcomes = await uploadAll(uppy)
    const outcome = outcomes.get(id)
    expect(outcome?.error).toBeUndefined()
    const body = outcome?.body as unknown as IpfsResult
    const stored = (await objects()).filter((o) => o.bucket === mock.config.s3.buckets.ipfs)
    expect(stored).toHaveLength(1)
    expect(body.cid).toBe(stored[0]?.cid)
    expect(body.url).toBe(`${mock.config.s3.endpoint}/${stored[0]?.bucket}/${stored[0]?.key}`)
    expect((await stats()).presign.nft2).toBe(1)
  })
})
