// Not dependencies of the kit: imported to compare its leaf encoding with the importer's own, byte for byte.
import { encode as encodeDagPb } from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { describe, expect, it } from 'vitest'
import { bytesOf } from '../../../test/generated-bytes.ts'
import { fileLeafBlock, reusedBufferChunker } from './cid-leaves.ts'

const libraryLeaf = (chunk: Uint8Array) =>
  encodeDagPb({ Data: new UnixFS({ type: 'file', data: chunk }).marshal(), Links: [] })

async function collect(chunks: AsyncIterable<Uint8Array>) {
  const out: Uint8Array[] = []
  // Copies: the chunker reuses its buffer for the next chunk.
  for await (const chunk of chunks) out.push(chunk.slice())
  return out
}

async function* pieces(bytes: Uint8Array, size: number) {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size)
}

describe('fileLeafBlock', () => {
  // Sizes where a varint grows a byte (127/128, 16383/16384), and a whole 256 KiB chunk.
  it.each([0, 1, 2, 100, 127, 128, 16_383, 16_384, 262_143, 262_144])(
    '%i B: the same bytes as the importer’s UnixFS + dag-pb encoding, in place or copied',
    (size) => {
      const chunk = bytesOf(size, size + 1)
      const expected = libraryLeaf(chunk)
      // Copied: no room around a chunk that fills its buffer.
      expect(fileLeafBlock(chunk)).toEqual(expected)
      // In place: the chunk inside a larger buffer, with headroom and tailroom.
      const roomy = new Uint8Array(16 + size + 8)
      roomy.set(chunk, 16)
      expect(fileLeafBlock(roomy.subarray(16, 16 + size))).toEqual(expected)
    },
  )
})

describe('reusedBufferChunker', () => {
  it.each([
    [0, 7],
    [5, 7],
    [262_144, 65_536],
    [262_145, 65_537],
    [3 * 262_144 + 17, 100_000],
  ])(
    '%i B arriving in pieces of %i: fixed 256 KiB chunks, the last one short, one empty chunk for 0 B',
    async (size, piece) => {
      const bytes = bytesOf(size, 3)
      const chunks = await collect(reusedBufferChunker(262_144)(pieces(bytes, piece)))
      const expected: Uint8Array[] = []
      for (let offset = 0; offset < size; offset += 262_144) expected.push(bytes.slice(offset, offset + 262_144))
      expect(chunks).toEqual(size === 0 ? [new Uint8Array(0)] : expected)
    },
  )
})
