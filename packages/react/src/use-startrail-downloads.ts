import { type StartrailReads, type StoredFile, saveBlob } from '@uppy-presign/gcs'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'

/** Where one stored file stands: not read yet, its read URL being signed, its bytes coming, in the page, or failed. */
export type StoredFileStatus = 'idle' | 'signing' | 'downloading' | 'done' | 'error'

/** One stored file as the list shows it. */
export interface StoredFileItem {
  /** `category/fileName`, or `fileName` for a file without its own category: unique in the list. */
  key: string
  file: StoredFile
  status: StoredFileStatus
  /** The Content-Type its read URL signs, once signed; before that, the file's own (an upload result's). */
  contentType?: string
  /** The category it is read under, once signed (the file's own, else the client's); before that, the file's. */
  category?: string
  /** Whether it is an image an `<img>` shows (PNG, JPEG, GIF, WebP, AVIF, BMP, SVG). */
  isImage: boolean
  /** An object URL of its bytes, for images, once downloaded; revoked when the file leaves the list or on unmount. */
  previewUrl?: string
  /** Why the read failed; `kind` and `hint` come from the `UploadError`. */
  error?: { message: string; kind?: string; hint?: string }
}

export interface StartrailDownloads {
  /** One item per file, in the order given. */
  items: StoredFileItem[]
  /** Downloads the file (unless its bytes are in the page already) and hands it to the browser's save-file. */
  save(key: string): Promise<void>
  /** Runs again what failed: the preview's download, or the save. */
  retry(key: string): void
}

export interface StartrailDownloadsOptions {
  /** Download images as soon as they are listed, for a preview. Default `true`. */
  previews?: boolean
}

const PREVIEWABLE = /^image\/(png|jpe?g|gif|webp|avif|bmp|svg\+xml)$/i
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp|svg)$/i

const keyOf = (file: StoredFile) => (file.category ? `${file.category}/${file.fileName}` : file.fileName)

const isImage = (file: StoredFile, contentType: string | undefined) =>
  contentType ? PREVIEWABLE.test(contentType) : IMAGE_EXTENSIONS.test(file.fileName)

interface Entry {
  status: StoredFileStatus
  contentType?: string
  category?: string
  previewUrl?: string
  error?: StoredFileItem['error']
  /** What a Retry runs again. */
  action: 'preview' | 'save'
}

function detailsOf(error: unknown): NonNullable<StoredFileItem['error']> {
  const { message, info } = (error ?? {}) as { message?: unknown; info?: { kind?: unknown; hint?: unknown } }
  return {
    message: typeof message === 'string' && message ? message : String(error),
    ...(typeof info?.kind === 'string' ? { kind: info.kind } : {}),
    ...(typeof info?.hint === 'string' ? { hint: info.hint } : {}),
  }
}

/**
 * Stored Startrail files, each with its state: images downloaded for a preview as soon as they are listed (their
 * read URLs signed together, in batches), any file saved on demand, a failed one retried. Reads go through
 * `startrailReads` (`@uppy-presign/gcs`), which sends the Content-Type each read URL signs.
 */
export function useStartrailDownloads(
  reads: StartrailReads,
  files: StoredFile[],
  { previews = true }: StartrailDownloadsOptions = {},
): StartrailDownloads {
  const [entries, setEntries] = useState<Record<string, Entry>>({})
  // Bytes and object URLs are the page's, not React's: kept in refs, released on leave and unmount.
  const blobs = useRef(new Map<string, Blob>())
  const urls = useRef(new Map<string, string>())
  const running = useRef(new Map<string, Promise<Blob | undefined>>())
  const started = useRef(new Set<string>())
  const controller = useRef(new AbortController())
  const byKey = useMemo(() => new Map(files.map((file) => [keyOf(file), file])), [files])
  const keys = [...byKey.keys()].join('\n')

  const update = useCallback((key: string, patch: Partial<Entry>) => {
    if (controller.current.signal.aborted) return
    setEntries((previous) => ({
      ...previous,
      [key]: { ...(previous[key] ?? { status: 'idle', action: 'preview' }), ...patch },
    }))
  }, [])

  const bytesOf = useCallback(
    (file: StoredFile, action: Entry['action']): Promise<Blob | undefined> => {
      const key = keyOf(file)
      const held = blobs.current.get(key)
      if (held) return Promise.resolve(held)
      const under = running.current.get(key)
      if (under) return under
      const { signal } = controller.current
      // A task of an unmounted hook (StrictMode's first mount) changes nothing: a new one runs for the new mount.
      const patch = (change: Partial<Entry>) => {
        if (!signal.aborted) update(key, change)
      }
      let task: Promise<Blob | undefined> | undefined
      task = (async () => {
        patch({ status: 'signing', action, error: undefined })
        try {
          const [signed] = await reads.sign([file])
          const contentType = signed?.contentType
          patch({ status: 'downloading', contentType, category: signed?.category })
          const blob = await reads.download(file, { signal })
          if (signal.aborted) return undefined
          blobs.current.set(key, blob)
          let previewUrl: string | undefined
          if (isImage(file, contentType)) {
            previewUrl = URL.createObjectURL(blob)
            urls.current.set(key, previewUrl)
          }
          patch({ status: 'done', previewUrl })
          return blob
        } catch (error) {
          patch({ status: 'error', error: detailsOf(error) })
          return undefined
        } finally {
          if (running.current.get(key) === task) running.current.delete(key)
        }
      })()
      running.current.set(key, task)
      return task
    },
    [reads, update],
  )

  // One controller per mount: a remount (React's StrictMode does one) starts from nothing.
  useEffect(() => {
    const mounted = new AbortController()
    controller.current = mounted
    const ownUrls = urls.current
    return () => {
      mounted.abort()
      for (const url of ownUrls.values()) URL.revokeObjectURL(url)
      ownUrls.clear()
      blobs.current.clear()
      running.current.clear()
      started.current.clear()
      setEntries({})
    }
  }, [])

  // Files that left the list take their bytes and object URLs along.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `keys` stands for `byKey`'s contents
  useEffect(() => {
    for (const [key, url] of urls.current) {
      if (!byKey.has(key)) {
        URL.revokeObjectURL(url)
        urls.current.delete(key)
      }
    }
    for (const key of blobs.current.keys()) if (!byKey.has(key)) blobs.current.delete(key)
    for (const key of started.current) if (!byKey.has(key)) started.current.delete(key)
    setEntries((previous) => {
      const left = Object.keys(previous).filter((key) => !byKey.has(key))
      if (left.length === 0) return previous
      return Object.fromEntries(Object.entries(previous).filter(([key]) => byKey.has(key)))
    })
    if (!previews) return
    for (const [key, file] of byKey) {
      if (started.current.has(key) || !isImage(file, file.contentType)) continue
      started.current.add(key)
      void bytesOf(file, 'preview')
    }
  }, [keys, previews, bytesOf])

  const save = useCallback(
    async (key: string) => {
      const file = byKey.get(key)
      if (!file) return
      const blob = await bytesOf(file, 'save')
      if (blob) saveBlob(blob, file.fileName)
    },
    [byKey, bytesOf],
  )

  const retry = useCallback(
    (key: string) => {
      const file = byKey.get(key)
      if (!file) return
      if (entries[key]?.action === 'save') void save(key)
      else void bytesOf(file, 'preview')
    },
    [byKey, bytesOf, entries, save],
  )

  const items = useMemo(
    () =>
      [...byKey].map(([key, file]): StoredFileItem => {
        const entry = entries[key]
        const contentType = entry?.contentType ?? file.contentType
        const category = entry?.category ?? file.category
        return {
          key,
          file,
          status: entry?.status ?? 'idle',
          ...(contentType ? { contentType } : {}),
          ...(category ? { category } : {}),
          isImage: isImage(file, contentType),
          ...(entry?.previewUrl ? { previewUrl: entry.previewUrl } : {}),
          ...(entry?.error ? { error: entry.error } : {}),
        }
      }),
    [byKey, entries],
  )

  return { items, save, retry }
}
