import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import { useUppyEvent, useUppyState } from '@uppy/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { forgetUploadError, recordUploadError, toResultItem } from './result-items.ts'
import type { UploadResultItem } from './types.ts'

/**
 * Types an `<img>` shows. SVG is one of them: loaded as an image, an SVG's scripts never run. Its markup is never
 * put into the page, where they would.
 */
const PREVIEWABLE = /^image\/(png|jpe?g|gif|webp|avif|bmp|svg\+xml)$/i

const previewableData = (file: UppyFile<Meta, Body>): Blob | undefined =>
  !file.isRemote && file.data instanceof Blob && PREVIEWABLE.test(file.type ?? '') ? file.data : undefined

/**
 * Object URLs of the files' images, made after render (never on a server) and revoked when a file leaves or the
 * component unmounts, so a long session does not keep every image it ever showed.
 */
function usePreviews(files: Record<string, UppyFile<Meta, Body>>): Record<string, string> {
  const owned = useRef(new Map<string, string>())
  const [previews, setPreviews] = useState<Record<string, string>>({})

  useEffect(() => {
    const urls = owned.current
    let changed = false
    for (const [id, url] of urls) {
      if (!files[id]) {
        URL.revokeObjectURL(url)
        urls.delete(id)
        changed = true
      }
    }
    for (const file of Object.values(files)) {
      const data = urls.has(file.id) ? undefined : previewableData(file)
      if (data) {
        urls.set(file.id, URL.createObjectURL(data))
        changed = true
      }
    }
    if (changed) setPreviews(Object.fromEntries(urls))
  }, [files])

  useEffect(() => {
    const urls = owned.current
    return () => {
      for (const url of urls.values()) URL.revokeObjectURL(url)
      urls.clear()
    }
  }, [])

  return previews
}

/**
 * Every file of an Uppy instance as an `UploadResultItem`, live: one item per file, in the order they were added,
 * updated on progress, success, error, retry and removal. Built on `@uppy/react`'s `useUppyState` and
 * `useUppyEvent`; works with any instance, not only the ones `useUppyFlow` creates.
 */
export function useUploadResults<M extends Meta, B extends Body>(uppy: Uppy<M, B>): Array<UploadResultItem<B>> {
  const u = uppy as unknown as Uppy<Meta, Body>
  const files = useUppyState(u, (state) => state.files)
  // Uppy's state keeps an error's message only; the event carries the UploadError with its kind and hint.
  useUppyEvent(
    u,
    'upload-error',
    useCallback((file?: UppyFile<Meta, Body>, error?: unknown) => file && recordUploadError(u, file.id, error), [u]),
  )
  useUppyEvent(
    u,
    'file-removed',
    useCallback((file: UppyFile<Meta, Body>) => forgetUploadError(u, file.id), [u]),
  )
  const previews = usePreviews(files)
  return useMemo(
    () =>
      Object.values(files).map(
        // The bodies are what the instance's uploader gave `upload-success`, which Uppy types as B.
        (file) => toResultItem(u, file, previews[file.id] ?? file.preview) as UploadResultItem<B>,
      ),
    [u, files, previews],
  )
}
