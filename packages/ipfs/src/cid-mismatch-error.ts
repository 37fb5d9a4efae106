import { UploadError } from '@uppy-presign/core'
import type { CidProfile } from './cid-profiles.ts'

/**
 * The gateway answered with a CID that is not the CID of the bytes the user chose (computed in the browser with
 * `verifyCid`'s profile). Not retried by the uploader: the same bytes would most likely get the same answer; the
 * file stays in Uppy's error state, and a retry (Uppy's, or the results panel's button) uploads it again.
 */
export class CidMismatchError extends UploadError {
  constructor(
    message: string,
    fileName: string,
    /** What the gateway answered (`x-amz-meta-cid`). */
    readonly gatewayCid: string,
    /** What the file's bytes give under `profile`. */
    readonly localCid: string,
    readonly profile: CidProfile,
    hint: string,
  ) {
    super(message, {
      kind: 'cid-mismatch',
      fileName,
      retryable: false,
      hint,
      details: { gatewayCid, localCid, profile },
    })
    this.name = 'CidMismatchError'
  }
}
