// The page side of test/lazy-chunks.e2e.test.ts: one IPFS upload through the NFT2 mock, built by Vite for production
// as an app ships it, so that the kit's on-demand chunks are separate requests the test can make fail.
import Uppy, { type Body, type Meta } from '@uppy/core'
import type { UploadError } from '@uppy-presign/core'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import { recordEvents } from '../../uppy-helpers.ts'

export interface Outcome {
  errors: Array<{ message: string; kind?: string; status?: number; retryable?: boolean }>
  cids: string[]
  /** The upload-success bodies (with `verifyCid`: whether the CID was checked, and if not, why). */
  bodies: Array<Record<string, unknown>>
}

let uppy: Uppy<Meta, Body> | undefined

/** What one `upload()` or `retryAll()` ended in: every upload-error, and the CIDs of the successes. */
async function outcome(run: (uppy: Uppy<Meta, Body>) => Promise<unknown>): Promise<Outcome> {
  const current = uppy as Uppy<Meta, Body>
  const events = recordEvents(current)
  try {
    await run(current)
  } finally {
    events.stop()
  }
  return {
    errors: events.errors.map(({ error }) => {
      const { kind, status, retryable } = (error as UploadError).info ?? {}
      return { message: error.message, kind, status, retryable }
    }),
    cids: events.successes.map(({ body }) => String(body?.cid)),
    bodies: events.successes.map(({ body }) => ({ ...body })),
  }
}

function start(api: string, verifyCid = false): Promise<Outcome> {
  uppy?.destroy()
  uppy = new Uppy<Meta, Body>().use(IpfsPresign, {
    presign: nft2({ endpoint: `${api}/app/nft2` }),
    retryBaseMs: 1,
    verifyCid,
  })
  const bytes = new Uint8Array(4096)
  crypto.getRandomValues(bytes)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  uppy.addFile({ name: 'photo.png', type: 'image/png', data: new Blob([bytes], { type: 'image/png' }) })
  return outcome((u) => u.upload())
}

const retry = () => outcome((u) => u.retryAll())

Object.assign(globalThis, { start, retry })
