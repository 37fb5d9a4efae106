// Every failure put into words: one builder per failure name, each returning the `UploadError` that says which file,
// what happened and what to do. `failures.ts` loads this chunk on the first failure: most pages never need it. Every
// word comes from the strings through `t`, so an app's locale rewords (or translates) all of it; code only joins
// them with punctuation.

import { roundedBytes } from './bytes.ts'
import { failureStrings } from './failure-strings.ts'
import type { FailureInputs, FailureName, Translate, VendorErrorReading } from './failures.ts'
import { displayFileName, escapeInvisible } from './file-names.ts'
import { parseStorageErrorXml } from './storage-error-xml.ts'
import { isRetryableStatus, UploadError, type UploadErrorKind } from './upload-error.ts'

export { failureStrings }

type Builders = { [N in FailureName]: (input: FailureInputs[N], t: Translate) => UploadError }

/** The `UploadError` for a failure, worded with `t` (these strings, then the app's locales). Never throws. */
export function explainFailure<N extends FailureName>(name: N, input: FailureInputs[N], t: Translate): UploadError {
  return (builders[name] as (input: FailureInputs[N], t: Translate) => UploadError)(input, t)
}

// ── Shared pieces

/** Ends a clause as a sentence, without doubling a stop it already has (its own, or the other side's words'). */
const sentence = (text: string) => (/[.!?。！？]$/u.test(text) ? text : `${text}.`)

/** A piece of an unknown answer, fit for a one-line message. */
function snippet(text: string, max = 300): string {
  const oneLine = escapeInvisible(text.replace(/\s+/g, ' ').trim())
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}

/** The files of a batch for a message: a batch may hold 50, and a message naming them all is not read. */
function listNames(fileNames: unknown, t: Translate): string {
  const names = Array.isArray(fileNames) ? fileNames.map((name) => displayFileName(String(name))) : []
  if (names.length === 0) return t('theFiles')
  if (names.length <= 3) return names.join(', ')
  return t('namesAndMore', { names: names.slice(0, 3).join(', '), smart_count: names.length - 3 })
}

/** `fileName` for the error's info when the batch is one file: a batch's error belongs to none of them alone. */
const onlyName = (fileNames: unknown) =>
  Array.isArray(fileNames) && fileNames.length === 1 ? { fileName: String(fileNames[0]) } : {}

/** `a`, `a and b`, `a, b and c`. */
function listAnd(items: string[], t: Translate): string {
  if (items.length < 2) return items.join('')
  return t('listAndLast', { list: items.slice(0, -1).join(', '), last: items.at(-1) })
}

function hostOf(url: string | undefined, withPort: boolean): string | undefined {
  try {
    const parsed = new URL(url ?? '')
    return withPort ? parsed.host : parsed.hostname
  } catch {
    return undefined
  }
}

const pageOrigin = () => (globalThis as { location?: { origin?: string } }).location?.origin

// ── The storage's answer

/** No answer at all (status 0): the network, or the storage's CORS rules; the message names every one to check. */
function noResponse(input: FailureInputs['storage'], t: Translate): UploadError {
  const fileName = String(input.fileName ?? '')
  const origin = input.origin ?? pageOrigin() ?? t('thisPageOrigin')
  const method = input.method ?? t('theUploadMethod')
  const headers = [...new Set(Object.keys(input.sentHeaders ?? {}).map((h) => h.toLowerCase()))]
  const host = hostOf(input.url, true)
  const checks = [t('corsAllowedOrigins', { origin }), t('corsAllowedMethods', { method })]
  if (headers.length > 0) checks.push(t('corsAllowedHeaders', { headers: headers.join(', ') }))
  const values = { name: fileName, host, checks: checks.join(', ') }
  return new UploadError(t(host ? 'noResponseAt' : 'noResponse', values), {
    kind: 'network',
    fileName,
    status: 0,
    retryable: true,
    hint: t('checkNetworkAndCors'),
    details: { origin, method, ...(headers.length ? { headers: headers.join(', ') } : {}) },
  })
}

const headerTitle = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase())
/** How SigV4 and GCS V4 put a header value into the canonical request: trimmed, inner runs of spaces as one. */
const canonicalValue = (value: string) => value.trim().replace(/\s+/g, ' ')

function lookupHeader(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return String(value)
  return undefined
}

/** The `name:value` lines of a canonical request (between the query line and the blank line), names lower case. */
function canonicalHeaders(canonicalRequest: string): Map<string, string> | undefined {
  const lines = canonicalRequest.split(/\r?\n/)
  if (lines.length < 4) return undefined
  const headers = new Map<string, string>()
  for (const line of lines.slice(3)) {
    if (line === '') break
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1))
  }
  return headers.size > 0 ? headers : undefined
}

interface Explained {
  reason: string
  hint: string
  header?: string
}

/**
 * Why a signature was refused, naming the header. The storage's `<CanonicalRequest>` is computed from the request
 * *it received*, so it shows what was sent after the browser and any proxy had their way, never what was signed:
 * the signed values come from `signedHeaders`; a difference from `sentHeaders` means something in between changed
 * the request. GCS and S3 word it alike but sign differently ("Troubleshoot Signature Version 4 signing for AWS
 * API requests", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html, and
 * https://cloud.google.com/storage/docs/authentication/signatures): a GCS V4 string to sign starts `GOOG4`.
 */
function signatureMismatch(input: FailureInputs['storage'], details: Record<string, string>, t: Translate): Explained {
  const isGcs = (details.StringToSign ?? '').startsWith('GOOG4') || /[?&]x-goog-/i.test(String(input.url ?? ''))
  const signer = t(isGcs ? 'signerGcs' : 'signerUrl')
  const sendExactly = (name: string) => t('sendHeaderExactly', { header: headerTitle(name), signer })
  const changedOnTheWay = (name: string) => t('headerChangedOnTheWay', { header: headerTitle(name) })
  const received = canonicalHeaders(details.CanonicalRequest ?? '')
  if (!received) return { reason: t('signatureRefused'), hint: t('signatureCheckAll') }
  const compared = [...received].filter(([name]) => name !== 'host')
  for (const [name, value] of compared) {
    const signedFor = lookupHeader(input.signedHeaders, name)
    if (signedFor !== undefined && canonicalValue(signedFor) !== value) {
      const signed = canonicalValue(signedFor)
      const set = lookupHeader(input.sentHeaders, name)
      if (set !== undefined && canonicalValue(set) === signed) {
        const reason = t('signatureChangedOnTheWay', { header: name, signed, received: value })
        return { reason, hint: changedOnTheWay(name), header: name }
      }
      const reason =
        value === ''
          ? t('signatureSentNone', { header: name, signed })
          : t('signatureSentOther', { header: name, signed, sent: value })
      return { reason, hint: sendExactly(name), header: name }
    }
  }
  if (input.sentHeaders) {
    for (const [name, value] of compared) {
      const sent = lookupHeader(input.sentHeaders, name)
      if (sent === undefined && value === '') {
        return { reason: t('signatureNotSent', { header: name }), hint: sendExactly(name), header: name }
      }
      if (sent !== undefined && canonicalValue(sent) !== value) {
        const reason = t('signatureSetOther', { header: name, sent: canonicalValue(sent), received: value })
        return { reason, hint: changedOnTheWay(name), header: name }
      }
      if (sent === undefined) {
        const reason = t('signatureFilledIn', { header: name, received: value })
        return { reason, hint: t('setHeaderAsSigned', { header: headerTitle(name) }), header: name }
      }
    }
  }
  const receivedHost = received.get('host')
  const urlHost = hostOf(input.url, !isGcs)
  if (receivedHost !== undefined && urlHost !== undefined && receivedHost !== urlHost) {
    return { reason: t('signatureHostRewritten', { urlHost, receivedHost }), hint: t('keepHost'), header: 'host' }
  }
  const headers = listAnd([...received.keys()], t)
  const values = compared.map(([header, value]) => t('headerWithValue', { header, value })).join(', ')
  const reason = values
    ? t('signatureCoversReceived', { headers, received: values })
    : t('signatureCovers', { headers })
  return received.has('content-type')
    ? {
        reason,
        hint: t('sendHeaderExactlyElseCredentials', { header: headerTitle('content-type'), signer }),
        header: 'content-type',
      }
    : { reason, hint: t('useUrlAndHeadersAsGiven') }
}

/** S3's wording for one failed condition, `["eq", "$Content-Type", "image/png"]`, in words. */
function policyCondition(reason: string, t: Translate): string | undefined {
  const failed = /Policy Condition failed: (\[.*\])/.exec(reason)?.[1]
  if (failed) {
    try {
      const [operator, field, value] = JSON.parse(failed) as unknown[]
      const fieldName = String(field).replace(/^\$/, '')
      if (operator === 'eq') return t('policyRequiresEqual', { field: fieldName, value: String(value) })
      if (operator === 'starts-with') return t('policyRequiresPrefix', { field: fieldName, value: String(value) })
      if (operator === 'content-length-range') return t('policyAllowsSizes', { min: String(field), max: String(value) })
    } catch {
      return undefined
    }
  }
  const extra = /Extra input fields: (.+)$/.exec(reason)?.[1]
  return extra ? t('policyExtraFields', { fields: extra }) : undefined
}

/**
 * A size the storage gave (`ProposedSize`, `MaxSizeAllowed` …) as the placeholders of a size string: exact and
 * rounded, and `smart_count` for a locale with plural forms. Undefined when it is not a byte count; counts past 2^53
 * are no sizes a storage takes.
 */
function size(value: string | undefined, as: 'size' | 'max' | 'min'): Record<string, string | number> | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined
  const count = Number(value)
  return { [as]: String(count), [`${as}Rounded`]: roundedBytes(count), smart_count: count }
}

/** What a bare status most likely means, for bodies without a code (HEAD answers, proxies, empty bodies). */
const STATUS_CODES = new Map([
  [401, 'AccessDenied'],
  [403, 'AccessDenied'],
  [404, 'NoSuchBucket'],
  [411, 'MissingContentLength'],
])

/** The hint for a storage code. A Map, not an object: a code is the storage's text, and `valueOf` is no hint. */
const STORAGE_HINTS = new Map([
  ['NoSuchBucket', 'noSuchBucketHint'],
  ['InvalidAccessKeyId', 'invalidAccessKeyIdHint'],
  ['AccessDenied', 'accessDeniedHint'],
  ['MissingContentLength', 'missingContentLengthHint'],
  ['BadDigest', 'badDigestHint'],
])

/**
 * An S3 or GCS answer that is not 2xx: which file, what the storage refused (read from its XML error) and what to
 * do. Status 0 is no answer at all: the network, retryable (a browser cannot tell a CORS refusal from it).
 */
function storageFailure(input: FailureInputs['storage'], t: Translate): UploadError {
  const status = Number.isFinite(input.status) ? input.status : 0
  if (status === 0) return noResponse(input, t)
  const fileName = String(input.fileName ?? '')
  const body = typeof input.body === 'string' ? input.body : ''
  const { code, message = '', details } = parseStorageErrorXml(body)
  const statusAndCode = code ? `${status} ${code}` : String(status)
  const said = message ? `${statusAndCode}: ${message}` : statusAndCode
  const fail = (kind: UploadErrorKind, reason: string, hint: string, retryable: boolean, extra = {}) =>
    new UploadError(t('storageFailure', { name: fileName, reason: sentence(reason), hint }), {
      kind,
      fileName,
      status,
      ...(code ? { code } : {}),
      retryable,
      hint,
      details: { ...details, ...extra },
    })

  if (code === 'SignatureDoesNotMatch') {
    const { reason, hint, header } = signatureMismatch(input, details, t)
    return fail('signature-mismatch', reason, hint, false, header ? { header } : {})
  }
  if (code === 'MalformedSecurityHeader') {
    const values = { parameter: details.ParameterName, message: details.Details || message || said }
    const reason = t(details.ParameterName ? 'signedHeadersRefusedNaming' : 'signedHeadersRefused', values)
    return fail('signature-mismatch', reason, t('sendSignedHeadersOnly'), false)
  }
  const policyReason = /^Invalid according to Policy:\s*(.*)$/is.exec(message)?.[1]
  const expiredPolicy = policyReason !== undefined && /^Policy expired/i.test(policyReason)
  if (code === 'ExpiredToken' || (code === 'AccessDenied' && /request has expired/i.test(message)) || expiredPolicy) {
    const at = details.Expires ?? /expired at:?\s*(\S+)/i.exec(details.Details ?? '')?.[1]
    const storageTime = details.ServerTime
    const key = `${expiredPolicy ? 'policy' : 'url'}Expired${at ? (storageTime ? 'AtStorageTime' : 'At') : ''}`
    return fail('expired', t(key, { at, storageTime, said }), t('signAgain'), true)
  }
  if (code === 'AccessDenied' && policyReason !== undefined) {
    const condition = policyCondition(policyReason, t)
    const reason = condition ? t('policyRefusedBecause', { message, condition }) : t('policyRefused', { message })
    return fail('policy', reason, t('sendFormUnchanged'), false)
  }
  if (code === 'EntityTooLarge' || code === 'EntityTooSmall') {
    const large = code === 'EntityTooLarge'
    const proposed = size(details.ProposedSize, 'size')
    const limit = large ? size(details.MaxSizeAllowed, 'max') : size(details.MinSizeAllowed, 'min')
    const limits = [
      proposed && t('fileHasSize', proposed),
      limit && t(large ? 'sizeAtMost' : 'sizeAtLeast', limit),
    ].filter((part): part is string => Boolean(part))
    if (!large && details.ProposedSize === '0') {
      return fail('too-small', t('fileEmpty'), t('chooseNonEmptyFile'), false)
    }
    const sized = limits.length
      ? t(large ? 'tooLargeLimits' : 'tooSmallLimits', { limits: limits.join(', ') })
      : t(large ? 'tooLarge' : 'tooSmall')
    // S3's own sentence says no more than the words above; anything else (a storage's own rule) is worth quoting.
    const standard = /^Your proposed upload (exceeds the maximum|is smaller than the minimum) allowed size\.?$/
    const reason = large && message && !standard.test(message) ? t('saying', { reason: sized, message }) : sized
    return large
      ? fail('too-large', reason, t('chooseSmallerFile'), false)
      : fail('too-small', reason, t('chooseLargerFile'), false)
  }
  if (code === 'AuthorizationQueryParametersError') {
    return fail('malformed-presign', t('signatureParametersUnreadable', { said }), t('useSignedUrlAsGiven'), false)
  }
  if (status === 429 || status === 503 || code === 'SlowDown' || code === 'TooManyRequests') {
    return fail('rate-limited', t('storageSlowDown', { said }), t('tryAgainFewerFiles'), true)
  }
  if (status === 408 || code === 'RequestTimeout' || code === 'IncompleteBody') {
    return fail('network', t('uploadBrokeOff', { said }), t('tryAgainSlowConnection'), true)
  }
  if (status >= 500) {
    return fail('server', t('storageFailed', { said }), t('storageSideFailure'), isRetryableStatus(status))
  }
  if (status === 412 || code === 'PreconditionFailed') {
    // S3 uses 412 for a POST that is not multipart too, and says so in <Condition>; otherwise a conditional write
    // (GCS ifGenerationMatch=0, S3 If-None-Match) found the name taken.
    if (details.Condition) {
      const reason = t('preconditionFailed', { said, message: details.Condition })
      return fail('storage', reason, t('sendAsDescribed'), false)
    }
    const taken = t('nameTaken', { said: statusAndCode })
    const reason = details.Details ? t('saying', { reason: taken, message: details.Details }) : taken
    return fail('storage', reason, t('uploadUnderNewName'), false)
  }
  const host = input.url ? hostOf(input.url, true) : undefined
  const method = input.method
  const key = method
    ? host
      ? 'storageRefusedMethodAt'
      : 'storageRefusedMethod'
    : host
      ? 'storageRefusedAt'
      : 'storageRefused'
  const refused = t(key, { method, host, said })
  const reason = !code && body.trim() ? t('saying', { reason: refused, message: snippet(body) }) : refused
  const hintKey =
    STORAGE_HINTS.get(code ?? '') ?? STORAGE_HINTS.get(STATUS_CODES.get(status) ?? '') ?? 'checkPresignAndStorage'
  return fail('storage', reason, t(hintKey), isRetryableStatus(status))
}

/**
 * The storage answered, but a header the flow needs (the CID in `x-amz-meta-cid`) is not in CORS
 * `Access-Control-Expose-Headers`, so the browser hides it from scripts. The file itself may already be stored.
 */
function hiddenHeaderFailure(input: FailureInputs['hiddenHeader'], t: Translate): UploadError {
  const fileName = String(input.fileName ?? '')
  const header = String(input.header ?? '')
  const origin = input.origin ?? pageOrigin()
  const values = { name: fileName, header, origin }
  const hint = t(origin ? 'exposeHeaderFor' : 'exposeHeader', values)
  return new UploadError(t(origin ? 'hiddenHeaderFor' : 'hiddenHeader', values), {
    kind: 'cors',
    fileName,
    retryable: false,
    hint,
    details: { header, ...(origin ? { origin } : {}) },
  })
}

// ── The presign call

const asText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined

/**
 * An error body no vendor reader took: a JSON object's `message` (one string or a list of them) and `code`, else the
 * answer's text, cut short. Both are common to most JSON APIs; anything shaped otherwise is a vendor's to read.
 */
function readGenerically(body: unknown): VendorErrorReading {
  if (typeof body === 'string') return { issues: body.trim() ? [{ message: snippet(body) }] : [] }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const raw = body === undefined || body === null ? '' : (asText(body) ?? JSON.stringify(body) ?? '')
    return { issues: raw.trim() ? [{ message: snippet(raw) }] : [] }
  }
  const record = body as Record<string, unknown>
  const messages = Array.isArray(record.message)
    ? record.message.map((m) => asText(m) ?? JSON.stringify(m) ?? '')
    : [asText(record.message) ?? '']
  const code = asText(record.code)
  const issues = messages.filter(Boolean).map((message) => ({ message }))
  if (issues.length === 0) issues.push({ message: snippet(JSON.stringify(record) ?? '') })
  return { issues, ...(code ? { code } : {}) }
}

/** The body as its JSON value when it is JSON text: a reader reads values, whichever way the answer came. */
function parsed(body: unknown): unknown {
  if (typeof body !== 'string') return body
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

/** What the presign API's error body says: in its vendor's shape if the adapter's reader knows it. Never throws. */
function readRefusal(input: FailureInputs['presignRefused']): VendorErrorReading {
  const body = parsed(input.body)
  try {
    const read = input.readError?.(body)
    if (read && Array.isArray(read.issues)) return read
  } catch {
    // A reader that fails on an odd body reads nothing; the generic reading still may.
  }
  try {
    return readGenerically(body)
  } catch {
    return { issues: [] }
  }
}

/**
 * The positions of the files a refusal of several is about, when every issue names one of them; undefined when
 * some issue is about the request as a whole (or the call was for one file), so that no file can be singled out.
 */
function filesNamed(read: VendorErrorReading, count: number): number[] | undefined {
  if (count < 2 || read.issues.length === 0) return undefined
  const indexes = read.issues.map((issue) => issue?.fileIndex)
  if (!indexes.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < count)) return undefined
  return [...new Set(indexes as number[])].sort((a, b) => a - b)
}

function vendorHint(status: number, t: Translate): string {
  if (status === 0) return t('presignHintNoResponse')
  if (status === 401 || status === 403) return t('presignHintCredentials')
  if (status === 404) return t('presignHintEndpoint')
  if (status === 413) return t('presignHintFewerFiles')
  if (status === 429) return t('presignHintRateLimited')
  if (status >= 500) return t('presignHintVendorSide')
  return t('presignHintFixNamed')
}

/**
 * A presign API's error answer as one message listing every issue it names, with the file each issue is about when
 * the call was for several (and the issue does not name it already).
 */
function presignRefused(input: FailureInputs['presignRefused'], t: Translate): UploadError {
  const vendor = String(input.vendor ?? '') || t('thePresignApi')
  const status = Number.isFinite(input.status) ? input.status : 0
  const fileNames = Array.isArray(input.fileNames) ? input.fileNames : []
  const read = readRefusal(input)
  // A reader is the adapter's code, reading whatever came back: what it gives is checked like the body was.
  const issues = read.issues.map((issue) => {
    const text = String(issue?.message ?? '')
    const index = issue?.fileIndex
    const fileName = fileNames.length > 1 && Number.isInteger(index) ? fileNames[index as number] : undefined
    return typeof fileName === 'string' && !text.includes(fileName)
      ? t('issueOfFile', { name: fileName, message: text })
      : text
  })
  const code = typeof read.code === 'string' && read.code ? read.code : undefined
  const said = code ? `${status} ${code}` : String(status)
  const values = { vendor, names: listNames(fileNames, t), said }
  const refused = t(
    status === 0 ? 'presignNoResponse' : status >= 500 ? 'presignFailedStatus' : 'presignRefusedStatus',
    values,
  )
  const listed = issues.filter(Boolean).join('; ')
  const reason = sentence(listed ? t('saying', { reason: refused, message: listed }) : refused)
  // A reader's hint and kind are checked like its issues: only a non-empty string, only the kind core knows.
  const hint = typeof read.hint === 'string' && read.hint.trim() ? read.hint.trim() : vendorHint(status, t)
  const retryable = isRetryableStatus(status)
  const namedFiles = retryable ? undefined : filesNamed(read, fileNames.length)
  return new UploadError(t('presignFailure', { reason, hint }), {
    kind: read.kind === 'session' ? 'session' : 'presign',
    ...onlyName(fileNames),
    ...(namedFiles ? { namedFiles } : {}),
    status,
    ...(code ? { code } : {}),
    retryable,
    hint,
    details: { ...read.details, ...(input.retryAfter ? { 'retry-after': input.retryAfter } : {}) },
  })
}

/** A presign call that got no answer: the network, or the endpoint's CORS. Retryable. */
function presignUnreachable(input: FailureInputs['presignUnreachable'], t: Translate): UploadError {
  const values = { names: listNames(input.fileNames, t), vendor: input.vendor, url: input.url }
  return new UploadError(t('presignUnreachable', values), { kind: 'presign', retryable: true, cause: input.cause })
}

function presignNotJson(input: FailureInputs['presignNotJson'], t: Translate): UploadError {
  const values = {
    names: listNames(input.fileNames, t),
    vendor: input.vendor,
    status: input.status,
    message: snippet(String(input.text ?? ''), 120),
  }
  return new UploadError(t('presignNotJson', values), { kind: 'malformed-presign', retryable: false })
}

/**
 * A presign function that threw something other than an `UploadError` (an app's own signer, a fetch that failed):
 * the files' one upload-error must still say which files and why. Retryable, as a failed fetch would be.
 */
function presignFailed(input: FailureInputs['presignFailed'], t: Translate): UploadError {
  const { cause } = input
  const why = sentence(cause instanceof Error ? cause.message : String(cause))
  return new UploadError(t('presignCallFailed', { names: listNames(input.fileNames, t), cause: why }), {
    kind: 'presign',
    ...onlyName(input.fileNames),
    retryable: true,
    cause,
  })
}

/** The presign answer has a different number of signed uploads than files: which goes with which is unknowable. */
function presignCountMismatch(input: FailureInputs['presignCountMismatch'], t: Translate): UploadError {
  const { got } = input
  const files = Array.isArray(input.fileNames) ? input.fileNames.length : 0
  const values = {
    names: listNames(input.fileNames, t),
    uploads: got ? t('signedUploadCount', { smart_count: got }) : t('noSignedUploads'),
    files: t('fileCount', { smart_count: files }),
  }
  return new UploadError(t('presignCountMismatch', values), {
    kind: 'malformed-presign',
    ...onlyName(input.fileNames),
    retryable: false,
  })
}

/** Sent anyway, an empty or relative URL would go to the page's own server, which may well answer 200. */
function unusablePresignUrl(input: FailureInputs['unusablePresignUrl'], t: Translate): UploadError {
  const fileName = String(input.fileName ?? '')
  const url = JSON.stringify(String(input.url ?? '')).slice(0, 80)
  return new UploadError(t('unusablePresignUrl', { name: fileName, url }), {
    kind: 'malformed-presign',
    fileName,
    retryable: false,
  })
}

function remoteFile(input: FailureInputs['remoteFile'], t: Translate): UploadError {
  const fileName = String(input.fileName ?? '')
  return new UploadError(t('remoteFile', { name: fileName }), { kind: 'invalid-file', fileName, retryable: false })
}

function unexpected(input: FailureInputs['unexpected'], t: Translate): UploadError {
  const fileName = String(input.fileName ?? '')
  const { cause } = input
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new UploadError(t('unexpected', { name: fileName, reason }), {
    kind: 'storage',
    fileName,
    retryable: false,
    cause,
  })
}

const builders: Builders = {
  storage: storageFailure,
  hiddenHeader: hiddenHeaderFailure,
  presignRefused,
  presignUnreachable,
  presignNotJson,
  presignFailed,
  presignCountMismatch,
  unusablePresignUrl,
  remoteFile,
  unexpected,
}
