import { describe, expect, it } from 'vitest'
import { cidAgainstOracleThroughFifo } from '../../../test/cid-oracles.ts'
import { cidOfStream } from './cid-of-stream.ts'

// Runs in its own Vitest project (`node-gib`), after the others: these tests and their oracle keep two cores busy for
// half a minute, and the mock's own multi-GiB tests measure memory that way too (mock-server/src/storage/cid.test.ts).

const MB = 1e6

// Files of 2–4 GiB: the root's UnixFS filesize is >= 2^31, which unpatched protons-runtime encodes wrongly
// (patches/protons-runtime+7.1.2.patch). The bytes are generated, never stored: each chunk goes to the kit's CID
// engine and to `ipfs_cid` (`cidAgainstOracleThroughFifo`, shared with mock-server/src/storage/cid.test.ts).
describe('multi-GiB streams against ipfs_cid', () => {
  it.each([
    ['2^31 B', 2 ** 31],
    ['3e9 B', 3e9],
  ])(
    '%s: kubo-cidv0 equals ipfs_cid, with flat memory',
    async (name, size) => {
      const run = await cidAgainstOracleThroughFifo(
        size,
        name,
        async (chunks) => (await cidOfStream(chunks, 'kubo-cidv0')).cid,
      )
      expect(run.ours).toBe(run.theirs)
      // Still referenced: the chunks in the pipe and the generator's; no leaf keeps its chunk (cid-leaves.ts). The
      // importer's own leaves would hold up to 174 chunks (45 MB) until their parent is built.
      expect(run.liveBuffersPeak).toBeLessThan(32 * MB)
    },
    600_000,
  )
})
