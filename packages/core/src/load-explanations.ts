import { displayFileName } from './file-names.ts'
import { isRetryableStatus, UploadError } from './upload-error.ts'

export type Explanations = typeof import('./failure-explanations.ts')

/**
 * The code that puts a failure into words, loaded on the first failure: most uploads never fail, and it is most of
 * the error code. Should even that load fail (the page's own server gone too), the failure is still reported: every
 * explanation then throws the same error, naming the file and the status (0: no answer; none: no request was
 * answered, e.g. the presign answer could not be used). It ends that file's upload; Retry is offered.
 */
export async function explanations(fileName: string, status?: number): Promise<Explanations> {
  try {
    return await import('./failure-explanations.ts')
  } catch (cause) {
    const retryable = status !== undefined && isRetryableStatus(status)
    const what =
      status === undefined
        ? 'the upload failed'
        : status
          ? `the request was refused (status ${status})`
          : 'no response (status 0)'
    const fallback = () => {
      throw new UploadError(
        `${displayFileName(fileName)}: ${what}; its explanation could not be loaded (${(cause as Error)?.message ?? cause}).`,
        { kind: status === 0 ? 'network' : retryable ? 'server' : 'storage', fileName, status, retryable, cause },
      )
    }
    // Not a thenable (`then` undefined), or awaiting it would call the fallback as `then` and never settle.
    return new Proxy({} as Explanations, { get: (_, key) => (key === 'then' ? undefined : fallback) })
  }
}
