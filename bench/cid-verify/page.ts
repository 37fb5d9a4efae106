import { computeCid } from '@uppy-presign/ipfs'

/**
 * The page `bench/cid-verify.ts` drives in Chromium, built for production by Vite: the kit's `computeCid` (its
 * worker a chunk of its own) against plain WebCrypto SHA-256 over the same bytes, and the main thread's longest
 * task while a verification runs.
 */

let bytes: Uint8Array<ArrayBuffer> | undefined
let blob: Blob | undefined

/** Random bytes (they do not compress or repeat), `size` of them, held as an ArrayBuffer and as a Blob. */
function generate(size: number): void {
  bytes = new Uint8Array(size)
  // getRandomValues fills at most 65 536 bytes per call.
  for (let offset = 0; offset < size; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65_536)))
  }
  blob = new Blob([bytes])
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('call generate(size) first')
  return value
}

/** Milliseconds for `computeCid` of the Blob (worker start, streaming read, importer, WebCrypto hashing). */
async function cidMs(): Promise<{ ms: number; cid: string }> {
  const started = performance.now()
  const cid = await computeCid(need(blob))
  return { ms: performance.now() - started, cid }
}

/** Milliseconds for one WebCrypto SHA-256 over the same bytes, already in memory: the least work any CID needs. */
async function sha256Ms(): Promise<number> {
  const started = performance.now()
  await crypto.subtle.digest('SHA-256', need(bytes))
  return performance.now() - started
}

/**
 * One verification while watching the main thread: Long Tasks (the API reports tasks of 50 ms or more) and, for
 * shorter ones, how late a 5 ms interval fires (a task that blocks the thread delays it by its length).
 */
async function mainThreadDuringCid(): Promise<{
  longestLongTaskMs: number
  longTasks: number
  maxTimerDelayMs: number
}> {
  const longTasks: number[] = []
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  })
  observer.observe({ type: 'longtask' })
  let last = performance.now()
  let maxTimerDelayMs = 0
  const interval = setInterval(() => {
    const now = performance.now()
    maxTimerDelayMs = Math.max(maxTimerDelayMs, now - last - 5)
    last = now
  }, 5)
  try {
    await computeCid(need(blob))
    // Long-task entries are delivered after the task: give the observer a turn.
    await new Promise((resolve) => setTimeout(resolve, 100))
  } finally {
    clearInterval(interval)
    observer.disconnect()
  }
  return { longestLongTaskMs: Math.max(0, ...longTasks), longTasks: longTasks.length, maxTimerDelayMs }
}

declare global {
  var cidBench: {
    generate: typeof generate
    cidMs: typeof cidMs
    sha256Ms: typeof sha256Ms
    mainThreadDuringCid: typeof mainThreadDuringCid
  }
}
globalThis.cidBench = { generate, cidMs, sha256Ms, mainThreadDuringCid }
