// What GcsSignedUrl needs only once a file is refused: its strings and the code that words the refusal. One chunk,
// loaded with the first refusal.

import { type Explain, roundedBytes, type Translate, UnexplainedFailure, UploadError } from '@uppy-presign/core'
import type { StartrailNameRule } from '@uppy-presign/vendors'

export { default } from './locale.ts'

/**
 * Why `GcsSignedUrl` refuses a file before any request, in words: over `maxFileSize`, or a name that breaks
 * Startrail's rules.
 */
export function fileRefusal(
  t: Translate,
  name: string,
  rules: { size: number; maxFileSize: number; uniqueNames: boolean; broken: StartrailNameRule[] },
): UploadError {
  const { size, maxFileSize, uniqueNames, broken } = rules
  if (size > maxFileSize) {
    const sizes = { size, sizeRounded: roundedBytes(size), max: maxFileSize, maxRounded: roundedBytes(maxFileSize) }
    return new UploadError(t('tooLarge', { name, ...sizes }), { kind: 'too-large', fileName: name, retryable: false })
  }
  const suggestion = name.trim().replace(/\s+/gu, '-')
  const problems = broken.map((rule) =>
    t(rule === 'noSpaces' ? 'nameHasSpaces' : 'nameNeedsExtension', { name, suggestion }),
  )
  return new UploadError(t(uniqueNames ? 'noExtension' : 'badName', { name, problems: problems.join(' ') }), {
    kind: 'invalid-file',
    fileName: name,
    retryable: false,
  })
}

/**
 * Why `GcsSignedUrl` refuses a file's category before any request: its `meta.category` (or, when it has none, the
 * signing function's default) is not one of the `categories` option. Only this file is refused; the person or the
 * app sets another category (`uppy.setFileMeta`, or the file's Category field) and retries.
 */
export function categoryRefusal(
  t: Translate,
  name: string,
  { category, own, allowed }: { category: string; own: boolean; allowed: readonly string[] },
): UploadError {
  const values = { name, category: String(category), allowed: allowed.join(', ') }
  return new UploadError(t(own ? 'categoryNotAllowed' : 'defaultCategoryNotAllowed', values), {
    kind: 'invalid-meta',
    fileName: name,
    retryable: false,
    details: { category: String(category), allowed: allowed.join(',') },
  })
}

/**
 * uniqueNames: false, and the files at `held` (positions in `names`) have a name another file of the upload is signed
 * under: they are named (`namedFiles`), so that the engine fails only them and asks about each alone.
 */
export function nameHeldRefusal(t: Translate, names: string[], held: number[]): UploadError {
  const name = names[held[0] as number] as string
  return new UploadError(t('nameHeldByAnother', { name }), {
    kind: 'invalid-file',
    fileName: name,
    retryable: false,
    namedFiles: held,
  })
}

/**
 * A flow that renames files before signing gets errors naming the files as sent; they are reworded with the names
 * the person knows (a vendor's refusal is worded first). Anything else is left as it is (the engine words it with
 * the chosen names).
 */
export async function namedAsChosen(
  error: unknown,
  sent: string[],
  chosen: string[],
  explain: Explain,
): Promise<unknown> {
  const worded = error instanceof UnexplainedFailure ? await explain(error.failure, error.input) : error
  if (!(worded instanceof UploadError)) return worded
  const rename = (text: string) => sent.reduce((out, name, i) => out.replaceAll(name, chosen[i] ?? name), text)
  const { fileName } = worded.info
  return new UploadError(rename(worded.message), {
    ...worded.info,
    ...(fileName === undefined ? {} : { fileName: rename(fileName) }),
    cause: worded.info.cause ?? worded,
  })
}
