import { type InProgressImportResult, importer, type WritableStorage } from 'ipfs-unixfs-importer'
import { balanced, type FileLayout } from 'ipfs-unixfs-importer/layout'

// Filebase answers every PUT with `x-amz-meta-cid`: the CIDv0 kubo's default `ipfs add` gives. The importer's
// `unixfs-v0-2015` profile is exactly that: CIDv0 (dag-pb, sha2-256), 256 KiB fixed-size chunks, UnixFS 'file'
// leaves (no raw leaves), balanced layout with at most 174 links per node. The importer's own defaults (CIDv1,
// raw leaves, 1 MiB) would give a different CID, so the profile must be named explicitly.
//
// Files of 2–4 GiB also need the patch in patches/protons-runtime+*.patch: without it protons-runtime encodes the
// UnixFS `filesize` of such files as garbage and the CID is wrong.

// The mock only answers with the CID; it never serves blocks. Dropping them is the first half of keeping memory flat.
const discardBlocks: WritableStorage = { put: (cid) => cid }

// The second half: the importer's leaf results keep their 256 KiB chunk (in `unixfs.data`) until 174 of them are
// reduced into a parent, i.e. ~45 MB held at any time, only to read the chunk's length. Recording that length as a
// block size instead (what the reducer does for inner nodes) gives the same parent node bytes and frees the chunk
// at once. A single-leaf file is left alone: its leaf becomes the root itself.
async function* forgetLeafData(leaves: AsyncIterable<InProgressImportResult> | Iterable<InProgressImportResult>) {
  for await (const leaf of leaves) {
    const unixfs = leaf.unixfs
    if (!('single' in leaf && leaf.single) && unixfs?.data !== undefined) {
      unixfs.addBlockSize(BigInt(unixfs.data.length))
      unixfs.data = undefined
    }
    yield leaf
  }
}

// Passing a layout overrides the profile's, so the 174 links per node are stated again here.
const balanced174 = balanced({ maxChildrenPerNode: 174 })
const layout: FileLayout = (leaves, reduce) => balanced174(forgetLeafData(leaves), reduce)

const IMPORT_OPTIONS = { profile: 'unixfs-v0-2015', layout } as const

export interface CidAccumulator {
  /** Resolves when the importer has taken the chunk: await it before reading more (that is the backpressure).
   * The chunk is kept by reference until hashed, so do not reuse its memory. */
  push(chunk: Uint8Array): Promise<void>
  /** Ends the stream and resolves to the CIDv0 ('Qm…'). */
  finish(): Promise<string>
  /** Stops without a result (the upload failed). Pending and later push()/finish() calls reject with `reason`. */
  abort(reason?: unknown): void
}

/** Computes the CIDv0 of bytes as they stream past, without keeping them. */
export function createCidAccumulator(): CidAccumulator {
  // The importer pulls its content from an async iterable; uploads push. A one-slot hand-off joins the two: push()
  // parks its chunk in `slot` and resolves once the importer's pull has taken it, so at most one chunk waits here.
  let slot: { chunk: Uint8Array; taken: () => void; failed: (reason: unknown) => void } | undefined
  let wake: (() => void) | undefined
  let ended = false
  let failure: { reason: unknown } | undefined

  const signal = () => {
    wake?.()
    wake = undefined
  }

  async function* content(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (slot === undefined && !ended && failure === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      // Throwing here makes the importer reject, which ends the import without a result.
      if (failure !== undefined) throw failure.reason
      if (slot === undefined) return
      const { chunk, taken } = slot
      slot = undefined
      taken()
      yield chunk
    }
  }

  const fail = (reason: unknown) => {
    if (failure !== undefined) return
    failure = { reason }
    slot?.failed(reason)
    slot = undefined
    signal()
  }

  const result = (async () => {
    let cid: string | undefined
    for await (const entry of importer([{ content: content() }], discardBlocks, IMPORT_OPTIONS)) {
      cid = entry.cid.toString()
    }
    if (cid === undefined) throw new Error('the importer produced no CID')
    return cid
  })()
  // An import that fails (abort, or an importer error) must reject push()/finish() instead of leaving them hanging,
  // and must not count as an unhandled rejection when nobody calls finish().
  result.catch(fail)

  return {
    push(chunk) {
      if (failure !== undefined) return Promise.reject(failure.reason)
      if (ended) return Promise.reject(new Error('push() after finish()'))
      if (slot !== undefined) return Promise.reject(new Error('push() before the previous push() resolved'))
      return new Promise<void>((taken, failed) => {
        slot = { chunk, taken, failed }
        signal()
      })
    },
    finish() {
      if (failure !== undefined) return Promise.reject(failure.reason)
      ended = true
      signal()
      return result
    },
    abort(reason = new Error('CID computation aborted')) {
      fail(reason)
    },
  }
}

/** The CIDv0 of a whole stream, pulled one chunk at a time. */
export async function cidOfStream(source: AsyncIterable<Uint8Array>): Promise<string> {
  const accumulator = createCidAccumulator()
  try {
    for await (const chunk of source) await accumulator.push(chunk)
  } catch (error) {
    accumulator.abort(error)
    throw error
  }
  return accumulator.finish()
}
