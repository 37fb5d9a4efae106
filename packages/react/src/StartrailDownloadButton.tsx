import type { StartrailReads, StoredFile } from '@uppy-presign/gcs'
import { useMemo } from 'react'
import { DownloadAction } from './StartrailFiles.tsx'
import { defaultStartrailFilesStrings, type StartrailFilesStrings } from './startrail-strings.ts'
import type { UploadResultItem } from './types.ts'
import { useStartrailDownloads } from './use-startrail-downloads.ts'

export interface StartrailDownloadButtonProps {
  /** The read client: `startrailReads({ endpoint, category })` from `@uppy-presign/gcs`. */
  reads: StartrailReads
  /** The stored file: an upload result (`GcsResult`) or `{ fileName, category }`. */
  file: StoredFile
  /** The id of the element that names the file, for the button's description. */
  describedBy: string
  strings?: Partial<StartrailFilesStrings>
}

/** One stored file's Download button (the browser's save-file), with its error and Retry when the read fails. */
export function StartrailDownloadButton({ reads, file, describedBy, strings }: StartrailDownloadButtonProps) {
  const files = useMemo(() => [file], [file])
  const { items, save, retry } = useStartrailDownloads(reads, files, { previews: false })
  const words = useMemo(() => ({ ...defaultStartrailFilesStrings, ...strings }), [strings])
  const [item] = items
  if (!item) return null
  return (
    <div className="uppy-presign-results__actions">
      <DownloadAction item={item} words={words} nameId={describedBy} onSave={save} onRetry={retry} />
    </div>
  )
}

/** The stored file a GCS upload result names (`fileName`, its `contentType`, `finalUrl`, a `category` if it has one). */
export function storedFileOf(item: UploadResultItem): StoredFile | undefined {
  const body = item.body ?? {}
  if (item.status !== 'success' || typeof body.fileName !== 'string' || !body.fileName) return undefined
  return {
    fileName: body.fileName,
    ...(typeof body.category === 'string' ? { category: body.category as StoredFile['category'] } : {}),
    ...(typeof body.contentType === 'string' ? { contentType: body.contentType } : {}),
    ...(typeof body.finalUrl === 'string' ? { finalUrl: body.finalUrl } : {}),
  }
}
