import { type ImporterOptions, importer, type WritableStorage } from 'ipfs-unixfs-importer'
import { balanced } from 'ipfs-unixfs-importer/layout'
import type { CID } from 'multiformats/cid'
import { leafImporter, reusedBufferChunker } from './cid-leaves.ts'
import type { CidProfile } from './cid-profiles.ts'

// The CID engine: what the worker runs (and Node, where there is no Worker). Hashing is multiformats' sha2-256,
// which in a browser build is WebCrypto's `crypto.subtle.digest` (its `browser` export) and in Node is node:crypto.

/** Each profile's importer options, links per node and chunk size (our chunker and layout replace the profile's). */
const PROFILE_OPTIONS: Record<CidProfile, { importer: ImporterOptions; linksPerNode: number; chunkSize: number }> = {
  'kubo-cidv0': { importer: { profile: 'unixfs-v0-2015', rawLeaves: false }, linksPerNode: 174, chunkSize: 262_144 },
  // kubo's --cid-version 1: the v0 profile's chunks and layout, with CIDv1 and raw leaves.
  'kubo-cidv1-raw': {
    importer: { profile: 'unixfs-v0-2015', cidVersion: 1, rawLeaves: true },
    linksPerNode: 174,
    chunkSize: 262_144,
  },
  'unixfs-v1-2025': {
    importer: { profile: 'unixfs-v1-2025', rawLeaves: true },
    linksPerNode: 1024,
    chunkSize: 1_048_576,
  },
}

// Only the CID is wanted, never the blocks.
const discardBlocks: WritableStorage = { put: (cid) => cid }

function importerOptions(profile: CidProfile): ImporterOptions {
  const { importer: options, linksPerNode, chunkSize } = PROFILE_OPTIONS[profile]
  return {
    ...options,
    // A layout passed here replaces the profile's, so its links per node are stated again.
    layout: balanced({ maxChildrenPerNode: linksPerNode }),
    chunker: reusedBufferChunker(chunkSize),
    bufferImporter: leafImporter({
      rawLeaves: options.rawLeaves === true,
      cidVersion: profile === 'kubo-cidv0' ? 0 : 1,
    }),
  }
}

/** A byte stream as the importer pulls it: a web `ReadableStream` (a Blob's) or any async iterable. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>

/** Reads a web stream chunk by chunk; not every browser the kit supports makes `ReadableStream` async-iterable. */
async function* chunksOf(source: ByteSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (!('getReader' in source)) {
    for await (const chunk of source) {
      signal?.throwIfAborted()
      yield chunk
    }
    return
  }
  const reader = source.getReader()
  try {
    for (;;) {
      signal?.throwIfAborted()
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    // Stops the read at once when the import ends early (an abort, an importer error).
    reader.cancel().catch(() => {})
  }
}

/** A computed CID in its profile's own form, and every spelling a gateway may report it in. */
export interface ComputedCid {
  /** The profile's form: `Qm…` (CIDv0) for `kubo-cidv0`, base32 `b…` for the CIDv1 profiles. */
  cid: string
  /**
   * The same CID as CIDv0 (when it has one) and as base32 CIDv1: a gateway that reports `bafybei…` for kubo's
   * default DAG names the same root. Listed here so the page compares strings without a CID parser of its own.
   */
  spellings: string[]
}

const spellingsOf = (cid: CID): ComputedCid => ({
  cid: cid.toString(),
  spellings: [...new Set([cid.toString(), cid.toV1().toString()])],
})

/** The CID of a stream of bytes under a gateway's profile, read once, without keeping the bytes. */
export async function cidOfStream(source: ByteSource, profile: CidProfile, signal?: AbortSignal): Promise<ComputedCid> {
  let cid: CID | undefined
  for await (const entry of importer(
    [{ content: chunksOf(source, signal) }],
    discardBlocks,
    importerOptions(profile),
  )) {
    cid = entry.cid
  }
  if (cid === undefined) throw new Error('the importer produced no CID')
  return spellingsOf(cid)
}

/** The CID of a Blob or File, streamed, never whole in memory. */
export const cidOfBlob = (blob: Blob, profile: CidProfile, signal?: AbortSignal): Promise<ComputedCid> =>
  cidOfStream(blob.stream() as ReadableStream<Uint8Array>, profile, signal)
