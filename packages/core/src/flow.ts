import type { Body, Meta, UppyFile } from '@uppy/core'
import type { StorageResponse } from './transport.ts'
import type { UploadError } from './upload-error.ts'

/** A presigned PUT: send the raw bytes with exactly these headers. */
export interface SignedPut {
  method: 'PUT'
  url: string
  headers: Record<string, string>
  /** Ms since epoch on the server's clock, when the vendor says so rather than the URL. */
  expiresAt?: number
  /** Ms since epoch on the signer's clock, when something other than the URL says when it was signed. */
  signedAt?: number
}

/** A presigned POST policy: a multipart form, every field first, the file last (field `file`). */
export interface SignedPost {
  method: 'POST'
  url: string
  fields: Record<string, string>
  /** Ms since epoch on the server's clock: the policy's `expiration` (`policyLifetime(fields)` reads it). */
  expiresAt?: number
  /** Ms since epoch on the signer's clock: the policy's `X-Amz-Date` field. */
  signedAt?: number
}

/** The request that sends one file to storage, as the presign answer describes it. */
export type SignedUpload = SignedPut | SignedPost

/**
 * A presign answer a flow cannot use, found where no words are at hand (a flow's strings load with its first
 * failure): the locale key and values of the problem, and the file it is about, if one; the plugin words it as a
 * `malformed-presign` error.
 */
export class PresignShapeProblem extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, unknown> = {},
    readonly fileIndex?: number,
  ) {
    super(key)
    this.name = 'PresignShapeProblem'
  }
}

/** Where a signed URL writes: the URL without its query (the signature), the object's own address. */
export const unsignedUrl = (url: string): string => url.split('?')[0] ?? url

/** One file's presign answer: its signed upload, and the vendor data its result is built from (finalUrl, id …). */
export interface Presigned {
  signed: SignedUpload
  data?: Record<string, unknown>
}

/** The engine's knobs; every flow plugin has them in its `opts`, with the defaults of `engineDefaults`. */
export interface EngineOptions {
  /** Files uploading at once. */
  limit: number
  /** Further attempts after a network error, a 429 or a 5xx, per file (presign calls too). */
  retries: number
  /** First backoff step; doubles per attempt, with full jitter; `Retry-After` wins. */
  retryBaseMs: number
  /** A signed upload with less time left than this is presigned again before it is sent. */
  expiryMarginMs: number
  /** Without upload progress for this long, Uppy is told the upload stalled. */
  stallTimeoutMs: number
  /** Files one presign call may cover: the vendor's limit (1 where it signs one file per call). */
  batchSize: number
}

export const engineDefaults = {
  limit: 6,
  retries: 4,
  retryBaseMs: 500,
  expiryMarginMs: 10_000,
  stallTimeoutMs: 30_000,
  batchSize: 1,
} satisfies EngineOptions

/** What the engine uploads with: how a vendor presigns, and what is kept from the storage's answer. */
export interface UploadFlow<M extends Meta, B extends Body> {
  /** Read at each use, so `setOptions` takes effect. */
  readonly opts: EngineOptions
  /** Refuses a file before any request, with an `UploadError` that names the rule. */
  check?(file: UppyFile<M, B>): void | Promise<void>
  /**
   * Presigns these files, one answer per file in the same order. `previous` holds, where there is one, the answer
   * this file had before (presigned again because it would lapse, or did): a flow that chose a name keeps it.
   */
  presignBatch(files: UppyFile<M, B>[], previous: Array<Presigned | undefined>): Promise<Presigned[]>
  /** The bytes to send, once presigned; default the file itself (a flow may re-encode it, e.g. to fit bounds). */
  body?(file: UppyFile<M, B>, presigned: Presigned): Blob | Promise<Blob>
  /**
   * Work on the file's bytes that runs beside its transfer (IPFS: computing its CID, to check the gateway's):
   * started once per upload when the file is about to be sent, kept across retries, aborted when the upload ends.
   * Its promise is handed to `result`, which decides what its outcome means.
   */
  alongside?(file: UppyFile<M, B>, data: Blob, signal: AbortSignal): Promise<unknown>
  /** Words a presign answer the flow could not use (`presignBatch` threw a `PresignShapeProblem`) for these files. */
  malformedPresign?(files: UppyFile<M, B>[], problem: PresignShapeProblem): Promise<UploadError>
  /**
   * What the app keeps, read from the storage's answer (and the outcome of `alongside`, if any); throws an
   * `UploadError` when it cannot be read or does not hold.
   */
  result(
    file: UppyFile<M, B>,
    presigned: Presigned,
    response: StorageResponse,
    alongside?: Promise<unknown>,
  ): { body: B; uploadURL?: string } | Promise<{ body: B; uploadURL?: string }>
}
