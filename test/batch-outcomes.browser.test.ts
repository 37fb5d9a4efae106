import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { startrail } from '@uppy-presign/gcs'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import { describe, expect, it } from 'vitest'
import { objects, pngBlob, stats, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/**
 * One bad file among good ones, through the apps' proxies to the vendor mocks: the bad file ends in its own error
 * (retryable from there once fixed), every other file of its batch is uploaded.
 */
const mock = useMockServer()

const outcomesByName = async (uppy: Uppy<Meta, Body>, files: Array<[name: string, data: Blob]>) => {
  const ids = files.map(([name, data]) => [name, addFile(uppy, name, data)] as const)
  const outcomes = await uploadAll(uppy)
  return new Map(ids.map(([name, id]) => [name, outcomes.get(id)]))
}

describe('per-file outcomes in a batch', () => {
  it('NFT2: a name that cannot be an object key is refused before the call; the other four are signed in one call', async () => {
    const uppy = new Uppy<Meta, Body>().use(IpfsPresign, { presign: nft2({ endpoint: `${mock.url}/app/nft2` }) })
    const names = ['a.png', 'b.png', 'photos/c.png', 'd.png', 'e.png']
    const outcomes = await outcomesByName(
      uppy,
      names.map((name, i) => [name, pngBlob(2000 + i, i)]),
    )
    const refused = outcomes.get('photos/c.png')?.error
    expect(refused).toBeInstanceOf(UploadError)
    expect((refused as UploadError).info).toMatchObject({
      kind: 'invalid-file',
      fileName: 'photos/c.png',
      retryable: false,
    })
    expect(refused?.message).toBe(
      'photos/c.png: a file name here cannot contain "/", "\\" or control characters (NFT2 stores the file under its name); rename it, e.g. photos-c.png.',
    )
    for (const name of names.filter((n) => n !== 'photos/c.png')) {
      expect(outcomes.get(name)?.error, name).toBeUndefined()
      expect(outcomes.get(name)?.body?.cid, name).toMatch(/^Qm/)
    }
    expect((await stats()).presign.nft2).toBe(1)
    expect(await objects()).toHaveLength(4)
  })

  it('Startrail: a name it refuses as taken fails alone; the other four are signed again without it and stored', async () => {
    const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, {
      presign: startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' }),
      uniqueNames: false,
    })
    const first = await outcomesByName(uppy, [['taken.png', pngBlob(1000, 9)]])
    expect(first.get('taken.png')?.error).toBeUndefined()
    uppy.clear()

    const names = ['a.png', 'b.png', 'taken.png', 'd.png', 'e.png']
    const outcomes = await outcomesByName(
      uppy,
      names.map((name, i) => [name, pngBlob(3000 + i, i)]),
    )
    const refused = outcomes.get('taken.png')?.error as UploadError
    expect(refused).toBeInstanceOf(UploadError)
    expect(refused.info).toMatchObject({ kind: 'presign', status: 400, fileName: 'taken.png', retryable: false })
    // Worded from Startrail's answer about this file alone (asked again alone): no other file is named in it.
    expect(refused.message).toBe(
      'Startrail refused to sign taken.png (400): payload.0.filename taken.png already exists for this issuer-address; use a unique name (e.g. add Date.now()). Fix what it names and try again.',
    )
    for (const name of names.filter((n) => n !== 'taken.png')) {
      expect(outcomes.get(name)?.error, name).toBeUndefined()
      expect(outcomes.get(name)?.body?.fileName, name).toBe(name)
    }
    // The first upload's call; then the batch of five, the four again, and the taken one alone.
    expect((await stats()).presign.startrail).toBe(4)
    const stored = await objects()
    expect(stored.map((o) => o.key.split('/').at(-1)).sort()).toEqual(['a.png', 'b.png', 'd.png', 'e.png', 'taken.png'])
    // The first taken.png is untouched.
    expect(stored.find((o) => o.key.endsWith('/taken.png'))?.size).toBe(1000)
  })
  it('Startrail, uniqueNames: false: a second file of the same name is refused before it is signed, never stored over the first', async () => {
    const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, {
      presign: startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' }),
      uniqueNames: false,
    })
    const ids = [
      addFile(uppy, 'a.png', pngBlob(1000, 1)),
      addFile(uppy, 'same.png', pngBlob(2000, 2)),
      addFile(uppy, 'b.png', pngBlob(3000, 3)),
      addFile(uppy, 'same.png', pngBlob(4000, 4)),
    ]
    const outcomes = await uploadAll(uppy)
    const [a, first, b, second] = ids.map((id) => outcomes.get(id))
    for (const ok of [a, first, b]) expect(ok?.error).toBeUndefined()
    const refused = second?.error as UploadError
    expect(refused).toBeInstanceOf(UploadError)
    expect(refused.info).toMatchObject({ kind: 'invalid-file', fileName: 'same.png', retryable: false })
    expect(refused.message).toBe(
      'same.png: another file of this upload is already signed under this name, and names here are not made unique (uniqueNames: false): rename one of them, or turn on uniqueNames.',
    )
    const stored = await objects()
    expect(stored.map((o) => [o.key.split('/').at(-1), o.size]).sort()).toEqual([
      ['a.png', 1000],
      ['b.png', 3000],
      ['same.png', 2000],
    ])
  })
})
