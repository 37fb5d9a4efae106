import type { Body, Meta, UppyFile } from '@uppy/core'
import Uppy from '@uppy/core'

export type Outcome = { file: UppyFile<Meta, Body>; body?: Record<string, unknown>; uploadURL?: string; error?: Error }

/**
 * Runs `uppy.upload()` and collects, per file, what a user of the plugin sees: the `upload-success` response or
 * the `upload-error`. Browser tests assert on these, as an app's code would read them.
 */
export async function uploadAll(uppy: Uppy<Meta, Body>) {
  const outcomes = new Map<string, Outcome>()
  const onSuccess = (file: UppyFile<Meta, Body> | undefined, response: { body?: Body; uploadURL?: string }) => {
    if (file) outcomes.set(file.id, { file, body: response.body as Record<string, unknown>, uploadURL: response.uploadURL })
  }
  const onError = (file: UppyFile<Meta, Body> | undefined, error: Error) => {
    if (file) outcomes.set(file.id, { file, error })
  }
  uppy.on('upload-success', onSuccess)
  uppy.on('upload-error', onError)
  try {
    await uppy.upload()
  } finally {
    uppy.off('upload-success', onSuccess)
    uppy.off('upload-error', onError)
  }
  return outcomes
}

export function newUppy() {
  return new Uppy({ autoProceed: false })
}

export function addFile(uppy: Uppy<Meta, Body>, name: string, data: Blob, type = data.type) {
  return uppy.addFile({ name, type, data, source: 'test' })
}
