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
import { ipfsCid, lcgBytes, RAW_LEAVES_LAYOUTS, rawLeavesCid } from '../../../test/cid-oracles.ts'
import { cidOfStream } from './cid-of-stream.ts'
import { computeCid } from './compute-cid.ts'

// Node runs the same CID engine as the browser's worker (here hashing with node:crypto, there with WebCrypto):
// sizes too big for a browser test run here, against the oracles. `test/ipfs-cid.browser.test.ts` covers Chromium.

const KiB = 1024
const CHUNK = 256 * KiB
const LINKS = 174
const MB = 1e6

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
  it.each([
    ['0 B', 0],
    ['1 B', 1],
    ['256 KiB - 1', CHUNK - 1],
    ['256 KiB', CHUNK],
    ['256 KiB + 1', CHUNK + 1],
    ['174 x 256 KiB - 1', LINKS * CHUNK - 1],
    ['174 x 256 KiB', LINKS * CHUNK],
    ['174 x 256 KiB + 1', LINKS * CHUNK + 1],
  ])('%s: CIDv0 equals ipfs_cid, and its CIDv1 spelling is the one ipfs_cid prints', async (_name, size) => {
    const bytes = lcgBytes(size, size + 7)
    const oracle = await ipfsCid(bytes)
    // Slices of 65 537 B never line up with the 256 KiB chunks.
    const computed = await cidOfStream(inSlices(bytes, 65_537), 'kubo-cidv0')
    expect(computed.cid).toBe(oracle.CIDv0)
    expect(computed.spellings).toEqual([oracle.CIDv0, oracle.CIDv1])
  })

  it('depends on the bytes, not only on their length', async () => {
    const a = await cidOfStream(inSlices(lcgBytes(CHUNK + 1, 1), CHUNK), 'kubo-cidv0')
    const b = await cidOfStream(inSlices(lcgBytes(CHUNK + 1, 2), CHUNK), 'kubo-cidv0')
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
    const bytes = lcgBytes(size, size + 11)
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

/** Deterministic pseudo-random bytes, fast enough for gigabytes: the AES-128-CTR keystream of a seed. */
function* keystream(total: number, chunkSize: number, seed: string): Generator<Uint8Array> {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16))
  const zeros = Buffer.alloc(chunkSize)
  for (let offset = 0; offset < total; offset += chunkSize) {
    // A fresh buffer each time: the importer and the FIFO may both still hold the previous one.
    yield cipher.update(zeros.subarray(0, Math.min(chunkSize, total - offset)))
  }
}

/** `ipfs_cid` on a path, its CIDv0. */
function oracleCid(path: string): Promise<string> {
  const child = spawn('ipfs_cid', [path], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout.on('data', (data: Buffer) => stdout.push(data))
  child.stderr.on('data', (data: Buffer) => stderr.push(data))
  return new Promise<string>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`ipfs_cid exited ${code}: ${Buffer.concat(stderr)}`))
      resolve((JSON.parse(Buffer.concat(stdout).toString()) as { CIDv0: string }).CIDv0)
    })
  })
}

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
        const expected = oracleCid(fifo)
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
