import { displayFileName } from '@uppy-presign/core'
import type { StartrailReads, StoredFile } from '@uppy-presign/gcs'
import { useId, useMemo } from 'react'
import { defaultStartrailFilesStrings, type StartrailFilesStrings } from './startrail-strings.ts'
import type { UploaderTheme } from './types.ts'
import { type StoredFileItem, useStartrailDownloads } from './use-startrail-downloads.ts'

export interface StartrailFilesProps {
  /** The read client: `startrailReads({ endpoint, category })` from `@uppy-presign/gcs`. */
  reads: StartrailReads
  /** The stored files: upload results (`GcsResult`) or `{ fileName, category }`. */
  files: StoredFile[]
  /** Download images as soon as they are listed, for a preview. Default `true`. */
  previews?: boolean
  /** Colour scheme; `auto` follows `prefers-color-scheme`. Default `light`. */
  theme?: UploaderTheme
  /** Replacements for the list's words. */
  strings?: Partial<StartrailFilesStrings>
  /** Extra class names for the list's `<section>`. */
  className?: string
}

const BUSY = new Set(['signing', 'downloading'])

const extensionLabel = (name: string) => {
  const dot = name.lastIndexOf('.')
  return dot > 0 && name.length - dot <= 5 ? name.slice(dot + 1).toUpperCase() : 'FILE'
}

/**
 * Stored Startrail files, each with an image preview (for images), its state and a Download button (the browser's
 * save-file); a failed read says why, with a Retry button. `useStartrailDownloads` with the results panel's look
 * (`upload-results.css`). Renders nothing while the list is empty.
 */
export function StartrailFiles({ reads, files, previews, theme = 'light', strings, className }: StartrailFilesProps) {
  const { items, save, retry } = useStartrailDownloads(reads, files, { previews })
  const words = useMemo(() => ({ ...defaultStartrailFilesStrings, ...strings }), [strings])
  if (items.length === 0) return null
  return (
    <section
      aria-label={words.title}
      className={['uppy-presign-results', 'uppy-presign-stored', className].filter(Boolean).join(' ')}
      data-theme={theme}
    >
      <ul className="uppy-presign-results__list">
        {items.map((item) => (
          <StoredFileRow key={item.key} item={item} words={words} onSave={save} onRetry={retry} />
        ))}
      </ul>
    </section>
  )
}

function StoredFileRow({
  item,
  words,
  onSave,
  onRetry,
}: {
  item: StoredFileItem
  words: StartrailFilesStrings
  onSave: (key: string) => Promise<void>
  onRetry: (key: string) => void
}) {
  const nameId = useId()
  const { fileName } = item.file
  const { category } = item
  const name = displayFileName(fileName)
  return (
    <li
      className="uppy-presign-results__item"
      data-file-key={item.key}
      data-status={item.status}
      data-error-kind={item.error?.kind}
    >
      {item.previewUrl ? (
        <img
          className="uppy-presign-results__thumb uppy-presign-stored__preview"
          src={item.previewUrl}
          alt={words.preview.replace('{name}', name)}
          width={72}
          height={72}
        />
      ) : (
        <span className="uppy-presign-results__thumb uppy-presign-results__thumb--file" aria-hidden="true">
          {extensionLabel(fileName)}
        </span>
      )}
      <div className="uppy-presign-results__main">
        <p className="uppy-presign-results__head">
          <span className="uppy-presign-results__name" id={nameId}>
            {name}
          </span>
          {category && <span className="uppy-presign-results__meta">{category}</span>}
          {item.contentType && <span className="uppy-presign-results__meta">{item.contentType}</span>}
          <span className="uppy-presign-results__status" data-status={item.status}>
            {words[item.status]}
          </span>
        </p>
        <DownloadAction item={item} words={words} nameId={nameId} onSave={onSave} onRetry={onRetry} />
      </div>
    </li>
  )
}

/** The Download button of one stored file, or its error and Retry: shared by the list and the results panel. */
export function DownloadAction({
  item,
  words,
  nameId,
  onSave,
  onRetry,
}: {
  item: StoredFileItem
  words: StartrailFilesStrings
  nameId: string
  onSave: (key: string) => Promise<void>
  onRetry: (key: string) => void
}) {
  const busy = BUSY.has(item.status)
  return (
    <>
      {item.error && (
        <p role="alert" className="uppy-presign-results__error">
          {item.error.message}
        </p>
      )}
      <button
        type="button"
        className="uppy-presign-results__button"
        aria-describedby={nameId}
        aria-busy={busy}
        disabled={busy}
        onClick={() => (item.error ? onRetry(item.key) : void onSave(item.key))}
      >
        {item.error ? words.retry : busy ? words[item.status] : words.download}
      </button>
    </>
  )
}
