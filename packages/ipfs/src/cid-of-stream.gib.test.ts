import { execFileSync, spawn } from 'node:child_process'
import { createCipheriv } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ipfsCidOfPath, keystream } from '../../../test/cid-oracles.ts'
import { cidOfStream } from './cid-of-stream.ts'

// Runs in its own Vitest project (`node-gib`), after the others: these tests and their oracle keep two cores busy for
// half a minute, and the mock's own multi-GiB tests measure memory that way too (mock-server/src/storage/cid.test.ts).

const MB = 1e6

// Files of 2–4 GiB: the root's UnixFS filesize is >= 2^31, which unpatched protons-runtime encodes wrongly
// (patches/protons-runtime+7.1.2.patch). The bytes are generated, never stored: each chunk goes to the CID engine
// and, through a named pipe, to `ipfs_cid` (a FIFO: Node hands a child a socket as stdin, which `ipfs_cid
// /dev/stdin` cannot open). The same pattern as mock-server/src/storage/cid.test.ts, against the kit's own engine.
describe('multi-GiB streams against ipfs_cid', () => {
  // A forced GC leaves only what is still referenced: that is what must not grow with the stream.
  setFlagsFromString('--expose_gc')
  const collectGarbage = runInNewContext('gc') as () => void

  it.each([
    ['2^31 B', 2 ** 31],
    ['3e9 B', 3e9],
  ])(
    '%s: kubo-cidv0 equals ipfs_cid, with flat memory',
    async (name, size) => {
      const dir = await mkdtemp(join(tmpdir(), 'cid-oracle-'))
      try {
        const fifo = join(dir, 'fifo')
        execFileSync('mkfifo', [fifo])
        const expected = ipfsCidOfPath(fifo)
        expected.catch(() => {})
        const sink = createWriteStream(fifo)
        let sinkError: unknown
        sink.on('error', (error) => {
          sinkError = error
        })
        let liveBuffersPeak = 0
        let chunks = 0
        async function* teeToOracle() {
          try {
            // 65 537 B × 16: about 1 MiB, never aligned with the 256 KiB chunks.
            for (const chunk of keystream(size, 65_537 * 16, name)) {
              if (!sink.write(chunk) && sink.writableNeedDrain) await Promise.race([once(sink, 'drain'), expected])
              if (sinkError !== undefined) throw sinkError
              yield chunk
              if (++chunks % 64 === 0) {
                collectGarbage()
                // Backing stores of collected buffers are freed by a sweeper task shortly after the GC.
                await new Promise((resolve) => setTimeout(resolve, 10))
                liveBuffersPeak = Math.max(liveBuffersPeak, process.memoryUsage().arrayBuffers)
              }
            }
          } finally {
            // Also on failure: the end of input lets the oracle exit instead of waiting on the FIFO.
            sink.end()
          }
        }
        const ours = await cidOfStream(teeToOracle(), 'kubo-cidv0')
        expect(ours.cid).toBe(await expected)
        // Still referenced: the chunks in the pipe and the generator's; no leaf keeps its chunk (cid-leaves.ts). The
        // importer's own leaves would hold up to 174 chunks (45 MB) until their parent is built.
        expect(liveBuffersPeak).toBeLessThan(32 * MB)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    600_000,
  )
})
