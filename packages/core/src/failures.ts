// The one way the kit puts a failure into words: `explain(name, input)` resolves to the `UploadError` for it. The
// words (and the code that picks them) load on the first failure, in one chunk: most pages never need them. Should
// that load fail too (the page's own server gone), the error still names the file and the status, and Retry is
// offered; callers pass nothing for that: it is read from the input.

import type { OptionalPluralizeLocale } from '@uppy/core/utils'
import { Translator } from '@uppy/core/utils'
import { displayFileName, escapeInvisible } from './file-names.ts'
import { isRetryableStatus, UploadError } from './upload-error.ts'

/** What a vendor's own error body says, read by that vendor's adapter (core knows no vendor's shape). */
export interface VendorErrorReading {
  /** One entry per problem the vendor listed; `fileIndex` when it names a file of the request by position. */
  issues: Array<{ message: string; fileIndex?: number }>
  /** The vendor's own error code (`BAD_REQUEST` …). */
  code?: string
  details?: Record<string, string>
  /**
   * `session` when the refusal is about the state of the session the upload belongs to, not the request (the
   * `UploadError`'s kind then is `session`, not `presign`).
   */
  kind?: 'session'
  /** What to do, in the vendor's terms; replaces the hint the status alone would give. One sentence. */
  hint?: string
}

/** Reads a vendor's error body; undefined when the body is not in that vendor's shape. */
export type ReadVendorError = (body: unknown) => VendorErrorReading | undefined

/** Every failure the kit words, and what each needs to be worded. */
export interface FailureInputs {
  /** The storage answered other than 2xx, or not at all (status 0: the network, or its CORS rules). */
  storage: {
    fileName: string
    status: number
    body: string
    /** The request headers the upload set. */
    sentHeaders?: Record<string, string>
    /** The headers the presign answer said to send (the values signed), for "signed for X, sent Y". */
    signedHeaders?: Record<string, string>
    method?: 'PUT' | 'POST'
    url?: string
    /** This page's origin; `location.origin` by default. */
    origin?: string
  }
  /** The storage answered, but CORS hides a header the flow needs (e.g. `x-amz-meta-cid`). */
  hiddenHeader: { fileName: string; header: string; origin?: string }
  /** The presign API (or the app's proxy of it) answered other than 2xx. */
  presignRefused: {
    fileNames: string[]
    vendor: string
    status: number
    body: unknown
    /** The vendor's error shape, from its adapter; without it only a generic `message` or the raw text is read. */
    readError?: ReadVendorError
    retryAfter?: string
  }
  /** The presign API could not be reached (no answer). */
  presignUnreachable: { fileNames: string[]; vendor: string; url: string; cause: unknown }
  /** The presign API answered 2xx with something that is not JSON. */
  presignNotJson: { fileNames: string[]; vendor: string; status: number; text: string }
  /** A presign function threw something other than an `UploadError` (an app's own signer). */
  presignFailed: { fileNames: string[]; cause: unknown }
  /** The presign answer has another number of signed uploads than files. */
  presignCountMismatch: { fileNames: string[]; got: number }
  /** The presign answer's URL is not an absolute http(s) URL. */
  unusablePresignUrl: { fileName: string; url: unknown }
  /** A file from a remote provider (Companion), which a presigned upload cannot take. */
  remoteFile: { fileName: string }
  /**
   * A step of a file's upload other than the presign call failed with an error not in words (a chunk that would
   * not load, a flow's own bug): reported as it is, not retried.
   */
  unexpected: { fileName: string; cause: unknown }
}

export type FailureName = keyof FailureInputs

/** Words a failure: the `UploadError` that says which file, what happened and what to do. */
export type Explain = <N extends FailureName>(name: N, input: FailureInputs[N]) => Promise<UploadError>

/** A translate function over Uppy locales, as `plugin.i18n` is. */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * A value as it may be shown in a message: invisible and direction-changing characters written out, a file name
 * (`name`) shortened when very long. And every "$" and "%" hidden from Uppy's Translator while it splices: @uppy/core
 * 6.3.1 escapes "$" for `String#replace`, then splices with `split`, so `a$b.png` would read `a$$b.png`; and it
 * splices each placeholder into the values spliced before it, so a file named `%{status}.png` would read `503.png`.
 * Private-use characters stand in for them; none is left in a value once escaped, so each one in the result is the
 * character it stands for.
 */
const DOLLAR = '\u{F0000}'
const PERCENT = '\u{F0001}'
type TranslateOptions = Parameters<Translator['translate']>[1]
export function translator(locales: Array<OptionalPluralizeLocale | undefined>): Translate {
  const translate = new Translator(locales)
  return (key, values) =>
    (values
      ? translate.translate(
          key,
          Object.fromEntries(
            Object.entries(values).map(([name, value]) => [
              name,
              typeof value === 'string'
                ? (name === 'name' ? displayFileName(value) : escapeInvisible(value))
                    .replaceAll('$', DOLLAR)
                    .replaceAll('%', PERCENT)
                : value,
            ]),
          ) as TranslateOptions,
        )
      : translate.translate(key)
    )
      .replaceAll(DOLLAR, '$')
      .replaceAll(PERCENT, '%')
}

/** Shown when the words themselves cannot be loaded: the only failure strings in the up-front bundle. */
export const unexplainedStrings = {
  strings: {
    // No request was answered (e.g. the presign answer could not be used); %{cause} is why the words did not load.
    failedUnexplained: '%{name}: the upload failed; its explanation could not be loaded (%{cause}).',
    // The storage or presign API answered %{status}.
    refusedUnexplained:
      '%{name}: the request was refused (status %{status}); its explanation could not be loaded (%{cause}).',
    // No answer at all.
    noResponseUnexplained: '%{name}: no response (status 0); its explanation could not be loaded (%{cause}).',
  },
}

/**
 * `explain` for these locales, looked up when a failure is worded (the app's last, so it wins): a plugin passes its
 * Uppy's locale and its own `locale` option, so an app translates every message the usual Uppy way.
 */
export function explainer(locales: () => Array<OptionalPluralizeLocale | undefined> = () => []): Explain {
  return async (name, input) => {
    let words: typeof import('./failure-messages.ts')
    try {
      words = await import('./failure-messages.ts')
    } catch (cause) {
      return unexplained(input as { fileName?: string; fileNames?: string[]; status?: number }, cause, locales())
    }
    return words.explainFailure(name, input, translator([words.failureStrings, ...locales()]))
  }
}

/** The failure by status alone, for when its words could not be loaded. */
function unexplained(
  input: { fileName?: string; fileNames?: string[]; status?: number },
  cause: unknown,
  locales: Array<OptionalPluralizeLocale | undefined>,
): UploadError {
  const { status } = input
  const names = input.fileNames ?? [input.fileName ?? 'file']
  const key = status === undefined ? 'failedUnexplained' : status === 0 ? 'noResponseUnexplained' : 'refusedUnexplained'
  const retryable = status !== undefined && isRetryableStatus(status)
  const t = translator([unexplainedStrings, ...locales])
  return new UploadError(
    t(key, { name: names.join(', '), status: String(status), cause: (cause as Error)?.message ?? String(cause) }),
    {
      kind: status === 0 ? 'network' : retryable ? 'server' : 'storage',
      ...(names.length === 1 ? { fileName: names[0] } : {}),
      ...(status === undefined ? {} : { status }),
      retryable,
      cause,
    },
  )
}
