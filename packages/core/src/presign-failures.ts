// What goes wrong before any byte is sent: a presign call without an answer, or with one that cannot be used, and a
// file no presigned upload can take. Loaded with the other failure explanations, on the first failure.

import { displayFileName } from './file-names.ts'
import { UploadError } from './upload-error.ts'

/** The files of a batch for a message: a batch may hold 50, and a message naming them all is not read. */
function listNames(names: string[]): string {
  const shown = names.map((name) => displayFileName(name))
  return shown.length <= 3 ? shown.join(', ') : `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more`
}

/** `fileName` for the error's info when the batch is one file: a batch's error belongs to none of them alone. */
const onlyName = (names: string[]) => (names.length === 1 ? { fileName: names[0] } : {})

/**
 * A presign function that threw something other than an `UploadError` (an app's own signer, a fetch that failed):
 * the files' one upload-error must still say which files and why. Retryable, as a failed fetch would be.
 */
export function presignFailure(names: string[], cause: unknown): UploadError {
  const why = cause instanceof Error ? cause.message : String(cause)
  return new UploadError(
    `${listNames(names)}: the presign call failed: ${/[.!?]$/.test(why) ? why : `${why}.`} Check the presign function and the endpoint it calls.`,
    { kind: 'presign', ...onlyName(names), retryable: true, cause },
  )
}

/** The presign answer has a different number of signed uploads than files: which goes with which is unknowable. */
export function presignCountMismatch(names: string[], got: number): UploadError {
  const n = names.length
  return new UploadError(
    `${listNames(names)}: the presign response has ${got || 'no'} signed upload${got === 1 ? '' : 's'} for ${n} file${n === 1 ? '' : 's'}; nothing can be matched safely. Check the presign endpoint.`,
    { kind: 'malformed-presign', ...onlyName(names), retryable: false },
  )
}

/** Sent anyway, an empty or relative URL would go to the page's own server, which may well answer 200. */
export function unusablePresignUrl(fileName: string, url: unknown): UploadError {
  const shown = JSON.stringify(String(url ?? '')).slice(0, 80)
  return new UploadError(
    `${displayFileName(fileName)}: the presign response gave ${shown} as the upload URL, which is not an absolute http(s) URL, so nothing was sent. Check the presign endpoint.`,
    { kind: 'malformed-presign', fileName, retryable: false },
  )
}

export function remoteFileRefused(fileName: string): UploadError {
  return new UploadError(
    `${displayFileName(fileName)}: files from remote providers are not supported by presigned uploads.`,
    { kind: 'invalid-file', fileName, retryable: false },
  )
}

/** A presign call that got no answer: the network, or the endpoint's CORS. Retryable. */
export function presignUnreachable(names: string[], vendor: string, url: string, cause: unknown): UploadError {
  return new UploadError(
    `${names.join(', ')}: the ${vendor} presign request to ${url} got no response: the network failed, or the endpoint does not allow this page's origin (CORS). Check that the presign endpoint is reachable from the browser.`,
    { kind: 'presign', retryable: true, cause },
  )
}

export function presignNotJson(names: string[], vendor: string, status: number, text: string): UploadError {
  return new UploadError(
    `${names.join(', ')}: ${vendor} answered ${status} with something that is not JSON: ${text.slice(0, 120)}`,
    { kind: 'malformed-presign', retryable: false },
  )
}

/**
 * A flow that renames files before signing (Startrail's unique names) gets errors naming the files as sent
 * (`photo-1795324875227-0.png`); the person chose `photo.png`. Reworded with the names the person knows; anything
 * but an `UploadError` is left as it is (the engine words it with the chosen names).
 */
export function namedAsChosen(error: unknown, sent: string[], chosen: string[]): unknown {
  if (!(error instanceof UploadError)) return error
  const rename = (text: string) => sent.reduce((out, name, i) => out.replaceAll(name, chosen[i] ?? name), text)
  const { fileName } = error.info
  return new UploadError(rename(error.message), {
    ...error.info,
    ...(fileName === undefined ? {} : { fileName: rename(fileName) }),
    cause: error.info.cause ?? error,
  })
}
