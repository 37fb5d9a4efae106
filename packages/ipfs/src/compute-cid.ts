import type { ComputedCid } from './cid-of-stream.ts'
import { type CidProfile, checkCidProfile, DEFAULT_CID_PROFILE } from './cid-profiles.ts'
import type { CidWorkerReply, CidWorkerRequest } from './cid-worker.ts'
import { CidWorkerFailed } from './cid-worker-failed.ts'

export interface ComputeCidOptions {
  /** How the gateway builds CIDs; default `kubo-cidv0` (Filebase's). */
  profile?: CidProfile
  /** Stops the computation (the worker is terminated) and rejects with the signal's reason. */
  signal?: AbortSignal
}

/**
 * The IPFS CID a gateway with this profile gives the bytes of `blob`, computed in a Web Worker that streams the
 * Blob (never whole in memory), so the page stays responsive. The worker's code is in the chunk this module is in,
 * loaded on first use. Where there is no `Worker` (Node, a server render), the same code runs in this thread, loaded on demand.
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
  // The worker's code, every dependency inside, is a chunk of its own, loaded on first use (a failed load
  // rejects with the browser's own words).
  const { default: CidWorker } = await import('./cid-worker.ts?worker&inline')
  // Aborted while that loaded: no worker to start.
  signal?.throwIfAborted()
  // A Content-Security-Policy that refuses the worker says so only in this event, never in the worker's error.
  let refusedBy: string | undefined
  const onViolation = (event: SecurityPolicyViolationEvent) => {
    if (event.effectiveDirective === 'worker-src') refusedBy ??= workerClause(event.originalPolicy)
  }
  addEventListener('securitypolicyviolation', onViolation)
  let worker: Worker
  try {
    // Vite's inline-worker form: the worker and everything it imports in one string, started from a Blob URL, so
    // no app's bundler or dev server has to find, pre-bundle or serve a file for it (the package build does the same).
    worker = new CidWorker({ name: 'cid' })
  } catch (error) {
    removeEventListener('securitypolicyviolation', onViolation)
    throw new CidWorkerFailed(error instanceof Error ? error.message : String(error), refusedBy)
  }
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
      // A worker that could not start or load: the browser's own words, or the CSP directive that refused it.
      worker.addEventListener('error', (event) => {
        signal?.removeEventListener('abort', onAbort)
        event.preventDefault()
        // The violation event is queued as a task of its own: let it arrive before naming the cause.
        setTimeout(() => reject(new CidWorkerFailed(event.message ?? '', refusedBy)))
      })
      worker.postMessage({ blob, profile: checked } satisfies CidWorkerRequest)
    })
  } finally {
    worker.terminate()
    removeEventListener('securitypolicyviolation', onViolation)
  }
}

/** The clause of a policy that governs workers, as CSP falls back for them: worker-src, child-src, script-src, default-src. */
function workerClause(policy: string): string {
  const clauses = policy.split(';').map((clause) => clause.trim())
  for (const name of ['worker-src', 'child-src', 'script-src', 'default-src']) {
    const clause = clauses.find((c) => c === name || c.startsWith(`${name} `))
    if (clause) return clause
  }
  return 'worker-src'
}
