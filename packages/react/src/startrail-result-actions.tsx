import type { StartrailReads } from '@uppy-presign/gcs'
import { useCallback } from 'react'
import { StartrailDownloadButton, storedFileOf } from './StartrailDownloadButton.tsx'
import type { StartrailFilesStrings } from './startrail-strings.ts'
import type { RenderResultExtra } from './UploadResults.tsx'

/**
 * The results panel's Download button for each stored Startrail file (a `renderExtra`), or undefined without a read
 * client. Stable while `reads` and `strings` are.
 */
export function useStartrailResultActions(
  reads: StartrailReads | undefined,
  strings?: Partial<StartrailFilesStrings>,
): RenderResultExtra | undefined {
  const actions = useCallback<RenderResultExtra>(
    (item, { nameId }) => {
      const file = reads && item.status === 'success' ? storedFileOf(item) : undefined
      return reads && file ? (
        <StartrailDownloadButton reads={reads} file={file} describedBy={nameId} strings={strings} />
      ) : undefined
    },
    [reads, strings],
  )
  return reads ? actions : undefined
}
