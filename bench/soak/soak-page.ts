// The page side of the soak (bench/soak.ts drives it): the four flows, as an app runs them, through the mock's app
// backend; files that end in an error are retried the way a person would (Retry), a bounded number of rounds.
import Uppy, { type Body, type Meta } from '@uppy/core'
import GcsSignedUrl, { startrail } from '@uppy-presign/gcs'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import S3PostPolicy, { leonardo, typebot } from '@uppy-presign/s3-post'
import { startTypebotSession } from '../typebot-session.ts'

export interface SoakFile {
  flow: string
  name: string
  size: number
  sha256: string
  uploaded: boolean
  error?: string
}

export interface SoakResult {
  files: SoakFile[]
  /** Upload rounds per flow: 1 when nothing needed a person's Retry. */
  rounds: Record<string, number>
  ms: number
}

const quiet = { logger: { debug: () => {}, warn: () => {}, error: () => {} } }

/** Deterministic bytes (a PNG signature first, which Leonardo's magic-byte check wants), unique per seed. */
function bytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size)
  let x = (seed * 2654435761) >>> 0 || 1
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x
    out[i + 1] = x >>> 8
    out[i + 2] = x >>> 16
    out[i + 3] = x >>> 24
  }
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size))
  return out
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

function flows(api: string): Record<string, () => Uppy<Meta, Body>> {
  const engine = { limit: 6 }
  return {
    nft2: () =>
      new Uppy<Meta, Body>(quiet).use(IpfsPresign, { presign: nft2({ endpoint: `${api}/app/nft2` }), ...engine }),
    startrail: () =>
      new Uppy<Meta, Body>(quiet).use(GcsSignedUrl, {
        presign: startrail({ endpoint: `${api}/app/startrail`, category: 'artwork' }),
        ...engine,
      }),
    leonardo: () =>
      new Uppy<Meta, Body>(quiet).use(S3PostPolicy, {
        presign: leonardo.initImage({ endpoint: `${api}/app/leonardo` }),
        ...engine,
      }),
    typebot: () =>
      new Uppy<Meta, Body>(quiet).use(S3PostPolicy, {
        presign: typebot({ endpoint: `${api}/app/typebot`, sessionId: 'soak' }),
        ...engine,
      }),
  }
}

async function soak(api: string, count: number, maxRounds: number): Promise<SoakResult> {
  await startTypebotSession(api, 'soak')
  const started = performance.now()
  const makers = flows(api)
  const names = Object.keys(makers)
  const files: SoakFile[] = []
  const rounds: Record<string, number> = {}
  await Promise.all(
    names.map(async (flow, f) => {
      const uppy = makers[flow]?.() as Uppy<Meta, Body>
      const mine: Array<{ id: string; file: SoakFile }> = []
      for (let i = f; i < count; i += names.length) {
        // Sizes spread evenly on a log scale from 1 KiB to 2 MiB: many small files, some large ones.
        const size = Math.round(1024 * 2048 ** ((i * 0.618) % 1))
        const data = bytes(size, i + 1)
        const file: SoakFile = { flow, name: `soak-${i}.png`, size, sha256: await sha256(data), uploaded: false }
        const id = uppy.addFile({ name: file.name, type: 'image/png', data: new Blob([data], { type: 'image/png' }) })
        mine.push({ id, file })
        files.push(file)
      }
      let round = 1
      await uppy.upload()
      while (round < maxRounds && uppy.getFiles().some((file) => file.error)) {
        round++
        await uppy.retryAll()
      }
      rounds[flow] = round
      for (const { id, file } of mine) {
        const state = uppy.getFile(id)
        file.uploaded = Boolean(state?.progress.uploadComplete) && !state?.error
        if (state?.error) file.error = String(state.error)
      }
      uppy.destroy()
    }),
  )
  return { files, rounds, ms: performance.now() - started }
}

;(globalThis as unknown as { runSoak: typeof soak }).runSoak = soak
