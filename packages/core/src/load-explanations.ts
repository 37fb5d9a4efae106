import { UploadError } from './errors.ts'
import { displayFileName } from './file-names.ts'
import { isRetryableStatus } from './retry.ts'

/**
 * The code that puts a storage or vendor refusal into words, loaded on the first failure: most uploads never fail,
 * and it is the larger half of the error code. Should even that load fail (the page's own server gone too), the
 * failure is still reported, by status.
 */
export async function explanations(
  status: number,
  fileName: string,
): Promise<Pick<typeof import('./failure-explanations.ts'), 'storageError' | 'vendorApiError'>> {
  try {
    return await import('./failure-explanations.ts')
  } catch (cause) {
    const fallback = () =>
      new UploadError(
        `${displayFileName(fileName)}: the request was refused (status ${status}); its explanation could not be loaded (${(cause as Error)?.message ?? cause}).`,
        {
          kind: status >= 500 || status === 429 ? 'server' : 'storage',
          fileName,
          status,
          retryable: isRetryableStatus(status),
          cause,
        },
      )
    return { storageError: fallback, vendorApiError: fallback }
  }
}
