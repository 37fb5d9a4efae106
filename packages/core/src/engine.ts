import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import { EventManager } from '@uppy/core'
import { filterFilesToEmitUploadStarted, filterFilesToUpload, isAbortError, TaskQueue } from '@uppy/core/utils'
import { lifetimeOf } from './expiry.ts'
import type { Explain, Translate } from './failures.ts'
import { type Presigned, PresignShapeProblem, type SignedUpload, type UploadFlow } from './flow.ts'
import { UnexplainedFailure } from './presign-request.ts'
import { StorageRequestFailed, sendSignedUpload } from './transport.ts'
import { UploadError } from './upload-error.ts'

/** Time as the engine sees it; a test hands in its own to run hours of expiry and backoff in no time. */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
  /** In [0, 1): the jitter of backoff delays. */
  random(): number
}

const realClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const timer = setTimeout(resolve, ms)
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer)
          reject(signal.reason)
        },
        { once: true },
      )
    }),
}

/** What the engine works with besides Uppy and the flow; a test replaces the transport and the clock with fakes. */
export interface EngineParts {
  /** One attempt at sending a file; default `sendSignedUpload` (XHR with progress). */
  transport?: typeof sendSignedUpload
  /** Default: the page's own clock. */
  clock?: Clock
  /** Words failures, in the plugin's locale. */
  explain: Explain
  /** Words the engine's own messages (`src/locale.ts`): the plugin's `i18n`. */
  i18n: Translate
}

/** A presign answer and the local time until which it may still be sent. */
interface Held {
  presigned: Presigned
  sendBefore: number
}

/** A file's presign answer, asked for (a batch call under way) or arrived (`held` set). */
interface Slot {
  promise: Promise<Held>
  held?: Held
}

/** Whether a presigned upload URL can be sent as it is: absolute, http or https. */
function isHttpUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false
  try {
    const { protocol, host } = new URL(url)
    return (protocol === 'https:' || protocol === 'http:') && host !== ''
  } catch {
    return false
  }
}

const nameOf = (file: UppyFile<Meta, Body>) => file.name ?? 'file'

const recovery = () => import('./recovery.ts')

/**
 * The uploader all flow plugins share. It presigns just in time — when a file is about to start, for it and the
 * next waiting files up to the vendor's batch size — so a queue of 500 files makes 10 calls of 50 and no URL is
 * signed minutes before it is used; presigns again what would lapse before it is sent, and once after a 403 that
 * says the URL expired; retries network errors, 429 and 5xx with backoff; and ends every file in `upload-success`
 * or one `upload-error` that says which file, what rule, what to do.
 */
export class PresignUploadEngine<M extends Meta, B extends Body> {
  readonly #transport: typeof sendSignedUpload
  readonly #clock: Clock
  readonly #explain: Explain
  readonly #i18n: Translate
  /** Each file's presign answer from when it is asked for until its upload ends. */
  readonly #slots = new Map<string, Slot>()
  /**
   * Files the storage accepted but whose answer the flow refused (a CID hidden by CORS, a CID that is not the file's):
   * their slot is kept, so that Retry sends the same bytes to the same URL and replaces that object instead of
   * storing a second copy under a new key. Dropped when the file goes or is retried.
   */
  readonly #storedButRefused = new Set<string>()
  /** Files of running uploads that have not started sending yet, in upload order: the next batch comes from here. */
  #waiting: UppyFile<M, B>[] = []
  /** The storage's last `Date` header and when it arrived: its clock, read only if an expiry needs it. */
  #storageDate?: { header: string; receivedAt: number }
  readonly #queue: TaskQueue
  /** Aborted by "cancel all": presign calls waiting to retry stop too, instead of calling the vendor for nobody. */
  #cancelled = new AbortController()

  constructor(
    readonly uppy: Uppy<M, B>,
    readonly flow: UploadFlow<M, B>,
    parts: EngineParts,
  ) {
    this.#transport = parts.transport ?? sendSignedUpload
    this.#clock = parts.clock ?? realClock
    this.#explain = parts.explain
    this.#i18n = parts.i18n
    this.#queue = new TaskQueue({ concurrency: flow.opts.limit })
  }

  #onCancelAll = () => {
    this.#cancelled.abort()
    this.#cancelled = new AbortController()
    for (const id of this.#storedButRefused) this.#slots.delete(id)
    this.#storedButRefused.clear()
  }

  #onFileRemoved = (file: UppyFile<M, B> | undefined) => {
    if (file && this.#storedButRefused.delete(file.id)) this.#slots.delete(file.id)
  }

  /** Listens for what the engine must react to beyond single files; `dispose()` stops it. */
  attach(): void {
    this.uppy.on('cancel-all', this.#onCancelAll)
    this.uppy.on('file-removed', this.#onFileRemoved)
  }

  dispose(): void {
    this.uppy.off('cancel-all', this.#onCancelAll)
    this.uppy.off('file-removed', this.#onFileRemoved)
  }

  /** Uppy's uploader: registered with `addUploader`, called with the IDs of the files to upload. */
  upload = async (fileIDs: string[]): Promise<void> => {
    const files = filterFilesToUpload(this.uppy.getFilesByIds(fileIDs)) as UppyFile<M, B>[]
    this.uppy.emit('upload-start', filterFilesToEmitUploadStarted(files))
    const { limit } = this.flow.opts
    // 0 is Uppy's "no limit"; @uppy/core 6.3.1's TaskQueue setter turns once per free slot and never returns from an
    // unbounded concurrency, so no limit is room for every file queued or running and every file of this upload.
    this.#queue.concurrency =
      Number.isFinite(limit) && limit > 0
        ? limit
        : Math.max(1, this.#queue.running + this.#queue.pending + files.length)
    const ready: UppyFile<M, B>[] = []
    for (const file of files) {
      try {
        if (file.isRemote) throw await this.#explain('remoteFile', { fileName: nameOf(file) })
        await this.flow.check?.(file)
        ready.push(file)
      } catch (error) {
        this.uppy.emit('upload-error', file, await this.#worded(error, [file]))
      }
    }
    this.#waiting.push(...ready)
    await Promise.allSettled(ready.map((file) => this.#uploadInQueue(file)))
  }

  async #uploadInQueue(file: UppyFile<M, B>): Promise<void> {
    const events = new EventManager(this.uppy)
    const controller = new AbortController()
    events.onFileRemove(file.id, () => controller.abort())
    events.onCancelAll(file.id, () => controller.abort())
    try {
      // abortOn: a file removed while still queued is dropped from the queue there and then, so it is never
      // presigned (nor put into another file's batch) and holds no place in the line.
      await this.#queue
        .add((queueSignal) => this.#uploadFile(file, AbortSignal.any([queueSignal, controller.signal])))
        .abortOn(controller.signal)
    } catch (error) {
      // Removed or cancelled: Uppy already shows it; no error, and nothing was stored (the request was aborted).
      if (!isAbortError(error) && !controller.signal.aborted) {
        this.uppy.emit('upload-error', this.uppy.getFile(file.id) ?? file, await this.#worded(error, [file]))
      }
    } finally {
      this.#forget(file.id)
      events.remove()
    }
  }

  async #uploadFile(file: UppyFile<M, B>, signal: AbortSignal): Promise<void> {
    const held = await this.#presigned(file)
    this.#waiting = this.#waiting.filter((f) => f.id !== file.id)
    const data = (await this.flow.body?.(file, held.presigned)) ?? (file.data as Blob)
    // Ends with this upload, whichever way it ends: a failed or removed upload must not keep a worker reading.
    const alongsideDone = new AbortController()
    const alongside = this.flow.alongside?.(file, data, AbortSignal.any([signal, alongsideDone.signal]))
    // Its failure is the flow's to judge in `result`; an upload that never gets there must not leave it unhandled.
    alongside?.catch(() => {})
    try {
      await this.#send(file, data, signal, alongside)
    } finally {
      alongsideDone.abort()
    }
  }

  /**
   * Sends the file until it is stored or fails for good: a URL the storage calls expired is presigned again once
   * (our clock or its lifetime estimate was off; a second refusal is something else, and is reported); a retryable
   * failure is sent again after a backoff, up to `retries` times.
   */
  async #send(file: UppyFile<M, B>, data: Blob, signal: AbortSignal, alongside?: Promise<unknown>): Promise<void> {
    let retried = 0
    let presignedAgain = false
    for (;;) {
      signal.throwIfAborted()
      const held = await this.#presigned(file)
      const failure = await this.#attempt(file, data, held, signal, alongside)
      if (!failure) return
      const { error, retryAfter } = failure
      if (error.info.kind === 'expired') {
        if (presignedAgain) throw error
        presignedAgain = true
        // Marked lapsed, not forgotten: the new presign gets it as `previous`, so a flow that chose a name keeps it.
        held.sendBefore = Number.NEGATIVE_INFINITY
        continue
      }
      if (!error.info.retryable || retried >= this.flow.opts.retries) throw error
      retried++
      const delay = await this.#retryDelayMs(retried, retryAfter)
      if (delay === undefined) throw error
      await this.#clock.sleep(delay, signal)
    }
  }

  /** One attempt: `upload-success` and nothing returned, or the failure in words and the `Retry-After` it came with. */
  async #attempt(
    file: UppyFile<M, B>,
    data: Blob,
    held: Held,
    signal: AbortSignal,
    alongside?: Promise<unknown>,
  ): Promise<{ error: UploadError; retryAfter?: string | null } | undefined> {
    const { signed } = held.presigned
    const uploadStarted = this.#clock.now()
    let response: Awaited<ReturnType<typeof sendSignedUpload>>
    try {
      response = await this.#transport(signed, data, nameOf(file), {
        signal,
        stallTimeoutMs: this.flow.opts.stallTimeoutMs,
        onStalled: (ms) =>
          this.uppy.emit('upload-stalled', new Error(this.#i18n('uploadStalled', { seconds: Math.round(ms / 1000) })), [
            file,
          ]),
        onProgress: (loaded, total) => {
          const current = this.uppy.getFile(file.id)
          if (!current) return
          this.uppy.emit('upload-progress', current, {
            uploadStarted,
            bytesUploaded: (loaded / total) * (file.size ?? loaded),
            bytesTotal: file.size ?? total,
          })
        },
      })
    } catch (error) {
      if (isAbortError(error) || signal.aborted) throw error
      if (!(error instanceof StorageRequestFailed)) return { error: await this.#worded(error, [file]) }
      return {
        error: await this.#explainStorage(error, file, signed),
        retryAfter: error.response.header('retry-after'),
      }
    }
    // The storage dates its answer when the body has arrived, not when the upload began: for a long upload only
    // the moment of receipt brackets it.
    const date = response.header('date')
    if (date) this.#storageDate = { header: date, receivedAt: this.#clock.now() }
    let result: Awaited<ReturnType<UploadFlow<M, B>['result']>>
    try {
      result = await this.flow.result(file, held.presigned, response, alongside)
    } catch (refused) {
      this.#storedButRefused.add(file.id)
      throw await this.#worded(refused, [file])
    }
    this.#storedButRefused.delete(file.id)
    this.uppy.emit('upload-success', this.uppy.getFile(file.id) ?? file, {
      status: response.status,
      body: result.body,
      uploadURL: result.uploadURL,
    })
    return undefined
  }

  #explainStorage(error: StorageRequestFailed, file: UppyFile<M, B>, signed: SignedUpload): Promise<UploadError> {
    const { response } = error
    return this.#explain('storage', {
      fileName: nameOf(file),
      status: response.status,
      body: response.body,
      sentHeaders: response.sentHeaders,
      signedHeaders: signed.method === 'PUT' ? signed.headers : undefined,
      method: signed.method,
      url: signed.url,
    })
  }

  /**
   * Any failure as an `UploadError`: one already in words as it is; one a flow or adapter left unworded (a vendor's
   * refusal, a presign answer the flow cannot use) in words; anything else as a failed presign call of these files
   * when it came from one (retryable), else as the error it is (not).
   */
  async #worded(error: unknown, files: UppyFile<M, B>[], fromPresign = false): Promise<UploadError> {
    if (error instanceof UploadError) return error
    if (error instanceof UnexplainedFailure) return this.#explain(error.failure, error.input)
    if (error instanceof PresignShapeProblem && this.flow.malformedPresign)
      return this.flow.malformedPresign(files, error)
    if (fromPresign) return this.#explain('presignFailed', { fileNames: files.map(nameOf), cause: error })
    return this.#explain('unexpected', { fileName: nameOf(files[0] as UppyFile<M, B>), cause: error })
  }

  /**
   * A signed upload for this file that will not lapse before it is sent: the one it holds, or a new one. A file
   * whose answer is under way waits for it; a failed batch fails each of its files when its turn comes, once,
   * instead of calling the vendor again for each.
   */
  async #presigned(file: UppyFile<M, B>): Promise<Held> {
    const slot = this.#slots.get(file.id)
    if (slot) {
      const held = await slot.promise
      if (this.#isSendable(held)) return held
    }
    // This file first, then the next waiting files that have no usable answer, up to the vendor's batch size.
    const batch = [file, ...this.#waiting.filter((f) => f.id !== file.id && this.#needsPresign(f.id))].slice(
      0,
      Math.max(1, this.flow.opts.batchSize),
    )
    const previous = batch.map((f) => this.#slots.get(f.id)?.held?.presigned)
    const answers = this.#presignEach(batch, previous)
    for (const [i, f] of batch.entries()) {
      const member: Slot = {
        promise: (answers[i] as Promise<Held>).then((held) => {
          member.held = held
          return held
        }),
      }
      // Its failure is reported when the file's turn comes, not as an unhandled rejection now.
      member.promise.catch(() => {})
      this.#slots.set(f.id, member)
    }
    return (this.#slots.get(file.id) as Slot).promise
  }

  /**
   * Presigns these files in one call, an answer per file. A vendor that refuses the call because of files it names
   * (`namedFiles`) does not fail the others: they are presigned again without them, and each named file is asked
   * about alone, so that its error is the vendor's word on that file only (or it is signed after all: a clash
   * between two files of one call is no fault of either alone).
   */
  #presignEach(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Array<Promise<Held>> {
    const split = this.#presignWithRetries(files, previous).then(
      (list) => list.map((held) => Promise.resolve(held)),
      async (error: UploadError) => {
        const named = error.info.namedFiles
        if (!named || named.length >= files.length) throw error
        // Its code loads with the first such refusal; should it not load, the batch's refusal stands for all.
        const apart = await recovery().then(
          (r) => r.presignApart,
          () => undefined,
        )
        if (!apart) throw error
        return apart(files, previous, named, (some, before) => this.#presignEach(some, before))
      },
    )
    return files.map((_, i) => split.then((answers) => answers[i] as Promise<Held>))
  }

  /** A waiting file to add to a batch: it has no answer, not one under way, or one that would lapse. */
  #needsPresign(id: string): boolean {
    const slot = this.#slots.get(id)
    return !slot || (slot.held !== undefined && !this.#isSendable(slot.held))
  }

  async #presignWithRetries(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Promise<Held[]> {
    const cancelled = this.#cancelled.signal
    const fileNames = files.map(nameOf)
    for (let attempt = 0; ; attempt++) {
      let error: UploadError
      try {
        const requestedAt = this.#clock.now()
        const list = await this.flow.presignBatch(files, previous)
        if (!Array.isArray(list) || list.length !== files.length) {
          throw await this.#explain('presignCountMismatch', { fileNames, got: Array.isArray(list) ? list.length : 0 })
        }
        const unusable = list.findIndex((presigned) => !isHttpUrl(presigned?.signed?.url))
        if (unusable >= 0) {
          const fileName = fileNames[unusable] as string
          throw await this.#explain('unusablePresignUrl', { fileName, url: list[unusable]?.signed?.url })
        }
        return await Promise.all(
          list.map(async (presigned) => ({
            presigned,
            sendBefore: await this.#sendBefore(presigned.signed, requestedAt),
          })),
        )
      } catch (caught) {
        error = await this.#worded(caught, files, true)
      }
      if (!error.info.retryable || attempt >= this.flow.opts.retries) throw error
      // A rate-limited vendor (or the app's proxy) says when to come back; sooner would only spend an attempt.
      const delay = await this.#retryDelayMs(attempt + 1, error.info.details?.['retry-after'])
      if (delay === undefined) throw error
      await this.#clock.sleep(delay, cancelled)
    }
  }

  /**
   * The local time after which a signed upload may no longer be sent. A URL carries its own signing time and
   * lifetime (X-Amz-Date + X-Amz-Expires, a policy's X-Amz-Date and expiration): counting the lifetime from when we
   * asked for it needs no clock agreement at all. Only an `expiresAt` without a signing time needs the storage's
   * clock, estimated from its `Date` header.
   */
  async #sendBefore(signed: SignedUpload, requestedAt: number): Promise<number> {
    const { signedAt, expiresAt } = lifetimeOf(signed)
    if (expiresAt === undefined) return Number.POSITIVE_INFINITY
    // The signature was made between our request and its answer: the earliest bound is the safe one.
    if (signedAt !== undefined) return requestedAt + (expiresAt - signedAt)
    return expiresAt - (await this.#storageClockOffsetMs())
  }

  /** How far the storage's clock is ahead of ours, from its last `Date` header; 0 before one is seen. */
  async #storageClockOffsetMs(): Promise<number> {
    const seen = this.#storageDate
    if (!seen) return 0
    try {
      return (await recovery()).clockOffsetMs(seen.header, seen.receivedAt, seen.receivedAt) ?? 0
    } catch {
      // Its code could not be loaded: judged by our own clock, as before any answer came.
      return 0
    }
  }

  /**
   * The backoff before retry number `attempt`; undefined when its code cannot be loaded (the page's server gone
   * too), and then the failure stands, reported with Retry offered, rather than hammering on without a delay.
   */
  async #retryDelayMs(attempt: number, retryAfter: string | null | undefined): Promise<number | undefined> {
    try {
      return (await recovery()).retryDelayMs(attempt, {
        baseMs: this.flow.opts.retryBaseMs,
        retryAfter,
        random: this.#clock.random,
        now: this.#clock.now,
      })
    } catch {
      return undefined
    }
  }

  #isSendable(held: Held): boolean {
    return held.sendBefore - this.#clock.now() > this.flow.opts.expiryMarginMs
  }

  #forget(id: string): void {
    // A stored-but-refused file keeps its answer until it is stored, removed or cancelled.
    if (!this.#storedButRefused.has(id)) this.#slots.delete(id)
    this.#waiting = this.#waiting.filter((f) => f.id !== id)
  }
}
