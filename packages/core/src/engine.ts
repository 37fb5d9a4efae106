import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import { EventManager } from '@uppy/core'
import { filterFilesToEmitUploadStarted, filterFilesToUpload, isAbortError, TaskQueue } from '@uppy/core/utils'
import { planBatches } from './batching.ts'
import { lifetimeOf } from './expiry.ts'
import { explanations } from './load-explanations.ts'
import type { SignedUpload } from './signed-upload.ts'
import { StorageRequestFailed, type StorageResponse, sendSignedUpload } from './transport.ts'
import { UploadError } from './upload-error.ts'

/** One file's signed upload, plus the vendor data its result is built from (finalUrl, id, fileUrl, key …). */
export interface PresignedFile {
  signed: SignedUpload
  data?: Record<string, unknown>
}

/** What a flow plugin tells the engine: how its vendor presigns, and what it keeps from the storage's answer. */
export interface UploadFlow<M extends Meta, B extends Body> {
  /** Files one presign call may cover (NFT2 50, POST-policy vendors 1). */
  batchSize: number
  /** Refuses a file before any request, with an `UploadError` that names the rule. */
  check?(file: UppyFile<M, B>): void | Promise<void>
  /** The bytes to send; default the file itself (Leonardo may re-encode to fit bounds). */
  body?(file: UppyFile<M, B>): Blob | Promise<Blob>
  /** Presigns these files, one result per file in the same order. */
  presign(files: UppyFile<M, B>[]): Promise<PresignedFile[]>
  /**
   * Work on the file's bytes that runs beside its transfer (IPFS: computing its CID, to check the gateway's):
   * started once per upload when the file is about to be sent, kept across retries, aborted when the upload ends.
   * Its promise is handed to `result`, which decides what its outcome means.
   */
  alongside?(file: UppyFile<M, B>, data: Blob, signal: AbortSignal): Promise<unknown>
  /**
   * What the app keeps, read from the storage's answer (and the outcome of `alongside`, if any); throws an
   * `UploadError` when it cannot be read or does not hold.
   */
  result(
    file: UppyFile<M, B>,
    presigned: PresignedFile,
    response: StorageResponse,
    alongside?: Promise<unknown>,
  ): { body: B; uploadURL?: string } | Promise<{ body: B; uploadURL?: string }>
}

export interface EngineOptions {
  /** Files uploading at once. */
  limit: number
  /** Further attempts after a network error, a 429 or a 5xx, per file (presign calls too). */
  retries: number
  /** First backoff step; doubles per attempt, with full jitter; `Retry-After` wins. */
  retryBaseMs: number
  /** A signed upload with less time left than this is re-presigned before it is sent. */
  expiryMarginMs: number
  /** Without upload progress for this long, Uppy is told the upload stalled. */
  stallTimeoutMs: number
}

export const defaultEngineOptions: EngineOptions = {
  limit: 6,
  retries: 4,
  retryBaseMs: 500,
  expiryMarginMs: 10_000,
  stallTimeoutMs: 30_000,
}

/** A presigned file and the local time until which it may still be sent. */
interface Held {
  presigned: PresignedFile
  sendBefore: number
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

const sleep = (ms: number, signal: AbortSignal) =>
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
  })

const nameOf = (file: UppyFile<Meta, Body>) => file.name ?? 'file'

const recovery = () => import('./recovery.ts')

/**
 * The uploader all flow plugins share. It presigns just in time — when a file is about to start, for it and the
 * next waiting files up to the vendor's batch size — so a queue of 500 files makes 10 NFT2 calls and no URL is
 * signed minutes before it is used; re-presigns what would lapse before it is sent, and once after a 403 that says
 * the URL expired; retries network errors, 429 and 5xx with backoff; and ends every file in `upload-success` or
 * one `upload-error` that says which file, what rule, what to do.
 */
export class PresignUploadEngine<M extends Meta, B extends Body> {
  readonly #held = new Map<string, Held>()
  /**
   * Files the storage accepted but whose answer the flow refused (a CID hidden by CORS, a CID that is not the file's):
   * their signed upload is kept, so that Retry sends the same bytes to the same URL and replaces that object instead
   * of storing a second copy under a new key. Dropped when the file goes or is retried.
   */
  readonly #storedButRefused = new Set<string>()
  readonly #pending = new Map<string, Promise<Held>>()
  /** Files of running uploads that have not started sending yet, in upload order: the next batch comes from here. */
  #waiting: UppyFile<M, B>[] = []
  /** The storage's last `Date` header and when it arrived: its clock, read only if an expiry needs it. */
  #storageDate?: { header: string; receivedAt: number }
  #queue: TaskQueue

  constructor(
    readonly uppy: Uppy<M, B>,
    readonly flow: UploadFlow<M, B>,
    readonly options: () => EngineOptions,
  ) {
    this.#queue = new TaskQueue({ concurrency: options().limit })
  }

  /** Aborted by "cancel all": presign calls waiting to retry stop too, instead of calling the vendor for nobody. */
  #cancelled = new AbortController()
  #onCancelAll = () => {
    this.#cancelled.abort()
    this.#cancelled = new AbortController()
    for (const id of this.#storedButRefused) this.#held.delete(id)
    this.#storedButRefused.clear()
  }

  #onFileRemoved = (file: UppyFile<M, B> | undefined) => {
    if (file && this.#storedButRefused.delete(file.id)) this.#held.delete(file.id)
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
    this.#queue.concurrency = this.options().limit
    const ready: UppyFile<M, B>[] = []
    for (const file of files) {
      try {
        if (file.isRemote) throw (await explanations(nameOf(file))).remoteFileRefused(nameOf(file))
        await this.flow.check?.(file)
        ready.push(file)
      } catch (error) {
        this.uppy.emit('upload-error', file, error as Error)
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
        this.uppy.emit('upload-error', this.uppy.getFile(file.id) ?? file, error as Error)
      }
    } finally {
      this.#forget(file.id)
      events.remove()
    }
  }

  async #uploadFile(file: UppyFile<M, B>, signal: AbortSignal): Promise<void> {
    const held = await this.#presigned(file)
    this.#waiting = this.#waiting.filter((f) => f.id !== file.id)
    const data = (await this.flow.body?.(file)) ?? (file.data as Blob)
    // Ends with this upload, whichever way it ends: a failed or removed upload must not keep a worker reading.
    const alongsideDone = new AbortController()
    const alongside = this.flow.alongside?.(file, data, AbortSignal.any([signal, alongsideDone.signal]))
    // Its failure is the flow's to judge in `result`; an upload that never gets there must not leave it unhandled.
    alongside?.catch(() => {})
    try {
      await this.#send(file, data, held, signal, alongside)
    } finally {
      alongsideDone.abort()
    }
  }

  async #send(
    file: UppyFile<M, B>,
    data: Blob,
    presignedHeld: Held,
    signal: AbortSignal,
    alongside: Promise<unknown> | undefined,
  ): Promise<void> {
    const { retries, stallTimeoutMs } = this.options()
    let held = presignedHeld
    let attempt = 0
    let represigned = false
    for (;;) {
      signal.throwIfAborted()
      if (!this.#isSendable(held)) held = await this.#presigned(file)
      const uploadStarted = Date.now()
      try {
        const response = await sendSignedUpload(held.presigned.signed, data, nameOf(file), {
          signal,
          stallTimeoutMs,
          onStalled: (ms) =>
            this.uppy.emit(
              'upload-stalled',
              new Error(`${file.name}: no upload progress for ${Math.round(ms / 1000)} s`),
              [file],
            ),
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
        // The storage dates its answer when the body has arrived, not when the upload began: for a long upload only
        // the moment of receipt brackets it.
        const receivedAt = Date.now()
        const date = response.header('date')
        if (date) this.#storageDate = { header: date, receivedAt }
        let result: Awaited<ReturnType<UploadFlow<M, B>['result']>>
        try {
          result = await this.flow.result(file, held.presigned, response, alongside)
        } catch (refused) {
          this.#storedButRefused.add(file.id)
          throw refused
        }
        const { body, uploadURL } = result
        this.#storedButRefused.delete(file.id)
        this.uppy.emit('upload-success', this.uppy.getFile(file.id) ?? file, {
          status: response.status,
          body,
          uploadURL,
        })
        return
      } catch (error) {
        if (isAbortError(error) || signal.aborted) throw error
        const failure = await this.#explain(error, file, held.presigned.signed)
        if (failure.info.kind === 'expired' && !represigned) {
          // Once: a URL the storage calls expired although we thought it fresh means our clock or its lifetime
          // estimate was off; a second refusal would be something else, and is reported.
          represigned = true
          this.#held.delete(file.id)
          held = await this.#presigned(file)
          continue
        }
        if (failure.info.retryable && failure.info.kind !== 'expired' && attempt < retries) {
          attempt++
          const retryAfter = error instanceof StorageRequestFailed ? error.response.header('retry-after') : null
          const delay = await this.#retryDelayMs(attempt, retryAfter)
          if (delay === undefined) throw failure
          await sleep(delay, signal)
          continue
        }
        throw failure
      }
    }
  }

  async #explain(error: unknown, file: UppyFile<M, B>, signed: SignedUpload): Promise<UploadError> {
    if (error instanceof UploadError) return error
    const fileName = nameOf(file)
    if (error instanceof StorageRequestFailed) {
      const { response } = error
      const { networkError, storageError } = await explanations(fileName, response.status)
      if (response.status === 0) {
        return networkError({
          fileName,
          url: signed.url,
          method: signed.method,
          headers: Object.keys(response.sentHeaders),
          origin: globalThis.location?.origin,
        })
      }
      return storageError({
        status: response.status,
        body: response.body,
        fileName,
        sentHeaders: response.sentHeaders,
        signedHeaders: signed.method === 'PUT' ? signed.headers : undefined,
        method: signed.method,
        url: signed.url,
      })
    }
    return new UploadError(`${fileName}: ${(error as Error)?.message ?? String(error)}`, {
      kind: 'storage',
      fileName,
      retryable: false,
      cause: error,
    })
  }

  /** A signed upload for this file that will not lapse before it is sent: held, being fetched, or fetched now. */
  async #presigned(file: UppyFile<M, B>): Promise<Held> {
    const held = this.#held.get(file.id)
    if (held && this.#isSendable(held)) return held
    const pending = this.#pending.get(file.id)
    if (pending) {
      const result = await pending
      if (this.#isSendable(result)) return result
    }
    // This file first, then the next waiting files that have no usable signature, up to the vendor's batch size.
    const candidates = [
      file,
      ...this.#waiting.filter((f) => f.id !== file.id && !this.#pending.has(f.id) && !this.#isSendableId(f.id)),
    ]
    const batch = planBatches(candidates, this.flow.batchSize)[0] ?? [file]
    const call = this.#presignWithRetries(batch)
    const mine = new Map<string, Promise<Held>>()
    batch.forEach((f, i) => {
      const member = call.then((list) => list[i] as Held)
      // A failed batch fails each member when its turn comes, once, instead of re-calling the vendor for each.
      member.catch(() => {})
      this.#pending.set(f.id, member)
      mine.set(f.id, member)
    })
    try {
      const list = await call
      for (const [i, f] of batch.entries()) {
        this.#held.set(f.id, list[i] as Held)
        // Settled, so the answer lives in #held alone: a pending entry left behind would hand the same URL back
        // when a file re-presigns after the storage refused that URL as expired.
        if (this.#pending.get(f.id) === mine.get(f.id)) this.#pending.delete(f.id)
      }
      return list[0] as Held
    } finally {
      if (this.#pending.get(file.id) === mine.get(file.id)) this.#pending.delete(file.id)
    }
  }

  async #presignWithRetries(files: UppyFile<M, B>[]): Promise<Held[]> {
    const { retries } = this.options()
    const cancelled = this.#cancelled.signal
    const names = files.map(nameOf)
    for (let attempt = 0; ; attempt++) {
      try {
        const requestedAt = Date.now()
        const list = await this.flow.presign(files)
        if (!Array.isArray(list) || list.length !== files.length) {
          const got = Array.isArray(list) ? list.length : 0
          throw (await explanations(names.join(', '))).presignCountMismatch(names, got)
        }
        const unusable = list.findIndex((presigned) => !isHttpUrl(presigned?.signed?.url))
        if (unusable >= 0) {
          const name = names[unusable] as string
          throw (await explanations(name)).unusablePresignUrl(name, list[unusable]?.signed?.url)
        }
        return await Promise.all(
          list.map(async (presigned) => ({
            presigned,
            sendBefore: await this.#sendBefore(presigned.signed, requestedAt),
          })),
        )
      } catch (caught) {
        const error =
          caught instanceof UploadError
            ? caught
            : (await explanations(names.join(', '), 0)).presignFailure(names, caught)
        if (!error.info.retryable || attempt >= retries) throw error
        // A rate-limited vendor (or the app's proxy) says when to come back; sooner would only spend an attempt.
        const delay = await this.#retryDelayMs(attempt + 1, error.info.details?.['retry-after'])
        if (delay === undefined) throw error
        await sleep(delay, cancelled)
      }
    }
  }

  /**
   * The local time after which a signed upload may no longer be sent. A URL carries its own signing time and
   * lifetime (X-Amz-Date + X-Amz-Expires, a policy's X-Amz-Date and expiration): counting the lifetime from when we
   * received it needs no clock agreement at all. Only an `expiresAt` without a signing time needs the server clock,
   * estimated from `Date` headers.
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
      return (await recovery()).retryDelayMs(attempt, { baseMs: this.options().retryBaseMs, retryAfter })
    } catch {
      return undefined
    }
  }

  #isSendable(held: Held): boolean {
    return held.sendBefore - Date.now() > this.options().expiryMarginMs
  }

  #isSendableId(id: string): boolean {
    const held = this.#held.get(id)
    return held !== undefined && this.#isSendable(held)
  }

  #forget(id: string): void {
    // A stored-but-refused file keeps its signed upload until it is retried (once) or removed.
    if (!this.#storedButRefused.delete(id)) this.#held.delete(id)
    this.#pending.delete(id)
    this.#waiting = this.#waiting.filter((f) => f.id !== id)
  }
}
