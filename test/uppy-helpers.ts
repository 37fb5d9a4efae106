import type Uppy from '@uppy/core'
import type { Body, Meta, UppyFile } from '@uppy/core'

export type Outcome = { file: UppyFile<Meta, Body>; body?: Record<string, unknown>; uploadURL?: string; error?: Error }

/**
 * Runs `uppy.upload()` (or `start`, e.g. `retryAll()`, what a person's Retry does) and collects, per file, what a
 * user of the plugin sees: the `upload-success` response or the `upload-error`. Browser tests assert on these, as
 * an app's code would read them.
 */
export async function uploadAll(
  uppy: Uppy<Meta, Body>,
  start: (uppy: Uppy<Meta, Body>) => Promise<unknown> = (u) => u.upload(),
) {
  const outcomes = new Map<string, Outcome>()
  const onSuccess = (file: UppyFile<Meta, Body> | undefined, response: { body?: Body; uploadURL?: string }) => {
    if (file)
      outcomes.set(file.id, { file, body: response.body as Record<string, unknown>, uploadURL: response.uploadURL })
  }
  const onError = (file: UppyFile<Meta, Body> | undefined, error: Error) => {
    if (file) outcomes.set(file.id, { file, error })
  }
  uppy.on('upload-success', onSuccess)
  uppy.on('upload-error', onError)
  try {
    await start(uppy)
  } finally {
    uppy.off('upload-success', onSuccess)
    uppy.off('upload-error', onError)
  }
  return outcomes
}

export function addFile(uppy: Uppy<Meta, Body>, name: string, data: Blob, type = data.type) {
  return uppy.addFile({ name, type, data, source: 'test' })
}

/** What Uppy reported about the files while recording, every event kept, so a test can say "exactly one". */
export interface UploadEvents {
  successes: Array<{ id: string; body?: Record<string, unknown>; uploadURL?: string }>
  errors: Array<{ id: string; error: Error }>
  progress: Array<{ id: string; bytesUploaded: number; bytesTotal: number | null }>
  stop(): void
}

/**
 * Records upload events without running the upload, for tests that act while it runs (cancel, clock moves) and
 * then check that nothing was reported twice or too late.
 */
export function recordEvents(uppy: Uppy<Meta, Body>): UploadEvents {
  const events: UploadEvents = { successes: [], errors: [], progress: [], stop: () => {} }
  const onSuccess = (file: UppyFile<Meta, Body> | undefined, response: { body?: Body; uploadURL?: string }) => {
    events.successes.push({
      id: file?.id ?? '',
      body: response.body as Record<string, unknown>,
      uploadURL: response.uploadURL,
    })
  }
  const onError = (file: UppyFile<Meta, Body> | undefined, error: Error) => {
    events.errors.push({ id: file?.id ?? '', error })
  }
  const onProgress = (
    file: UppyFile<Meta, Body> | undefined,
    progress: { bytesUploaded: number; bytesTotal: number | null },
  ) => {
    events.progress.push({ id: file?.id ?? '', bytesUploaded: progress.bytesUploaded, bytesTotal: progress.bytesTotal })
  }
  uppy.on('upload-success', onSuccess)
  uppy.on('upload-error', onError)
  uppy.on('upload-progress', onProgress)
  events.stop = () => {
    uppy.off('upload-success', onSuccess)
    uppy.off('upload-error', onError)
    uppy.off('upload-progress', onProgress)
  }
  return events
}
