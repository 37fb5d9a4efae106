import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import type { UploadResultItem, UploadStatus } from './types.ts'

/** What Uppy's file state drops from an `upload-error`: its state keeps only the message as a string. */
export interface ErrorDetails {
  message: string
  kind?: string
  hint?: string
}

/** Per Uppy instance, per file: the last upload error's details. Weak, so a closed instance takes them along. */
const errorDetails = new WeakMap<Uppy<Meta, Body>, Map<string, ErrorDetails>>()

function detailsOf(error: unknown): ErrorDetails {
  const { message, info } = (error ?? {}) as { message?: unknown; info?: { kind?: unknown; hint?: unknown } }
  return {
    message: typeof message === 'string' && message ? message : String(error),
    ...(typeof info?.kind === 'string' ? { kind: info.kind } : {}),
    ...(typeof info?.hint === 'string' ? { hint: info.hint } : {}),
  }
}

function detailsFor(uppy: Uppy<Meta, Body>): Map<string, ErrorDetails> {
  let byFile = errorDetails.get(uppy)
  if (!byFile) {
    byFile = new Map()
    errorDetails.set(uppy, byFile)
  }
  return byFile
}

/** Keeps an `upload-error`'s details for `toResultItem`. Recording the same error twice is harmless. */
export function recordUploadError(uppy: Uppy<Meta, Body>, fileId: string, error: unknown): void {
  detailsFor(uppy).set(fileId, detailsOf(error))
}

/** Drops a removed file's error details. */
export function forgetUploadError(uppy: Uppy<Meta, Body>, fileId: string): void {
  errorDetails.get(uppy)?.delete(fileId)
}

/**
 * Keeps `UploadError` details for an instance from now on. `useUppyFlow` calls it as it creates Uppy, so an
 * `upload-error` is recorded before any component's listener (an `onError` callback) reads it.
 */
export function trackUploadErrors(uppy: Uppy<Meta, Body>): void {
  uppy.on('upload-error', (file, error) => {
    if (file) recordUploadError(uppy, file.id, error)
  })
  uppy.on('file-removed', (file) => forgetUploadError(uppy, file.id))
}

function statusOf(file: UppyFile<Meta, Body>): UploadStatus {
  if (file.error) return 'error'
  if (file.progress?.uploadComplete) return 'success'
  if (file.progress?.uploadStarted) return 'uploading'
  return 'waiting'
}

/** One file as an item; `previewUrl` is the caller's thumbnail, else Uppy's own `file.preview`. */
export function toResultItem(
  uppy: Uppy<Meta, Body>,
  file: UppyFile<Meta, Body>,
  previewUrl: string | undefined = file.preview,
): UploadResultItem {
  const status = statusOf(file)
  const item: UploadResultItem = {
    id: file.id,
    name: file.name ?? 'file',
    type: file.type ?? '',
    size: file.size ?? 0,
    status,
    progress: Math.max(0, Math.min(100, Math.round(file.progress?.percentage ?? 0))),
  }
  if (previewUrl) item.previewUrl = previewUrl
  if (status === 'success') {
    const body = file.response?.body
    if (body && typeof body === 'object') item.body = body
    const uploadURL = file.response?.uploadURL ?? file.uploadURL
    if (uploadURL) item.uploadURL = uploadURL
  }
  if (status === 'error') {
    const recorded = errorDetails.get(uppy)?.get(file.id)
    // Uppy's state has the message only (plus any `details`); the recorded error has the exact text and its info.
    item.error = recorded ?? { message: String(file.error) }
  }
  return item
}

/**
 * Every file of an instance as an `UploadResultItem`, in the order they were added: a snapshot, for callbacks.
 * Components use `useUploadResults`, which stays live.
 */
export function getUploadResultItems<M extends Meta, B extends Body>(uppy: Uppy<M, B>): Array<UploadResultItem<B>> {
  const u = uppy as unknown as Uppy<Meta, Body>
  // The bodies are what the instance's uploader gave `upload-success`, which Uppy types as B.
  return u.getFiles().map((file) => toResultItem(u, file) as UploadResultItem<B>)
}
