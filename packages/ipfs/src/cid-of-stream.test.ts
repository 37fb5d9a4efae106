import { describe, expect, it } from 'vitest'
import { CID_BOUNDARY_SIZES } from '../../../test/cid-boundaries.ts'
import { ipfsCid, RAW_LEAVES_LAYOUTS, rawLeavesCid } from '../../../test/cid-oracles.ts'
import { bytesOf } from '../../../test/generated-bytes.ts'
import { cidOfStream } from './cid-of-stream.ts'
import { computeCid } from './compute-cid.ts'

// Node runs the same CID engine as the browser's worker (here hashing with node:crypto, there with WebCrypto),
// against the oracles. `test/ipfs-cid.browser.test.ts` covers Chromium, `cid-of-stream.gib.test.ts` 2–4 GiB.

const KiB = 1024
const CHUNK = 256 * KiB
const LINKS = 174

async function* inSlices(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size)
}

describe('kubo-cidv0 (Filebase) against ipfs_cid', () => {
  it('gives the known CID of "hello world\\n", through computeCid without a Worker', async () => {
    const blob = new Blob(['hello world\n'])
    expect(await computeCid(blob)).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
    expect(await computeCid(blob, { profile: 'kubo-cidv0' })).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
  })

  // Boundaries: empty, one leaf, two leaves, one full inner node, and the first size that needs a second level.
  it.each([...CID_BOUNDARY_SIZES])(
    '%s: CIDv0 equals ipfs_cid, and its CIDv1 spelling is the one ipfs_cid prints',
    async (_name, size) => {
      const bytes = bytesOf(size, size + 7)
      const oracle = await ipfsCid(bytes)
      // Slices of 65 537 B never line up with the 256 KiB chunks.
      const computed = await cidOfStream(inSlices(bytes, 65_537), 'kubo-cidv0')
      expect(computed.cid).toBe(oracle.CIDv0)
      expect(computed.spellings).toEqual([oracle.CIDv0, oracle.CIDv1])
    },
  )

  it('depends on the bytes, not only on their length', async () => {
    const a = await cidOfStream(inSlices(bytesOf(CHUNK + 1, 1), CHUNK), 'kubo-cidv0')
    const b = await cidOfStream(inSlices(bytesOf(CHUNK + 1, 2), CHUNK), 'kubo-cidv0')
    expect(a.cid).not.toBe(b.cid)
  })
})

describe('raw-leaves profiles against an encoder written from the specs', () => {
  it('the encoder itself gives the well-known raw CID of "hello world" (one raw block: its SHA-256)', () => {
    const bytes = new TextEncoder().encode('hello world')
    expect(rawLeavesCid(bytes, RAW_LEAVES_LAYOUTS['kubo-cidv1-raw'])).toBe(
      'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e',
    )
  })

  it.each([
    ['kubo-cidv1-raw', 0],
    ['kubo-cidv1-raw', 1],
    ['kubo-cidv1-raw', CHUNK],
    ['kubo-cidv1-raw', CHUNK + 1],
    ['kubo-cidv1-raw', LINKS * CHUNK],
    ['kubo-cidv1-raw', LINKS * CHUNK + 1],
    ['unixfs-v1-2025', 1024 * KiB],
    ['unixfs-v1-2025', 1024 * KiB + 1],
    ['unixfs-v1-2025', 5 * 1024 * KiB + 3],
  ] as const)('%s, %i B', async (profile, size) => {
    const bytes = bytesOf(size, size + 11)
    const computed = await cidOfStream(inSlices(bytes, 100_003), profile)
    expect(computed.cid).toMatch(/^bafk|^bafy/)
    expect(computed.cid).toBe(rawLeavesCid(bytes, RAW_LEAVES_LAYOUTS[profile]))
    // No CIDv0 for a raw block or a CIDv1 tree: one spelling only.
    expect(computed.spellings).toEqual([computed.cid])
  })
})

describe('computeCid: options and aborts', () => {
  it('refuses an unknown profile, naming those it knows', async () => {
    await expect(computeCid(new Blob(['x']), { profile: 'kubo' as never })).rejects.toThrow(
      'Unknown CID profile "kubo": use one of kubo-cidv0, kubo-cidv1-raw, unixfs-v1-2025.',
    )
  })

  it('stops reading when aborted, with the signal’s reason', async () => {
    const reason = new Error('upload removed')
    const controller = new AbortController()
    let pulled = 0
    async function* endless() {
      for (;;) {
        pulled++
        if (pulled === 20) controller.abort(reason)
        yield new Uint8Array(64 * KiB)
      }
    }
    await expect(cidOfStream(endless(), 'kubo-cidv0', controller.signal)).rejects.toBe(reason)
    expect(pulled).toBeLessThan(30)
  })
})
