import type { ComputedCid } from './cid-of-stream.ts'
import { type CidProfile, checkCidProfile, DEFAULT_CID_PROFILE } from './cid-profiles.ts'
import type { CidWorkerReply, CidWorkerRequest } from './cid-worker.ts'

export interface ComputeCidOptions {
  /** How the gateway builds CIDs; default `kubo-cidv0` (Filebase's). */
  profile?: CidProfile
  /** Stops the computation (the worker is terminated) and rejects with the signal's reason. */
  signal?: AbortSignal
}

/**
 * The IPFS CID a gateway with this profile gives the bytes of `blob`, computed in a Web Worker that streams the
 * Blob (never whole in memory), so the page stays responsive. The worker is a chunk of its own, fetched on first
 * use. Where there is no `Worker` (Node, a server render), the same code runs in this thread, loaded on demand.
 */
export async function computeCid(blob: Blob, options: ComputeCidOptions = {}): Promise<string> {
  return (await computeCidSpellings(blob, options)).cid
}

/** `computeCid`, with every spelling of the CID a gateway may answer with (for comparing with the gateway's). */
export async function computeCidSpellings(
  blob: Blob,
  { profile = DEFAULT_CID_PROFILE, signal }: ComputeCidOptions = {},
): Promise<ComputedCid> {
  const checked = checkCidProfile(profile)
  signal?.throwIfAborted()
  if (typeof Worker === 'undefined') {
    const { cidOfBlob } = await import('./cid-of-stream.ts')
    return cidOfBlob(blob, checked, signal)
  }
  // This exact `new Worker(new URL(…, import.meta.url))` form is what bundlers (Vite, webpack 5) turn into a
  // separate worker chunk.
  const worker = new Worker(new URL('./cid-worker.ts', import.meta.url), { type: 'module', name: 'cid' })
  try {
    return await new Promise<ComputedCid>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason)
      signal?.addEventListener('abort', onAbort, { once: true })
      worker.addEventListener('message', (event: MessageEvent<CidWorkerReply>) => {
        signal?.removeEventListener('abort', onAbort)
        const reply = event.data
        if ('computed' in reply) resolve(reply.computed)
        else reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }))
      })
      // A worker that cannot start (a Content-Security-Policy without `worker-src 'self'`, a failed chunk load).
      worker.addEventListener('error', (event) => {
        signal?.removeEventListener('abort', onAbort)
        event.preventDefault()
        // Named, so the plugin words it in its locale; the message is the browser's own, when it gives one.
        reject(Object.assign(new Error(event.message), { name: 'CidWorkerFailed' }))
      })
      worker.postMessage({ blob, profile: checked } satisfies CidWorkerRequest)
    })
  } finally {
    worker.terminate()
  }
}
