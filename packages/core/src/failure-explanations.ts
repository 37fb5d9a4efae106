// How a failed request is explained in words: the storage's XML error (which signed header differs, which policy
// condition failed, sizes), a vendor's JSON error in its own shape. Loaded on the first failure only (through
// `explanations()`), with the other explanations it re-exports: most pages never need it.

import { displayFileName, escapeInvisible } from './file-names.ts'
import { hostOf, networkError } from './no-response-errors.ts'
import { isRetryableStatus, UploadError, type UploadErrorKind } from './upload-error.ts'

// One chunk for every explanation, loaded together on the first failure.
export { describeNameProblems } from './name-problems.ts'
export { corsError, hiddenHeaderError, type NoResponseInput, networkError } from './no-response-errors.ts'
export {
  namedAsChosen,
  presignCountMismatch,
  presignFailure,
  presignNotJson,
  presignUnreachable,
  remoteFileRefused,
  unusablePresignUrl,
} from './presign-failures.ts'

/** Past this, a body is not an S3 / GCS error document (theirs are a few KiB), and scanning it is wasted work. */
const MAX_XML_CHARS = 256 * 1024

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (entity, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? entity
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity
  })
}

/** The text of an element's content: CDATA kept as is, entities decoded, any nested markup dropped. */
function elementText(content: string): string {
  let text = ''
  let i = 0
  while (i < content.length) {
    const lt = content.indexOf('<', i)
    if (lt < 0) {
      text += decodeEntities(content.slice(i))
      break
    }
    text += decodeEntities(content.slice(i, lt))
    if (content.startsWith('<![CDATA[', lt)) {
      const end = content.indexOf(']]>', lt + 9)
      text += content.slice(lt + 9, end < 0 ? undefined : end)
      i = end < 0 ? content.length : end + 3
      continue
    }
    const gt = content.indexOf('>', lt + 1)
    i = gt < 0 ? content.length : gt + 1
  }
  return text.trim()
}

/**
 * Reads the XML error document S3 and GCS send (`<Error><Code/><Message/>…</Error>`): `code`, `message`, and every
 * other child element as `details` (CanonicalRequest, StringToSign, ProposedSize, GCS's Details …), entities
 * decoded. Anything that is not such a document gives `{ details: {} }`; it never throws.
 *
 * A single forward scan, not a regex over the body: a body is whatever came back (an HTML page from a proxy, a
 * truncated stream), and backtracking patterns go quadratic on the wrong input.
 */
export function parseStorageErrorXml(body: string): {
  code?: string
  message?: string
  details: Record<string, string>
} {
  if (typeof body !== 'string') return { details: {} }
  const text = body.length > MAX_XML_CHARS ? body.slice(0, MAX_XML_CHARS) : body
  const fields = new Map<string, string>()
  let inError = false
  let child: { name: string; contentStart: number; depth: number } | undefined
  let i = 0
  while (i < text.length) {
    const lt = text.indexOf('<', i)
    if (lt < 0) break
    if (text.startsWith('<![CDATA[', lt) || text.startsWith('<!--', lt)) {
      const terminator = text.startsWith('<!--', lt) ? '-->' : ']]>'
      const end = text.indexOf(terminator, lt + 4)
      if (end < 0) break
      i = end + 3
      continue
    }
    const gt = text.indexOf('>', lt + 1)
    if (gt < 0) break
    i = gt + 1
    const tag = text.slice(lt + 1, gt)
    const closing = tag.startsWith('/')
    const selfClosing = !closing && tag.endsWith('/')
    const name = /^\/?([A-Za-z_][\w.:-]*)/.exec(tag)?.[1]
    if (!name) continue
    const localName = name.slice(name.indexOf(':') + 1)
    if (!inError) {
      if (!closing && localName === 'Error') {
        if (selfClosing) break
        inError = true
      }
      continue
    }
    if (!child) {
      if (closing) {
        if (localName === 'Error') break
      } else if (selfClosing) {
        if (!fields.has(localName)) fields.set(localName, '')
      } else {
        child = { name, contentStart: gt + 1, depth: 0 }
      }
      continue
    }
    if (name !== child.name || selfClosing) continue
    if (!closing) child.depth++
    else if (child.depth > 0) child.depth--
    else {
      if (!fields.has(localName)) fields.set(localName, elementText(text.slice(child.contentStart, lt)))
      child = undefined
    }
  }
  const code = fields.get('Code')
  const message = fields.get('Message')
  fields.delete('Code')
  fields.delete('Message')
  // Object.fromEntries defines own properties, so a `<__proto__>` element is just a detail.
  const details = Object.fromEntries(fields)
  return {
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    details,
  }
}

/** A piece of an unknown answer, fit for a one-line message. */
function snippet(text: string, max = 300): string {
  const oneLine = escapeInvisible(text.replace(/\s+/g, ' ').trim())
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine
}

/** Ends a clause as a sentence, without doubling a full stop it already has. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`)

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

export interface StorageErrorInput {
  status: number
  body: string
  fileName: string
  /** The headers the upload set on its request. */
  sentHeaders?: Record<string, string>
  /**
   * The headers the presign response said to send (`SignedPut.headers`), i.e. the values the URL was signed for.
   * With them a signature mismatch can say "signed for X, sent Y"; without them only what the storage received.
   */
  signedHeaders?: Record<string, string>
  method?: 'PUT' | 'POST'
  url?: string
}

/**
 * Why a signature was refused, naming the header. The storage's `<CanonicalRequest>` is computed from the request
 * *it received*, so it shows what was sent after the browser and any proxy had their way, never what was signed:
 * the signed values come from `signedHeaders`; a difference from `sentHeaders` means something in between changed
 * the request.
 */
function explainSignatureMismatch(input: StorageErrorInput, details: Record<string, string>) {
  const isGcs = (details.StringToSign ?? '').startsWith('GOOG4') || /[?&]x-goog-/i.test(input.url ?? '')
  const signer = isGcs ? 'GCS signs it' : 'the URL signs it'
  const sendExactly = (name: string) => `Send exactly the ${headerTitle(name)} the presign response gave (${signer}).`
  const changedInBetween = (name: string) =>
    `Something between the page and the storage (the browser, a proxy) changed ${headerTitle(name)}; the signature covers it, so it must arrive exactly as signed.`
  const received = canonicalHeaders(details.CanonicalRequest ?? '')
  if (!received) {
    return {
      reason: 'the storage refused the signature',
      hint: "Send exactly the headers the presign response gave, use its URL unchanged, and check the signer's credentials.",
    }
  }
  const compared = [...received].filter(([name]) => name !== 'host')
  for (const [name, value] of compared) {
    const signedFor = lookupHeader(input.signedHeaders, name)
    if (signedFor !== undefined && canonicalValue(signedFor) !== value) {
      const set = lookupHeader(input.sentHeaders, name)
      if (set !== undefined && canonicalValue(set) === canonicalValue(signedFor)) {
        return {
          reason: `the storage refused the signature: the URL was signed for ${name} "${canonicalValue(signedFor)}" and the upload set that, but the storage received "${value}"`,
          hint: changedInBetween(name),
          header: name,
        }
      }
      const sent = value === '' ? 'none' : `"${value}"`
      return {
        reason: `the storage refused the signature: the URL was signed for ${name} "${canonicalValue(signedFor)}" but the upload sent ${sent}`,
        hint: sendExactly(name),
        header: name,
      }
    }
  }
  if (input.sentHeaders) {
    for (const [name, value] of compared) {
      const sent = lookupHeader(input.sentHeaders, name)
      if (sent === undefined && value === '') {
        return {
          reason: `the storage refused the signature: the URL signs ${name}, but the upload did not send it`,
          hint: sendExactly(name),
          header: name,
        }
      }
      if (sent !== undefined && canonicalValue(sent) !== value) {
        return {
          reason: `the storage refused the signature: the upload set ${name} "${canonicalValue(sent)}" but the storage received "${value}"`,
          hint: changedInBetween(name),
          header: name,
        }
      }
      if (sent === undefined) {
        return {
          reason: `the storage refused the signature: the storage received ${name} "${value}", which the upload did not set`,
          hint: `Set ${headerTitle(name)} to the value the URL was signed for: the browser or a proxy filled it in otherwise.`,
          header: name,
        }
      }
    }
  }
  const receivedHost = received.get('host')
  const urlHost = hostOf(input.url, !isGcs)
  if (receivedHost !== undefined && urlHost !== undefined && receivedHost !== urlHost) {
    return {
      reason: `the storage refused the signature: the URL is for host "${urlHost}" but the storage received host "${receivedHost}"`,
      hint: 'A proxy in between rewrote the Host header: send the upload to the signed URL directly, or keep Host unchanged.',
      header: 'host',
    }
  }
  const covered = [...received.keys()]
  const receivedValues = compared.map(([name, value]) => `${name} "${value}"`)
  const contentType = received.has('content-type')
  return {
    reason: `the storage refused the signature, which covers ${covered.join(' and ')}${receivedValues.length ? `; it received ${receivedValues.join(', ')}` : ''}, so the URL was signed for other values or with other credentials`,
    hint: contentType
      ? `${sendExactly('content-type')} If that is what was sent, the signer's credentials are wrong.`
      : "Use the URL exactly as the presign response gave it, with its headers; if you did, the signer's credentials are wrong.",
    header: contentType ? 'content-type' : undefined,
  }
}

function formatBytes(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d{1,20}$/.test(value)) return undefined
  const bytes = Number(value)
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let size = bytes
  let unit = ''
  for (const next of units) {
    if (size < 1024) break
    size /= 1024
    unit = next
  }
  return unit ? `${bytes} bytes (${Number(size.toFixed(1))} ${unit})` : `${bytes} bytes`
}

/** S3's wording for one failed condition, `["eq", "$Content-Type", "image/png"]`, in words. */
function describePolicyCondition(reason: string): string | undefined {
  const failed = /Policy Condition failed: (\[.*\])/.exec(reason)?.[1]
  if (failed) {
    try {
      const [operator, field, value] = JSON.parse(failed) as unknown[]
      const fieldName = String(field).replace(/^\$/, '')
      if (operator === 'eq') return `the policy requires ${fieldName} to be "${String(value)}"`
      if (operator === 'starts-with') return `the policy requires ${fieldName} to start with "${String(value)}"`
      if (operator === 'content-length-range') return `the policy allows ${String(field)} to ${String(value)} bytes`
    } catch {
      return undefined
    }
  }
  const extra = /Extra input fields: (.+)$/.exec(reason)?.[1]
  return extra ? `the form has fields the policy does not name: ${extra}` : undefined
}

/** What a bare status most likely means, for bodies without a code (HEAD answers, proxies, empty bodies). */
const STATUS_CODES: Record<number, string> = {
  401: 'AccessDenied',
  403: 'AccessDenied',
  404: 'NoSuchBucket',
  411: 'MissingContentLength',
}

const STORAGE_HINTS: Record<string, string> = {
  NoSuchBucket:
    "The bucket or path in the signed URL does not exist: check the presign backend's bucket name and endpoint.",
  InvalidAccessKeyId:
    "The URL was signed with an access key the storage does not know: check the presign backend's credentials.",
  AccessDenied:
    'The URL does not allow this upload: check that it was signed for this method and object, by credentials allowed to write it.',
  MissingContentLength: 'Send the file with a known size (a Blob or File, not a stream).',
  BadDigest:
    'The bytes that arrived do not match their checksum: try again, and send no checksum header the presign response did not give.',
}

/**
 * An S3 or GCS answer that is not 2xx, as an `UploadError` whose message says which file, what the storage
 * refused and what to do. `status` 0 (no answer) is a `networkError`.
 */
export function storageError(input: StorageErrorInput): UploadError {
  const fileName = String(input.fileName ?? '')
  const status = Number.isFinite(input.status) ? input.status : 0
  if (status === 0) {
    return networkError({
      fileName,
      method: input.method,
      url: input.url,
      headers: Object.keys(input.sentHeaders ?? {}),
    })
  }
  const body = typeof input.body === 'string' ? input.body : ''
  const { code, message = '', details } = parseStorageErrorXml(body)
  const name = displayFileName(fileName)
  const said = `${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`
  const fail = (
    kind: UploadErrorKind,
    what: string,
    hint: string,
    retryable: boolean,
    extra: Record<string, string> = {},
  ) =>
    new UploadError(`${name}: ${sentence(what)} ${hint}`, {
      kind,
      fileName,
      status,
      ...(code ? { code } : {}),
      retryable,
      hint,
      details: { ...details, ...extra },
    })

  if (code === 'SignatureDoesNotMatch') {
    const { reason, hint, header } = explainSignatureMismatch(input, details)
    return fail('signature-mismatch', reason, hint, false, header ? { header } : {})
  }
  if (code === 'MalformedSecurityHeader') {
    const parameter = details.ParameterName ? ` (${details.ParameterName})` : ''
    return fail(
      'signature-mismatch',
      `the storage refused the signed headers${parameter}: ${details.Details ?? message}`,
      'Send every header the presign response gave, exactly, and no x-goog-* header it did not sign.',
      false,
    )
  }
  const policyReason = /^Invalid according to Policy:\s*(.*)$/is.exec(message)?.[1]
  const expiredPolicy = policyReason !== undefined && /^Policy expired/i.test(policyReason)
  if (code === 'ExpiredToken' || (code === 'AccessDenied' && /request has expired/i.test(message)) || expiredPolicy) {
    const at = details.Expires ?? /expired at:?\s*(\S+)/i.exec(details.Details ?? '')?.[1]
    const when = at ? ` at ${at}${details.ServerTime ? ` (storage time ${details.ServerTime})` : ''}` : ''
    const what = expiredPolicy ? "the upload form's policy" : 'the upload URL'
    return fail(
      'expired',
      `${what} expired${when} before the upload reached the storage (${said})`,
      "It must be signed again: uploads have to start before their signature lapses. If this repeats, check the device's clock and how long files wait between signing and sending.",
      true,
    )
  }
  if (code === 'AccessDenied' && policyReason !== undefined) {
    const described = describePolicyCondition(policyReason)
    return fail(
      'policy',
      `the storage refused the upload form: ${message}${described ? ` (${described})` : ''}`,
      'Send every field of the presign response unchanged, fields first and the file last, with the type and size the policy allows.',
      false,
    )
  }
  if (code === 'EntityTooLarge') {
    const proposed = formatBytes(details.ProposedSize)
    const max = formatBytes(details.MaxSizeAllowed)
    const limits = [proposed ? `it has ${proposed}` : '', max ? `at most ${max} allowed` : '']
      .filter(Boolean)
      .join(', ')
    const standard = /^Your proposed upload exceeds the maximum allowed size\.?$/.test(message)
    return fail(
      'too-large',
      `the file is too large for the storage${limits ? ` (${limits})` : ''}${message && !standard ? `: ${message}` : ''}`,
      'Choose a smaller file.',
      false,
    )
  }
  if (code === 'EntityTooSmall') {
    const proposed = formatBytes(details.ProposedSize)
    const min = formatBytes(details.MinSizeAllowed)
    const limits = [proposed ? `it has ${proposed}` : '', min ? `at least ${min} required` : '']
      .filter(Boolean)
      .join(', ')
    const empty = details.ProposedSize === '0'
    return fail(
      'too-small',
      empty
        ? 'the file is empty, and the storage refuses empty uploads'
        : `the file is too small for the storage${limits ? ` (${limits})` : ''}`,
      empty ? 'Choose a file that is not empty.' : 'Choose a larger file.',
      false,
    )
  }
  if (code === 'AuthorizationQueryParametersError') {
    return fail(
      'malformed-presign',
      `the storage cannot read the URL's signature parameters (${said})`,
      'Use the signed URL exactly as the presign response gave it; if you did, the signer builds it wrongly.',
      false,
    )
  }
  if (status === 429 || status === 503 || code === 'SlowDown' || code === 'TooManyRequests') {
    return fail(
      'rate-limited',
      `the storage asked to slow down (${said})`,
      'Try again in a moment, or upload fewer files at once.',
      true,
    )
  }
  if (status === 408 || code === 'RequestTimeout' || code === 'IncompleteBody') {
    return fail(
      'network',
      `the upload broke off before the storage had the whole file (${said})`,
      'Try again; on a slow connection, upload fewer files at once.',
      true,
    )
  }
  if (status >= 500) {
    return fail(
      'server',
      `the storage failed (${said})`,
      'The failure is on the storage side; try again later.',
      isRetryableStatus(status),
    )
  }
  if (status === 412 || code === 'PreconditionFailed') {
    // S3 uses 412 for a POST that is not multipart too, and says so in <Condition>; otherwise a conditional write
    // (GCS ifGenerationMatch=0, S3 If-None-Match) found the name taken.
    return details.Condition
      ? fail(
          'storage',
          `the storage refused the request (${said}): ${details.Condition}`,
          'Send the upload as the presign response describes it.',
          false,
        )
      : fail(
          'storage',
          `a file is already stored under this name and may not be overwritten (${status}${code ? ` ${code}` : ''})${details.Details ? `: ${details.Details}` : ''}`,
          'Upload it under a new name, e.g. with a unique suffix (Startrail names are unique per issuer-address).',
          false,
        )
  }
  const where = input.url ? ` to ${hostOf(input.url, true) ?? 'the storage'}` : ''
  const unknown = !code && body.trim() ? `: ${snippet(body)}` : ''
  return fail(
    'storage',
    `the storage refused the ${input.method ?? 'upload'}${where} (${said})${unknown}`,
    STORAGE_HINTS[code ?? ''] ??
      STORAGE_HINTS[STATUS_CODES[status] ?? ''] ??
      'Check the presign response and the storage settings.',
    isRetryableStatus(status),
  )
}

function listNames(fileNames: unknown): string {
  const names = Array.isArray(fileNames) ? fileNames.map((n) => displayFileName(String(n))) : []
  if (names.length === 0) return 'the files'
  if (names.length <= 3) return names.join(', ')
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
}

const asText = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined

/** The vendors' JSON error shapes (documented in their API references) read into a list of messages. */
function readVendorBody(body: unknown): { issues: string[]; code?: string; details: Record<string, string> } {
  let parsed = body
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body)
    } catch {
      return { issues: body.trim() ? [snippet(body)] : [], details: {} }
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const raw = parsed === undefined || parsed === null ? '' : (asText(parsed) ?? JSON.stringify(parsed) ?? '')
    return { issues: raw.trim() ? [snippet(raw)] : [], details: {} }
  }
  const record = parsed as Record<string, unknown>
  const issues: string[] = []
  const details: Record<string, string> = {}
  const code = asText(record.code)
  // Startrail and NFT2 (NestJS): message is a list of class-validator sentences, or one string.
  if (Array.isArray(record.message)) for (const m of record.message) issues.push(asText(m) ?? JSON.stringify(m) ?? '')
  else if (asText(record.message)) issues.push(asText(record.message) as string)
  // Typebot (tRPC/zod): a headline in message, the causes in issues[].message.
  if (Array.isArray(record.issues)) {
    const causes = record.issues
      .map((issue) => asText((issue as { message?: unknown } | null)?.message))
      .filter((m): m is string => Boolean(m))
    const headline = issues[0]?.toLowerCase()
    const news = causes.filter((cause) => cause.toLowerCase() !== headline)
    if (news.length > 0 && issues.length === 1) issues[0] = `${issues[0]}: ${news.join('; ')}`
    else if (issues.length !== 1) issues.push(...causes)
  }
  // Leonardo (Hasura): { error, path, code }. NFT2 puts the HTTP reason phrase in `error` beside `message`.
  const error = asText(record.error)
  if (error && issues.length === 0) issues.push(asText(record.path) ? `${error} (at ${asText(record.path)})` : error)
  else if (error) details.error = error
  for (const key of ['path', 'statusCode'] as const)
    if (asText(record[key])) details[key] = asText(record[key]) as string
  if (issues.length === 0) issues.push(snippet(JSON.stringify(record) ?? ''))
  return { issues: issues.filter(Boolean), ...(code ? { code } : {}), details }
}

/** `payload.1.filename should not …` names the file it is about, so a message about several can say which one. */
function nameIndexedFiles(issue: string, fileNames: unknown): string {
  if (!Array.isArray(fileNames) || fileNames.length < 2) return issue
  const index = /^(?:payload|files)\.(\d+)\b/.exec(issue)?.[1]
  const fileName = Array.isArray(fileNames) && index !== undefined ? fileNames[Number(index)] : undefined
  if (typeof fileName !== 'string' || issue.includes(fileName)) return issue
  return `${displayFileName(fileName)}: ${issue}`
}

function vendorHint(status: number): string {
  if (status === 0) return "The network failed, or the presign endpoint does not allow this page's origin (CORS)."
  if (status === 401 || status === 403)
    return 'Its credentials were refused: check the API key or token the presign backend sends.'
  if (status === 404)
    return "Check the endpoint: it should be the vendor's documented base URL (or the app's proxy of it)."
  if (status === 413) return 'Sign fewer files per call.'
  if (status === 429) return 'Wait and try again, or sign fewer files per call.'
  if (status >= 500) return "The failure is on the vendor's side; try again later."
  return 'Fix what it names and try again.'
}

/**
 * A presign API's error answer (Startrail `{statusCode, message}`, NFT2 `{statusCode, message, error}`, Typebot
 * `{message, code, issues}`, Leonardo `{error, path, code}`; anything else as its raw text, cut short) as one
 * readable message listing every issue, with the file each indexed issue is about.
 */
export function vendorApiError(input: {
  vendor: string
  status: number
  body: unknown
  fileNames: string[]
}): UploadError {
  const vendor = String(input.vendor ?? 'The presign API')
  const status = Number.isFinite(input.status) ? input.status : 0
  const names = listNames(input.fileNames)
  let read: ReturnType<typeof readVendorBody>
  try {
    read = readVendorBody(input.body)
  } catch {
    read = { issues: [], details: {} }
  }
  const issues = read.issues.map((issue) => nameIndexedFiles(issue, input.fileNames))
  const verb =
    status === 0
      ? `could not be reached to sign ${names} (no response, status 0)`
      : status >= 500
        ? `failed to sign ${names} (${status}${read.code ? ` ${read.code}` : ''})`
        : `refused to sign ${names} (${status}${read.code ? ` ${read.code}` : ''})`
  const hint = vendorHint(status)
  const listed = issues.length > 0 ? `: ${issues.join('; ')}` : ''
  return new UploadError(`${vendor} ${sentence(`${verb}${listed}`)} ${hint}`, {
    kind: 'presign',
    ...(Array.isArray(input.fileNames) && input.fileNames.length === 1 ? { fileName: String(input.fileNames[0]) } : {}),
    status,
    ...(read.code ? { code: read.code } : {}),
    retryable: isRetryableStatus(status),
    hint,
    details: read.details,
  })
}
