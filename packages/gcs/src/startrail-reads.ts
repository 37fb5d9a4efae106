import type { OptionalPluralizeLocale } from '@uppy/core/utils'
import {
  backoffDelayMs,
  explainer,
  lifetimeOf,
  PresignShapeProblem,
  presignRequest,
  type Translate,
  translator,
  UnexplainedFailure,
  UploadError,
} from '@uppy-presign/core'
import {
  readStartrailError,
  type StartrailCategory,
  type StartrailSignedUrlsResponse,
  startrailNameRulesBroken,
} from '@uppy-presign/vendors'
import { mapSignedUrls } from './map-signed-urls.ts'
import { saveBlob } from './save-blob.ts'
import { limiter, SignQueue } from './sign-queue.ts'

/**
 * A stored file, as Startrail identifies it: the name it was stored under and its category. An upload's result
 * (`GcsResult`: `fileName`, `contentType`, `finalUrl`) is one as it is; its category comes from the client's
 * `category` option when the file does not carry one.
 */
export interface StoredFile {
  fileName: string
  category?: StartrailCategory
  /** What the upload was signed for; informative only: a download sends what the read URL is signed for. */
  contentType?: string
  finalUrl?: string
}

/** One file's signed GET: send it with exactly `headers` (`Content-Type`: the value the URL signs). */
export interface SignedRead {
  fileName: string
  category: StartrailCategory
  /** The Content-Type the URL was signed for, to send with the GET (Startrail: "when uploading or downloading"). */
  contentType: string
  url: string
  headers: { 'Content-Type': string }
  finalUrl?: string
}

export interface StartrailReadsOptions {
  /** Startrail's `<base_url>` (or your proxy's); `/port/api/v1/commerce/signedUrls` is appended. */
  endpoint: string
  /** The category of files that do not carry their own (an upload's `GcsResult` does not). */
  category?: StartrailCategory
  /** Extra request headers for the signing call. The commerce-api-key belongs on your server, not here. */
  headers?: Record<string, string>
  /** Files per signedUrls call. Default 20, as for uploads. */
  batchSize?: number
  /** signedUrls calls in flight at once, and downloads in flight at once. Default 6. */
  limit?: number
  /** Further attempts after a network error, a 429 or a 5xx (signing calls and downloads alike). Default 4. */
  retries?: number
  /** First backoff step in ms; doubles per attempt, with full jitter; `Retry-After` wins. Default 500. */
  retryBaseMs?: number
  /** A signed read with less time left than this (ms) is signed again before it is used. Default 10 s. */
  expiryMarginMs?: number
  /** Replacements for the messages (`src/locale.ts` of this package, core's failure strings). */
  locale?: OptionalPluralizeLocale
  /** Used for the signing calls and the downloads. */
  fetch?: typeof fetch
}

export interface DownloadOptions {
  /** Stops the download (and any backoff wait); the promise rejects with the signal's reason. */
  signal?: AbortSignal
}

export interface SaveOptions extends DownloadOptions {
  /** The name the browser saves it as; default the stored name. */
  as?: string
}

/** Signed reads of stored Startrail files, batched, and downloads with exactly the signed Content-Type. */
export interface StartrailReads {
  /**
   * Signed GETs for these files, in order: one signedUrls call per `batchSize` files (with calls made at the same
   * time by other methods). Rejects with the first file's `UploadError` if any cannot be signed.
   */
  sign(files: StoredFile[]): Promise<SignedRead[]>
  /**
   * The file's bytes, fetched with the signed Content-Type. A read URL that expired is signed again once; a network
   * error, 429 or 5xx is retried with backoff. Rejects with an `UploadError` naming the file.
   */
  download(file: StoredFile, options?: DownloadOptions): Promise<Blob>
  /** `download`, as an object URL for an `<img src>` or a link; revoke it with `URL.revokeObjectURL` when done. */
  objectUrl(file: StoredFile, options?: DownloadOptions): Promise<string>
  /** `download`, then the browser's save-file (a temporary `<a download>` of an object URL). */
  save(file: StoredFile, options?: SaveOptions): Promise<void>
}

const defaults = { batchSize: 20, limit: 6, retries: 4, retryBaseMs: 500, expiryMarginMs: 10_000 }

interface ReadRequest {
  fileName: string
  category: StartrailCategory
}

interface Held {
  read: SignedRead
  /** Local time after which the URL may have lapsed. */
  sendBefore: number
}

const keyOf = ({ fileName, category }: ReadRequest) => `${category}\n${fileName}`

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { once: true },
    )
  })
}

/**
 * Reads stored Startrail files: `POST /port/api/v1/commerce/signedUrls` with `action: "read"` signs GETs, which
 * sign `content-type` (Startrail: set the same value "when uploading or downloading … otherwise … signature
 * mismatch"), so they are fetched here with that header: a plain link or `<img src>` cannot send it.
 *
 * @example
 * const reads = startrailReads({ endpoint: '/api/startrail', category: 'artwork' })
 * const src = await reads.objectUrl(result) // result: an upload's GcsResult
 */
export function startrailReads(options: StartrailReadsOptions): StartrailReads {
  const opts = {
    ...defaults,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as typeof defaults & StartrailReadsOptions
  const fetchImpl: typeof fetch = (...args) => (opts.fetch ?? globalThis.fetch)(...args)
  const url = `${opts.endpoint.replace(/\/+$/, '')}/port/api/v1/commerce/signedUrls`
  const explain = explainer(() => [opts.locale])
  const held = new Map<string, Held>()
  const downloads = limiter(() => opts.limit)

  let words: Promise<{ t: Translate; failures: typeof import('./read-failures.ts') }> | undefined
  /** This package's strings and failure code, loaded with the first failure; a failed load is tried again next time. */
  const failureWords = () => {
    words ??= import('./read-failures.ts').then((failures) => ({
      t: translator([failures.default, opts.locale]),
      failures,
    }))
    words.catch(() => {
      words = undefined
    })
    return words
  }

  /** The request for a file, or the refusal that says why it cannot be read. */
  async function requestOf(file: StoredFile): Promise<ReadRequest> {
    const fileName = String(file?.fileName ?? '')
    const category = file?.category ?? opts.category
    const broken = startrailNameRulesBroken(fileName)
    if (category !== undefined && broken.length === 0) return { fileName, category }
    let loaded: Awaited<ReturnType<typeof failureWords>>
    try {
      loaded = await failureWords()
    } catch (cause) {
      throw await explain('unexpected', { fileName, cause })
    }
    throw loaded.failures.readRequestRefusal(
      loaded.t,
      fileName,
      category === undefined ? { noCategory: true } : { broken },
    )
  }

  /** One signedUrls call for these files, retried with backoff while its failure is retryable. */
  async function signBatch(requests: ReadRequest[]): Promise<Held[]> {
    const fileNames = requests.map((r) => r.fileName)
    for (let attempt = 0; ; attempt++) {
      let error: UploadError
      try {
        const requestedAt = Date.now()
        const answer = await presignRequest<StartrailSignedUrlsResponse>({
          vendor: 'Startrail',
          url,
          body: {
            action: 'read',
            payload: requests.map(({ fileName, category }) => ({ filename: fileName, category })),
          },
          headers: opts.headers,
          fetch: fetchImpl,
          fileNames,
          readError: readStartrailError,
        })
        return mapSignedUrls(fileNames, answer).map(({ url: signedUrl, contentType, finalUrl }, i) => {
          // lifetimeOf reads X-Goog-Date and X-Goog-Expires from any signed URL; the method is not looked at.
          const { signedAt, expiresAt } = lifetimeOf({ method: 'PUT', url: signedUrl, headers: {} })
          const lifetime = signedAt !== undefined && expiresAt !== undefined ? expiresAt - signedAt : undefined
          const request = requests[i] as ReadRequest
          return {
            read: {
              ...request,
              contentType,
              url: signedUrl,
              headers: { 'Content-Type': contentType },
              ...(finalUrl === undefined ? {} : { finalUrl }),
            },
            // Counted from when it was asked for: no agreement between our clock and the signer's is needed.
            sendBefore: lifetime === undefined ? Number.POSITIVE_INFINITY : requestedAt + lifetime,
          }
        })
      } catch (caught) {
        if (caught instanceof UnexplainedFailure) error = await explain(caught.failure, caught.input)
        else if (caught instanceof PresignShapeProblem) {
          const { t, failures } = await failureWords()
          throw failures.malformedReadAnswer(t, fileNames, caught)
        } else if (caught instanceof UploadError) error = caught
        else error = await explain('presignFailed', { fileNames, cause: caught })
      }
      if (!error.info.retryable || attempt >= opts.retries) throw error
      const delay = await backoffDelayMs(attempt + 1, {
        baseMs: opts.retryBaseMs,
        retryAfter: error.info.details?.['retry-after'],
      })
      if (delay === undefined) throw error
      await sleep(delay, undefined)
    }
  }

  const queue = new SignQueue<ReadRequest, Held>(signBatch, () => ({ batchSize: opts.batchSize, limit: opts.limit }))

  /** A signed read that will not lapse before it is used: the one held, or a new one. */
  async function signed(request: ReadRequest): Promise<SignedRead> {
    const key = keyOf(request)
    const known = held.get(key)
    if (known && known.sendBefore - Date.now() > opts.expiryMarginMs) return known.read
    const got = await queue.sign(key, request)
    held.set(key, got)
    return got.read
  }

  /** One GET of a signed read: its bytes, or the failure in words. A body that breaks off is no answer (status 0). */
  async function get(read: SignedRead, signal: AbortSignal | undefined): Promise<Blob | UploadError> {
    const headers = { ...read.headers }
    const answer: { status: number; body: string; retryAfter: string | null } = {
      status: 0,
      body: '',
      retryAfter: null,
    }
    let cause: unknown
    try {
      const response = await fetchImpl(read.url, { headers, signal, credentials: 'omit' })
      if (response.ok) return await response.blob()
      answer.status = response.status
      answer.retryAfter = response.headers.get('retry-after')
      answer.body = await response.text().catch(() => '')
    } catch (error) {
      if (signal?.aborted) throw signal.reason
      cause = error
      answer.status = 0
    }
    let failure: UploadError
    try {
      const { t, failures } = await failureWords()
      failure = failures.downloadFailure(t, {
        ...answer,
        fileName: read.fileName,
        category: read.category,
        signed: read.contentType,
        sent: headers['Content-Type'],
      })
    } catch {
      // The read words could not be loaded (the page's own server gone too): core words it by status and code.
      failure = await explain('storage', {
        fileName: read.fileName,
        status: answer.status,
        body: answer.body,
        sentHeaders: headers,
        signedHeaders: read.headers,
        url: read.url,
      })
    }
    return cause === undefined ? failure : new UploadError(failure.message, { ...failure.info, cause })
  }

  async function download(file: StoredFile, { signal }: DownloadOptions = {}): Promise<Blob> {
    const request = await requestOf(file)
    let signedAgain = false
    for (let retried = 0; ; ) {
      signal?.throwIfAborted()
      const read = await signed(request)
      signal?.throwIfAborted()
      const outcome = await downloads(() => get(read, signal))
      if (!(outcome instanceof UploadError)) return outcome
      if (outcome.info.kind === 'expired') {
        // Our clock or the URL's lifetime was off: sign again once; a second lapse is something else.
        if (signedAgain) throw outcome
        signedAgain = true
        held.delete(keyOf(request))
        continue
      }
      if (!outcome.info.retryable || retried >= opts.retries) throw outcome
      retried++
      const delay = await backoffDelayMs(retried, {
        baseMs: opts.retryBaseMs,
        retryAfter: outcome.info.details?.['retry-after'],
      })
      if (delay === undefined) throw outcome
      await sleep(delay, signal)
    }
  }

  return {
    async sign(files) {
      const requests = await Promise.all(files.map(requestOf))
      return Promise.all(requests.map((request) => signed(request)))
    },
    download,
    async objectUrl(file, options) {
      return URL.createObjectURL(await download(file, options))
    },
    async save(file, options = {}) {
      saveBlob(await download(file, options), options.as ?? file.fileName)
    },
  }
}
