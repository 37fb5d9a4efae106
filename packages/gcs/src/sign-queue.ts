/**
 * Collects sign requests made while the page runs one task (a `Promise.all` over 50 downloads) into batch calls of
 * at most `batchSize` distinct keys, with at most `limit` calls in flight; requests made while every call is busy
 * wait, and go out together in the next free call, as the upload engine batches just in time.
 */
export class SignQueue<Request, Answer> {
  #waiting: Array<{ key: string; request: Request; settle: Array<[(a: Answer) => void, (e: unknown) => void]> }> = []
  #inFlight = 0
  #scheduled = false

  constructor(
    private readonly signBatch: (requests: Request[]) => Promise<Answer[]>,
    private readonly sizes: () => { batchSize: number; limit: number },
  ) {}

  /** The answer for one request; requests with the same key waiting together share one entry of a batch. */
  sign(key: string, request: Request): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      const same = this.#waiting.find((w) => w.key === key)
      if (same) same.settle.push([resolve, reject])
      else this.#waiting.push({ key, request, settle: [[resolve, reject]] })
      this.#schedule()
    })
  }

  /** On the next task, not now: the caller's siblings in this task join the same batch. */
  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setTimeout(() => {
      this.#scheduled = false
      this.#pump()
    }, 0)
  }

  #pump(): void {
    const { batchSize, limit } = this.sizes()
    while (this.#waiting.length > 0 && this.#inFlight < Math.max(1, limit)) {
      const batch = this.#waiting.splice(0, Math.max(1, batchSize))
      this.#inFlight++
      this.signBatch(batch.map((w) => w.request))
        .then(
          (answers) => {
            for (const [i, w] of batch.entries()) for (const [resolve] of w.settle) resolve(answers[i] as Answer)
          },
          (error: unknown) => {
            for (const w of batch) for (const [, reject] of w.settle) reject(error)
          },
        )
        .finally(() => {
          this.#inFlight--
          this.#pump()
        })
    }
  }
}

/** At most `limit()` of the functions run at once; the others wait their turn, in order. */
export function limiter(limit: () => number) {
  let running = 0
  const queue: Array<() => void> = []
  const next = () => {
    if (running >= Math.max(1, limit())) return
    const start = queue.shift()
    if (start) {
      running++
      start()
    }
  }
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            running--
            next()
          })
      })
      next()
    })
}
