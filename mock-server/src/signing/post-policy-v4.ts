// Verifies an S3 browser-based POST upload signed with SigV4: the signature over the base64
// policy, then the policy itself (expiry, every condition, no unnamed form field), in that order
// and with S3's wording, as described in "POST Policy" and "Browser-Based Uploads Using POST
// (AWS Signature Version 4)" of the S3 API reference.
import { fromString as bytesFrom, toString as bytesTo } from 'uint8arrays'
import { fail, hexBytes, parseBasicIsoDate, safeEqual } from './canonical.ts'
import { bytesToHex, hmacSha256 } from './hashes.ts'
import {
  CREDENTIAL_MALFORMED,
  DATE_MALFORMED,
  parseCredential,
  regionProblem,
  type S3Credentials,
  SIGNATURE_MISMATCH,
  scopeProblem,
  sigV4SigningKey,
  UNKNOWN_ACCESS_KEY,
} from './sigv4-query.ts'
import type { Verified } from './types.ts'

export interface PolicyCheck {
  key: string // the key field as sent (with ${filename} already substituted by the caller if needed)
  contentLengthRange?: { min: number; max: number } // for the caller to enforce while streaming the file
  conditions: unknown[]
  expiration: Date
}

// S3 never asks a condition to name these: the signature can't sign itself, the policy can't
// name itself, and `file` is the upload. Fields starting with x-ignore- are skipped by design.
const UNCONDITIONED = new Set(['policy', 'x-amz-signature', 'file'])

// S3 names a missing field in its documented capitalisation, whatever the form used.
const FIELD_DISPLAY: Record<string, string> = {
  key: 'key',
  'x-amz-algorithm': 'X-Amz-Algorithm',
  'x-amz-credential': 'X-Amz-Credential',
  'x-amz-date': 'X-Amz-Date',
  'x-amz-signature': 'X-Amz-Signature',
}

const missingField = <T>(lowerName: string): Verified<T> => {
  const name = FIELD_DISPLAY[lowerName] ?? lowerName
  // Two spaces after the first sentence: that is how S3 writes it.
  return fail(
    400,
    'InvalidArgument',
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    {
      ArgumentName: name,
      ArgumentValue: '',
    },
  )
}

const invalidPolicy = <T>(message: string): Verified<T> => fail(400, 'InvalidPolicyDocument', message)

const accessDenied = <T>(message: string): Verified<T> => fail(403, 'AccessDenied', message)

// S3 quotes a failed condition back in its array form, `["eq", "$key", "a/b"]`, with ', '
// between items, even when the policy wrote it as `{"key": "a/b"}`.
const conditionFailed = <T>(op: string, field: string, value: string): Verified<T> => {
  const quoted = [op, `$${field}`, value].map((v) => JSON.stringify(v)).join(', ')
  return accessDenied(`Invalid according to Policy: Policy Condition failed: [${quoted}]`)
}

export function verifyPostPolicy(
  fields: Map<string, string>,
  opts: { bucket: string; now: Date; credentials: (accessKeyId: string) => S3Credentials | undefined },
): Verified<PolicyCheck> {
  // Form field names are case-insensitive to S3 (`Policy` and `policy` are the same field).
  const form = new Map<string, string>()
  for (const [name, value] of fields) form.set(name.toLowerCase(), value)

  const key = form.get('key')
  if (key === undefined) return missingField('key')
  const policy = form.get('policy')
  // Without a policy the POST is anonymous, which only a publicly writable bucket accepts;
  // the mock has none, so S3's answer for a private bucket applies.
  if (!policy) return accessDenied('Access Denied')
  for (const name of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature']) {
    if (!form.get(name)) return missingField(name)
  }
  const algorithm = form.get('x-amz-algorithm') ?? ''
  const credential = form.get('x-amz-credential') ?? ''
  const amzDate = form.get('x-amz-date') ?? ''
  const signature = form.get('x-amz-signature') ?? ''

  if (algorithm !== 'AWS4-HMAC-SHA256') {
    return fail(400, 'InvalidArgument', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256".', {
      ArgumentName: 'X-Amz-Algorithm',
      ArgumentValue: algorithm,
    })
  }
  const scope = parseCredential(credential)
  if (!scope) return fail(400, 'AuthorizationQueryParametersError', CREDENTIAL_MALFORMED)
  if (!parseBasicIsoDate(amzDate)) return fail(400, 'AuthorizationQueryParametersError', DATE_MALFORMED)
  const scopeMessage = scopeProblem(scope, amzDate)
  if (scopeMessage) return fail(400, 'AuthorizationQueryParametersError', scopeMessage)
  const creds = opts.credentials(scope.accessKeyId)
  if (!creds) return fail(403, 'InvalidAccessKeyId', UNKNOWN_ACCESS_KEY, { AWSAccessKeyId: scope.accessKeyId })
  const regionMessage = regionProblem(scope, creds.region)
  if (regionMessage) return fail(400, 'AuthorizationQueryParametersError', regionMessage, { Region: creds.region })

  // The string to sign of a POST is the base64 policy exactly as sent, so the signature is
  // checked before the policy is decoded: any edit to the policy is a SignatureDoesNotMatch.
  const expected = bytesToHex(
    hmacSha256(sigV4SigningKey(creds.secretAccessKey, scope.date, scope.region, 's3'), policy),
  )
  if (!safeEqual(signature, expected)) {
    return fail(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, {
      AWSAccessKeyId: scope.accessKeyId,
      StringToSign: policy,
      SignatureProvided: signature,
      StringToSignBytes: hexBytes(policy),
    })
  }

  let document: unknown
  try {
    document = JSON.parse(bytesTo(bytesFrom(policy, 'base64pad'), 'utf8'))
  } catch {
    return invalidPolicy('Invalid Policy: Invalid JSON.')
  }
  if (typeof document !== 'object' || document === null) return invalidPolicy('Invalid Policy: Invalid JSON.')
  const { expiration: expirationText, conditions } = document as { expiration?: unknown; conditions?: unknown }
  if (typeof expirationText !== 'string') return invalidPolicy('Invalid Policy: Missing expiration.')
  // S3 wants ISO 8601 with a zone ('2015-12-30T12:00:00.000Z'); a bare date would be read in local time.
  const expiration = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(expirationText)
    ? new Date(expirationText)
    : new Date(Number.NaN)
  if (Number.isNaN(expiration.getTime())) return invalidPolicy('Invalid Policy: Invalid expiration.')
  if (!Array.isArray(conditions)) return invalidPolicy('Invalid Policy: Missing conditions.')

  if (opts.now.getTime() > expiration.getTime()) return accessDenied('Invalid according to Policy: Policy expired.')

  // The value a condition is checked against: the bucket comes from the URL the form was posted
  // to, not from a form field, so a form cannot claim another bucket.
  const conditionValue = (lowerName: string): string | undefined =>
    lowerName === 'bucket' ? opts.bucket : form.get(lowerName)

  const named = new Set<string>()
  let contentLengthRange: PolicyCheck['contentLengthRange']
  for (const condition of conditions) {
    if (Array.isArray(condition)) {
      const [op, first, second] = condition as unknown[]
      const operator = typeof op === 'string' ? op.toLowerCase() : ''
      if (operator === 'content-length-range') {
        const min = Number(first)
        const max = Number(second)
        if (condition.length !== 3 || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
          return invalidPolicy('Invalid Policy: Invalid content-length-range condition.')
        }
        contentLengthRange = { min, max }
        continue
      }
      if (
        condition.length !== 3 ||
        (operator !== 'eq' && operator !== 'starts-with') ||
        typeof first !== 'string' ||
        !first.startsWith('$') ||
        typeof second !== 'string'
      ) {
        return invalidPolicy(`Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`)
      }
      const field = first.slice(1)
      const lower = field.toLowerCase()
      named.add(lower)
      const actual = conditionValue(lower)
      // A field the condition names must be sent, even when any value would do (prefix '').
      if (actual === undefined) return conditionFailed(operator, field, second)
      if (operator === 'eq' && actual !== second) return conditionFailed(operator, field, second)
      if (operator === 'starts-with') {
        // Content-Type may list several types, comma-separated; each of them must match.
        const values = lower === 'content-type' ? actual.split(',').map((v) => v.trim()) : [actual]
        if (!values.every((v) => v.startsWith(second))) return conditionFailed(operator, field, second)
      }
      continue
    }
    if (typeof condition === 'object' && condition !== null) {
      const entries = Object.entries(condition)
      const [entry] = entries
      if (entries.length !== 1 || !entry) {
        return invalidPolicy(
          'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
        )
      }
      const [field, expectedValue] = entry
      const lower = field.toLowerCase()
      named.add(lower)
      const wanted = String(expectedValue)
      if (conditionValue(lower) !== wanted) return conditionFailed('eq', field, wanted)
      continue
    }
    return invalidPolicy(`Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`)
  }

  // Every field sent must be named by some condition. S3 names the culprits in lower case
  // ('Extra input fields: content-type' for a form's Content-Type); keep the form's order.
  const extra = [...form.keys()].filter(
    (lower) => !UNCONDITIONED.has(lower) && !lower.startsWith('x-ignore-') && !named.has(lower),
  )
  if (extra.length > 0) return accessDenied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`)

  return {
    ok: true,
    value: contentLengthRange ? { key, contentLengthRange, conditions, expiration } : { key, conditions, expiration },
  }
}
