import { execFile, spawn } from 'node:child_process'
import { createCipheriv, createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { BrowserCommand } from 'vitest/node'
import { bytesOf } from './generated-bytes.ts'

/**
 * Independent answers for the kit's CIDs, in Node: Debian's `ipfs_cid` (rust-ipfs' UnixFS adder) for kubo's
 * default DAG, and a from-the-spec encoder for raw-leaves DAGs, which `ipfs_cid` does not build. Used by the node
 * tests directly and by the browser tests as Vitest commands, over bytes both sides generate identically.
 */

/** `ipfs_cid FILE`'s answer: kubo's default DAG as CIDv0, and the same root re-encoded as CIDv1 (dag-pb). */
export interface IpfsCidAnswer {
  CIDv0: string
  CIDv1: string
}

/** Deterministic pseudo-random bytes fast enough for gigabytes: the AES-128-CTR keystream of a seed, in pieces. */
export function* keystream(total: number, chunkSize: number, seed: string): Generator<Uint8Array> {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16))
  const zeros = Buffer.alloc(chunkSize)
  for (let offset = 0; offset < total; offset += chunkSize) {
    // update() returns a fresh buffer each time: a consumer and the oracle's pipe may both still hold the last one.
    yield cipher.update(zeros.subarray(0, Math.min(chunkSize, total - offset)))
  }
}

/** `ipfs_cid` on a path (a file, or a FIFO fed while it reads), its CIDv0. */
export function ipfsCidOfPath(path: string): Promise<string> {
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

export async function ipfsCid(bytes: Uint8Array): Promise<IpfsCidAnswer> {
  const dir = await mkdtemp(join(tmpdir(), 'ipfs-cid-'))
  try {
    const path = join(dir, 'file')
    await writeFile(path, bytes)
    const { stdout } = await promisify(execFile)('ipfs_cid', [path])
    return JSON.parse(stdout) as IpfsCidAnswer
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Unsigned LEB128, the protobuf varint. */
function varint(value: number): number[] {
  const out: number[] = []
  let rest = value
  do {
    const low = rest % 128
    rest = Math.floor(rest / 128)
    out.push(rest > 0 ? low | 0x80 : low)
  } while (rest > 0)
  return out
}

const field = (tag: number, bytes: Uint8Array | number[]) => [tag, ...varint(bytes.length), ...bytes]

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
/** Multibase base32 (RFC 4648 lower case, no padding, prefix `b`). */
function base32(bytes: Uint8Array): string {
  let out = 'b'
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** CIDv1 bytes: version 1, the codec, then the sha2-256 multihash (0x12, 32 bytes). */
const cidV1 = (codec: number, block: Uint8Array) =>
  Uint8Array.from([0x01, ...varint(codec), 0x12, 0x20, ...createHash('sha256').update(block).digest()])

const RAW = 0x55
const DAG_PB = 0x70

interface Node {
  cid: Uint8Array
  /** Bytes of file content below this node (UnixFS blocksize). */
  fileSize: number
  /** The block plus every block below it (dag-pb link Tsize). */
  treeSize: number
}

/**
 * The CIDv1 (base32) of a raw-leaves UnixFS file with a balanced layout, written from the specs (UnixFS, dag-pb,
 * CID) without the importer: leaves are raw blocks of `chunkSize`; each inner node is a dag-pb node, links first
 * (`Hash`, empty `Name`, `Tsize`), then `Data` = UnixFS { Type: File, filesize, blocksizes }; at most `linksPerNode`
 * links; a file of one chunk is that raw block.
 */
export function rawLeavesCid(
  bytes: Uint8Array,
  { chunkSize, linksPerNode }: { chunkSize: number; linksPerNode: number },
) {
  let level: Node[] = []
  for (let offset = 0; offset < bytes.length || offset === 0; offset += chunkSize) {
    const chunk = bytes.subarray(offset, offset + chunkSize)
    level.push({ cid: cidV1(RAW, chunk), fileSize: chunk.length, treeSize: chunk.length })
    if (bytes.length === 0) break
  }
  while (level.length > 1) {
    const next: Node[] = []
    for (let i = 0; i < level.length; i += linksPerNode) {
      const children = level.slice(i, i + linksPerNode)
      const fileSize = children.reduce((sum, c) => sum + c.fileSize, 0)
      const links = children.flatMap((c) =>
        field(0x12, [...field(0x0a, c.cid), 0x12, 0x00, 0x18, ...varint(c.treeSize)]),
      )
      const unixfs = [0x08, 0x02, 0x18, ...varint(fileSize), ...children.flatMap((c) => [0x20, ...varint(c.fileSize)])]
      const block = Uint8Array.from([...links, ...field(0x0a, unixfs)])
      const treeSize = block.length + children.reduce((sum, c) => sum + c.treeSize, 0)
      next.push({ cid: cidV1(DAG_PB, block), fileSize, treeSize })
    }
    level = next
  }
  return base32((level[0] as Node).cid)
}

export const RAW_LEAVES_LAYOUTS = {
  'kubo-cidv1-raw': { chunkSize: 256 * 1024, linksPerNode: 174 },
  'unixfs-v1-2025': { chunkSize: 1024 * 1024, linksPerNode: 1024 },
} as const

/** Vitest browser commands: the page asks Node for the expected CIDs of bytes it generates itself. */
export const cidOracleCommands = {
  ipfsCidOfLcg: (async (_context, size: number, seed: number) => ipfsCid(bytesOf(size, seed))) satisfies BrowserCommand<
    [number, number]
  >,
  rawLeavesCidOfLcg: (async (_context, size: number, seed: number, profile: keyof typeof RAW_LEAVES_LAYOUTS) =>
    rawLeavesCid(bytesOf(size, seed), RAW_LEAVES_LAYOUTS[profile])) satisfies BrowserCommand<
    [number, number, keyof typeof RAW_LEAVES_LAYOUTS]
  >,
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    ipfsCidOfLcg(size: number, seed: number): Promise<IpfsCidAnswer>
    rawLeavesCidOfLcg(size: number, seed: number, profile: keyof typeof RAW_LEAVES_LAYOUTS): Promise<string>
  }
}
