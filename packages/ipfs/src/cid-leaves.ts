import type { BufferImporter, BufferImporterResult } from 'ipfs-unixfs-importer'
import type { Chunker } from 'ipfs-unixfs-importer/chunker'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

// The importer's leaves, made with one copy of each byte instead of four. Its own chunker joins the small pieces
// a Blob stream gives into a fresh 256 KiB buffer, its leaf encoder copies that into a UnixFS protobuf and again
// into a dag-pb block, and it hashes a batch of 50 leaves only once all 50 are read. Measured in Chromium, that is
// half the speed of hashing alone (bench/cid-verify.ts). Here the chunker copies each piece straight into the body
// of one reusable leaf block, the leaf's few header bytes are written around it, and the hash starts at once.
// Layout, inner nodes and the root stay the importer's. Both are pinned to `ipfs_cid` and to the library's own
// encoding by the tests.

/** Room before a chunk for a leaf's header: 0x0a, len, 0x08 0x02 0x12, len (lengths are varints of <= 5 bytes). */
const HEADROOM = 16
/** Room after a chunk for its UnixFS filesize: 0x18, varint. */
const TAILROOM = 8

const RAW_CODEC = 0x55
const DAG_PB_CODEC = 0x70

function varint(value: number): number[] {
  const out: number[] = []
  let rest = value
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80)
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
  return out
}

/**
 * Fixed-size chunks, each copied into the body of one block buffer that is reused for the next chunk. Safe because
 * `leafImporter` takes its hash before it asks for the next chunk: WebCrypto and node:crypto copy their input when
 * called, and nothing else keeps a leaf's bytes.
 */
export function reusedBufferChunker(chunkSize: number): Chunker {
  return async function* chunker(source) {
    const block = new Uint8Array(HEADROOM + chunkSize + TAILROOM)
    let filled = 0
    let emitted = false
    for await (const piece of source) {
      for (let offset = 0; offset < piece.length; ) {
        const take = Math.min(chunkSize - filled, piece.length - offset)
        block.set(piece.subarray(offset, offset + take), HEADROOM + filled)
        filled += take
        offset += take
        if (filled === chunkSize) {
          yield block.subarray(HEADROOM, HEADROOM + filled)
          emitted = true
          filled = 0
        }
      }
    }
    // As the importer's fixed-size chunker: a last partial chunk, or one empty chunk for an empty file.
    if (filled > 0 || !emitted) yield block.subarray(HEADROOM, HEADROOM + filled)
  }
}

/**
 * A UnixFS `file` leaf as kubo and the importer encode it: dag-pb `{ Data: UnixFS { Type: File, Data: chunk,
 * filesize } }`, no links. Written in place around `chunk` when its buffer has the room (`reusedBufferChunker`'s
 * does), copied otherwise.
 */
export function fileLeafBlock(chunk: Uint8Array): Uint8Array {
  const size = varint(chunk.length)
  // An empty chunk has no Data field (the importer leaves it out), only its filesize, 0.
  const unixfsHead = chunk.length === 0 ? [0x08, 0x02] : [0x08, 0x02, 0x12, ...size]
  const unixfsTail = [0x18, ...size]
  const head = [0x0a, ...varint(unixfsHead.length + chunk.length + unixfsTail.length), ...unixfsHead]
  const start = chunk.byteOffset - head.length
  const end = chunk.byteOffset + chunk.length + unixfsTail.length
  let block: Uint8Array
  let at: number
  if (start >= 0 && end <= chunk.buffer.byteLength) {
    block = new Uint8Array(chunk.buffer, start, end - start)
    at = head.length
  } else {
    block = new Uint8Array(head.length + chunk.length + unixfsTail.length)
    block.set(chunk, head.length)
    at = head.length
  }
  block.set(head, 0)
  block.set(unixfsTail, at + chunk.length)
  return block
}

/**
 * What the importer reads of a UnixFS `file` leaf: the reducer (dag-builder/file.js) its `data`, or, when that is
 * absent, its `fileSize()`, which it records as the parent's block size; the tree builder `isDirectory()` of a file
 * whose single leaf is its root. Giving the size alone is what the mock's memory fix does after the fact; here no
 * leaf ever holds its chunk, so memory stays flat without it.
 */
const leafSize = (bytes: number) => ({ data: undefined, fileSize: () => BigInt(bytes), isDirectory: () => false })

/** The importer's `bufferImporter`, hashing each leaf as soon as its chunk is read. */
export function leafImporter({ rawLeaves, cidVersion }: { rawLeaves: boolean; cidVersion: 0 | 1 }): BufferImporter {
  return async function* leaves(file) {
    for await (const chunk of file.content) {
      const block = rawLeaves ? chunk : fileLeafBlock(chunk)
      const hashing = sha256.digest(block)
      const bytes = chunk.length
      const size = BigInt(block.length)
      yield async (): Promise<BufferImporterResult> => {
        const hash = await hashing
        return rawLeaves
          ? { cid: CID.create(1, RAW_CODEC, hash), size, block: new Uint8Array(0) }
          : {
              cid: CID.create(cidVersion, DAG_PB_CODEC, hash),
              // The reducer's duck type, not an ipfs-unixfs instance (not a dependency of this package).
              unixfs: leafSize(bytes) as unknown as BufferImporterResult['unixfs'],
              size,
              // The block's bytes are about to be overwritten by the next chunk; only a single leaf's CID is used.
              block: new Uint8Array(0),
            }
      }
    }
  }
}
