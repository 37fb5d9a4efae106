import type { Body, Meta, Uppy } from '@uppy/core'

/**
 * Options for the Uppy instance `useUppyFlow` creates: `@uppy/core`'s own, with `restrictions` optional (as `new Uppy()`
 * takes them).
 */
export type UppyOptions = NonNullable<ConstructorParameters<typeof Uppy<Meta, Body>>[0]>

/** Colour scheme of the Dashboard and the results panel; `auto` follows the system's `prefers-color-scheme`. */
export type UploaderTheme = 'light' | 'dark' | 'auto'

/** Where one file stands, as the results panel shows it. */
export type UploadStatus = 'waiting' | 'uploading' | 'success' | 'error'

/**
 * One file of an Uppy instance as a person (and an app) wants to see it: what it is, how far, and what came back.
 * `B` is the flow's result (`IpfsResult`, `GcsResult`, `S3PostResult`), the body of its `upload-success`.
 */
export interface UploadResultItem<B extends Body = Body> {
  /** Uppy's file id. */
  id: string
  /** The file's name as added (before any renaming a flow does for the vendor). */
  name: string
  /** The mime type Uppy detected; `''` when unknown. */
  type: string
  /** Size in bytes; `0` when unknown. */
  size: number
  /**
   * An object URL of the file for an `<img>` (images only). From `useUploadResults` it lives until the file is
   * removed or the hook unmounts; elsewhere it is Uppy's own `file.preview`, when a thumbnail generator made one.
   */
  previewUrl?: string
  /** Where the file stands: `waiting` (added), `uploading`, `success` or `error`. */
  status: UploadStatus
  /** Upload progress in percent, 0–100. */
  progress: number
  /**
   * The flow's `upload-success` body, on success: IPFS `{ cid, url }`, GCS `{ finalUrl, contentType, fileName, category? }`,
   * S3 POST `{ id?, fileUrl?, key, location }`.
   */
  body?: B
  /** The URL Uppy reports for the upload, on success (a gateway URL, `finalUrl`, `fileUrl` or `location`). */
  uploadURL?: string
  /** Why the upload failed, on error; `kind` and `hint` come from an `UploadError` (`@uppy-presign/core`). */
  error?: { message: string; kind?: string; hint?: string }
}
