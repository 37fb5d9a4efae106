import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
// Not dependencies of the mock server itself: imported to test the very copies the importer encodes with.
import { encode as encodeDagPb, prepare } from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import { writer } from 'protons-runtime'
import { describe, expect, it } from 'vitest'
import { CID_BOUNDARY_SIZES } from '../../../test/cid-boundaries.ts'
import { cidAgainstOracleThroughFifo, ipfsCidOfPath, keystream } from '../../../test/cid-oracles.ts'
import { cidOfStream, createCidAccumulator } from './cid.ts'

const KiB = 1024
const CHUNK = 256 * KiB
const _LINKS = 174
const MB = 1e6

/** Independent unsigned LEB128 (protobuf varint) encoder: 7 bits per byte, low group first, by BigInt arithmetic. */
function leb128(value: bigint): Uint8Array {
  const out: number[] = []
  let rest = value
  do {
    const low = Number(rest % 128n)
    rest /= 128n
    out.push(rest > 0n ? low | 0x80 : low)
  } while (rest > 0n)
  return Uint8Array.from(out)
}

const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((part) => [...part]))

const bytesOf = (total: number, seed: string) => Buffer.concat([...keystream(total, 4 * 1024 * KiB, seed)])

async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cid-oracle-'))
  try {
    return await use(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const oracleCidOfFile = (bytes: Uint8Array) =>
  inTempDir(async (dir) => {
    const path = join(dir, 'object')
    await writeFile(path, bytes)
    return ipfsCidOfPath(path)
  })

/** Feeds `bytes` to a fresh accumulator in slices whose sizes cycle through `sizes`. */
async function cidInSlices(bytes: Uint8Array, sizes: number[]): Promise<string> {
  const accumulator = createCidAccumulator()
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1
    await accumulator.push(bytes.subarray(offset, offset + size))
    offset += size
  }
  return accumulator.finish()
}

async function* asStream(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks
}

describe('varint encoding of 64-bit sizes (patches/protons-runtime+7.1.2.patch)', () => {
  const values = [
    0n,
    1n,
    127n,
    128n,
    2n ** 31n - 1n,
    2n ** 31n,
    2n ** 31n + 1n,
    3_000_000_000n,
    2n ** 32n - 1n,
    2n ** 32n,
    2n ** 32n + 1n,
    2n ** 53n - 1n,
  ]

  it('the independent LEB128 encoder itself is right', () => {
    expect(leb128(0n)).toEqual(Uint8Array.of(0))
    expect(leb128(300n)).toEqual(Uint8Array.of(0xac, 0x02))
    expect(leb128(2n ** 31n)).toEqual(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x08))
    expect(leb128(2n ** 64n - 1n)).toEqual(Uint8Array.of(...Array(9).fill(0xff), 0x01))
  })

  // Unpatched, every value in [2^31, 2^32) comes out as one byte (value & 0xff) plus four unwritten bytes.
  it.each([...values, 2n ** 63n, 2n ** 64n - 1n])('protons-runtime uint64(%s) writes LEB128', (value) => {
    expect(writer().uint64(value).finish()).toEqual(leb128(value))
  })

  it('UnixFS filesize and blocksizes of 2–4 GiB encode as LEB128 and read back', () => {
    const blockSizes = [2n ** 31n, 3_000_000_000n - 2n ** 31n, 2n ** 32n - 1n]
    const fileSize = blockSizes.reduce((a, b) => a + b)
    const bytes = new UnixFS({ type: 'file', blockSizes }).marshal()
    // Type = file (field 1), filesize (field 3), then each blocksize (field 4); all varints.
    const expected = concat(
      [0x08, 0x02, 0x18],
      leb128(fileSize),
      ...blockSizes.flatMap((size) => [[0x20], leb128(size)]),
    )
    expect(bytes).toEqual(expected)
    const back = UnixFS.unmarshal(bytes)
    expect(back.fileSize()).toBe(fileSize)
    expect(back.blockSizes).toEqual(blockSizes)

    for (const size of [2n ** 31n, 3_000_000_000n, 2n ** 32n - 1n]) {
      expect(UnixFS.unmarshal(new UnixFS({ type: 'file', blockSizes: [size] }).marshal()).fileSize()).toBe(size)
    }
  })

  // dag-pb writes Tsize with its own number-based encoder, not protons-runtime: check it on the same values.
  it.each(values.filter((value) => value > 0n))('@ipld/dag-pb writes Tsize %s as LEB128', (value) => {
    const hash = CID.parse('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
    const link = concat([0x0a, hash.bytes.length], hash.bytes, [0x18], leb128(value))
    const expected = concat([0x12], leb128(BigInt(link.length)), link)
    expect(encodeDagPb(prepare({ Links: [{ Hash: hash, Tsize: Number(value) }] }))).toEqual(expected)
  })
})

describe('createCidAccumulator / cidOfStream', () => {
  it('gives kubo’s CIDv0 of "hello world\\n"', async () => {
    const bytes = new TextEncoder().encode('hello world\n')
    expect(await cidOfStream(asStream(bytes))).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o')
    expect(await cidOfStream(asStream(bytes.subarray(0, 5), bytes.subarray(5)))).toBe(
      'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o',
    )
  })

  // Each size sits on a boundary: one leaf, two leaves, one full inner node, and the first file that needs a second
  // tree level. Slices of 65 537 B and of an irregular cycle never line up with the 256 KiB chunks.
  it.each([...CID_BOUNDARY_SIZES, ['50 MB pseudo-random', 50 * MB]])(
    'equals ipfs_cid for %s, whatever the arrival sizes',
    async (name, size) => {
      const bytes = bytesOf(size, name)
      const expected = await oracleCidOfFile(bytes)
      expect(expected).toMatch(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
      expect(await cidInSlices(bytes, [65_537])).toBe(expected)
      expect(await cidInSlices(bytes, [1, 300_000, 7, 262_143, 524_289, 4_097])).toBe(expected)
      expect(await cidOfStream(asStream(bytes))).toBe(expected)
    },
  )

  it('does not depend on the bytes only through their length', async () => {
    const a = await cidOfStream(asStream(bytesOf(CHUNK + 1, 'a')))
    const b = await cidOfStream(asStream(bytesOf(CHUNK + 1, 'b')))
    expect(a).not.toBe(b)
  })

  it('push() is one at a time: a second push before the first resolved is refused, not queued', async () => {
    const accumulator = createCidAccumulator()
    await accumulator.push(new Uint8Array(10))
    // Queueing it would let a caller that forgot to await push() buffer a whole upload here.
    const first = accumulator.push(new Uint8Array(10))
    await expect(accumulator.push(new Uint8Array(10))).rejects.toThrow(/previous push/)
    await first
    expect(await accumulator.finish()).toBe(await cidOfStream(asStream(new Uint8Array(20))))
  })

  it('abort() stops without a result and without an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const reason = new Error('client went away')
      const idle = createCidAccumulator()
      idle.abort(reason)

      const midway = createCidAccumulator()
      await midway.push(new Uint8Array(CHUNK + 5))
      midway.abort(reason)
      await expect(midway.push(new Uint8Array(1))).rejects.toBe(reason)
      await expect(midway.finish()).rejects.toBe(reason)

      // A failing source rejects cidOfStream with the source's own error.
      const broken = (async function* () {
        yield new Uint8Array(3)
        throw reason
      })()
      await expect(cidOfStream(broken)).rejects.toBe(reason)

      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

// Multi-GiB objects: the UnixFS filesize of the root is >= 2^31, which the unpatched protons-runtime encodes wrongly.
// The bytes are generated, never stored: they go at the same time to the accumulator and to `ipfs_cid`
// (`cidAgainstOracleThroughFifo`). The oracle keeps its whole input in memory: about 3 GB RSS in the child for 3e9 B.
describe('multi-GiB streams against ipfs_cid', () => {
  it.each([
    ['2^31 B', 2 ** 31],
    ['3e9 B', 3e9],
  ])(
    'equals ipfs_cid for %s, with flat memory',
    async (name, size) => {
      const run = await cidAgainstOracleThroughFifo(size, name, cidOfStream)
      console.info(
        `${name}: ${run.seconds.toFixed(1)} s (${(size / MB / run.seconds).toFixed(0)} MB/s, fed in step with the` +
          ` oracle), RSS +${(run.rssGrowth / MB).toFixed(1)} MB, live buffers after GC <= ${(run.liveBuffersPeak / MB).toFixed(1)} MB`,
      )
      expect(run.ours).toBe(run.theirs)
      // Still referenced: a few chunks in flight (measured 5–13 MB quiet, 26 MB on a loaded machine, when the
      // reader outruns the hasher). Without `forgetLeafData` in cid.ts the importer holds up to 174 leaf chunks
      // (45 MB) on top; keeping the stream would be gigabytes.
      expect(run.liveBuffersPeak).toBeLessThan(36 * MB)
      // Gross growth, including this test's generator and FIFO buffers and V8's lag in freeing dead ones.
      expect(run.rssGrowth).toBeLessThan(128 * MB)
    },
    600_000,
  )
})
