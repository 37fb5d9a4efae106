import type { OptionalPluralizeLocale } from '@uppy/core/utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failureStrings } from './failure-messages.ts'
import { explainer, type FailureInputs, type FailureName, unexplainedStrings } from './failures.ts'
import { parseStorageErrorXml } from './storage-error-xml.ts'
import { UploadError } from './upload-error.ts'

/** `explain` as a page has it when the words' chunk cannot be loaded (offline, the page's own server gone). */
async function offlineExplainer(locales?: () => Array<OptionalPluralizeLocale | undefined>) {
  // The chunk's load failing, as a dynamic import fails offline: nothing else is stood in for.
  vi.doMock('./failure-messages.ts', () => {
    throw new TypeError('Failed to fetch dynamically imported module')
  })
  vi.resetModules()
  const fresh = await import('./failures.ts')
  // The module graph was loaded afresh: its UploadError is that graph's class.
  const { UploadError: FreshUploadError } = await import('./upload-error.ts')
  return { explain: fresh.explainer(locales), FreshUploadError }
}

type Case = { [N in FailureName]: [N, FailureInputs[N]] }[FailureName]

const S3_URL = 'https://bucket.storage.test/ĉapelo.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab12'
const GCS_URL = 'https://gcs.storage.test/ĉapelo.png?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=ab12'

describe('explainer', () => {
  const explain = explainer()
  const one: Array<[Case, Partial<UploadError['info']>, RegExp]> = [
    [['storage', { fileName: 'a.png', status: 503, body: '' }], { kind: 'rate-limited', retryable: true }, /^a\.png: /],
    [['storage', { fileName: 'a.png', status: 0, body: '' }], { kind: 'network', retryable: true }, /^a\.png: /],
    [['hiddenHeader', { fileName: 'a.png', header: 'x-cid' }], { kind: 'cors', retryable: false }, /^a\.png: /],
    [
      ['presignRefused', { fileNames: ['a.png'], vendor: 'Acme', status: 400, body: { message: 'no' } }],
      { kind: 'presign', retryable: false, fileName: 'a.png' },
      /^Acme refused to sign a\.png \(400\): no\./,
    ],
    [
      ['presignUnreachable', { fileNames: ['a.png'], vendor: 'Acme', url: 'https://x.test', cause: 1 }],
      { kind: 'presign', retryable: true },
      /^a\.png: /,
    ],
    [
      ['presignNotJson', { fileNames: ['a.png'], vendor: 'Acme', status: 200, text: 'ok' }],
      { kind: 'malformed-presign', retryable: false },
      /^a\.png: /,
    ],
    [
      ['presignFailed', { fileNames: ['a.png'], cause: new Error('x') }],
      { kind: 'presign', retryable: true },
      /^a\.png: /,
    ],
    [
      ['presignCountMismatch', { fileNames: ['a.png'], got: 2 }],
      { kind: 'malformed-presign', retryable: false },
      /^a\.png: /,
    ],
    [
      ['unusablePresignUrl', { fileName: 'a.png', url: '' }],
      { kind: 'malformed-presign', retryable: false },
      /^a\.png: /,
    ],
    [['remoteFile', { fileName: 'a.png' }], { kind: 'invalid-file', retryable: false }, /^a\.png: /],
    [
      ['unexpected', { fileName: 'a.png', cause: new Error('x') }],
      { kind: 'storage', retryable: false },
      /^a\.png: x$/,
    ],
  ]

  it.each(one)('words %j', async ([name, input], info, message) => {
    const error = await explain(name, input as never)
    expect(error).toBeInstanceOf(UploadError)
    expect(error.info).toMatchObject(info)
    expect(error.message).toMatch(message)
  })

  it('words every failure name', () => {
    expect(new Set(one.map(([[name]]) => name))).toEqual(
      new Set<FailureName>([
        'storage',
        'hiddenHeader',
        'presignRefused',
        'presignUnreachable',
        'presignNotJson',
        'presignFailed',
        'presignCountMismatch',
        'unusablePresignUrl',
        'remoteFile',
        'unexpected',
      ] satisfies Array<keyof FailureInputs>),
    )
  })

  it('takes the app’s words over its own, the app’s last locale winning', async () => {
    const mine = explainer(() => [
      { strings: { remoteFile: '%{name}: pas ici.' } },
      undefined,
      { strings: { remoteFile: '%{name}: nicht hier.' } },
    ])
    expect((await mine('remoteFile', { fileName: 'a.png' })).message).toBe('a.png: nicht hier.')
  })

  it('shows values as they are, even with the characters its translator splices with', async () => {
    const error = await explain('storage', { fileName: 'a$1 %{status}.png', status: 503, body: '' })
    expect(error.message.startsWith('a$1 %{status}.png: the storage asked to slow down (503).')).toBe(true)
  })
})

describe('explainer, when the words cannot be loaded', () => {
  afterEach(() => {
    vi.doUnmock('./failure-messages.ts')
    vi.resetModules()
  })

  it('still names the file(s) and the status, with what may be retried', async () => {
    const { explain, FreshUploadError } = await offlineExplainer()
    const refused = await explain('storage', { fileName: 'a.png', status: 503, body: '' })
    expect(refused).toBeInstanceOf(FreshUploadError)
    expect(refused.message).toMatch(
      /^a\.png: the request was refused \(status 503\); its explanation could not be loaded \(.+\)\.$/,
    )
    expect(refused.info).toMatchObject({ kind: 'server', status: 503, retryable: true, fileName: 'a.png' })

    // No answer at all: worth retrying.
    const offline = await explain('storage', { fileName: 'b.png', status: 0, body: '' })
    expect(offline.message).toMatch(/^b\.png: no response \(status 0\); its explanation could not be loaded/)
    expect(offline.info).toMatchObject({ kind: 'network', status: 0, retryable: true })

    // No request answered (an unusable presign answer): not.
    const unusable = await explain('unusablePresignUrl', { fileName: 'c.png', url: '' })
    expect(unusable.message).toMatch(/^c\.png: the upload failed; its explanation could not be loaded/)
    expect(unusable.info).toMatchObject({ kind: 'storage', retryable: false })
    expect(unusable.info.status).toBeUndefined()

    // A refusal that will not change (4xx): not; a batch's error belongs to none of its files alone.
    const batch = await explain('presignRefused', { fileNames: ['d.png', 'e.png'], vendor: 'V', status: 400, body: {} })
    expect(batch.message).toMatch(/^d\.png, e\.png: the request was refused \(status 400\)/)
    expect(batch.info).toMatchObject({ kind: 'storage', status: 400, retryable: false })
    expect(batch.info.fileName).toBeUndefined()
  })

  it('takes the app’s words for the fallback too', async () => {
    const { explain } = await offlineExplainer(() => [
      { strings: { refusedUnexplained: '%{name}: refusé (%{status}).' } },
    ])
    expect((await explain('storage', { fileName: 'a.png', status: 500, body: '' })).message).toBe(
      'a.png: refusé (500).',
    )
  })
})

// ── Every word from a locale: a pseudo-locale marks each string, and nothing else may be left.

type Strings = Record<string, string | Record<number, string>>

/** `⟪key: %{a} %{b}⟫` for each string: its placeholders kept, every word of it replaced by the mark. */
function pseudoLocale(strings: Strings): { strings: Strings } {
  const mark = (key: string, text: string) => `⟪${key}:${(text.match(/%\{\w+\}/g) ?? []).map((p) => ` ${p}`).join('')}⟫`
  return {
    strings: Object.fromEntries(
      Object.entries(strings).map(([key, text]) => [
        key,
        typeof text === 'string'
          ? mark(key, text)
          : Object.fromEntries(Object.entries(text).map(([form, plural]) => [form, mark(key, plural)])),
      ]),
    ),
  }
}

const wordsOf = (text: unknown): string[] => String(text ?? '').match(/\p{L}+/gu) ?? []

/**
 * Every word a failure may show without a locale: the values passed in (file names, statuses, codes, URLs, headers,
 * the storage's and the vendor's own words), and the byte units (the same in every language).
 */
function passedWords(input: unknown): Set<string> {
  const words = new Set(['b', 'kib', 'mib', 'gib', 'tib'])
  const add = (text: unknown) => {
    for (const word of wordsOf(text)) words.add(word.toLowerCase())
  }
  const walk = (value: unknown, key?: string): void => {
    if (key === 'body' && typeof value === 'string') {
      const { code, message, details } = parseStorageErrorXml(value)
      if (code) for (const text of [code, message, ...Object.values(details)]) add(text)
      else add(value)
    } else if (value instanceof Error) add(value.message)
    else if (typeof value === 'function') walk((value as (body: unknown) => unknown)({}))
    else if (typeof value === 'object' && value !== null) {
      add(JSON.stringify(value))
      for (const [k, v] of Object.entries(value)) walk(v, k)
    } else add(value)
  }
  walk(input)
  return words
}

/** The words of `text` that are neither marked nor passed in: English glued in code. */
function strayWords(text: string | undefined, allowed: Set<string>): string[] {
  const unmarked = String(text ?? '')
    .replace(/⟪\w+:/g, ' ')
    .replaceAll('⟫', ' ')
  return wordsOf(unmarked).filter((word) => !allowed.has(word.toLowerCase()))
}

const xml = (code: string, fields = '') => `<Error><Code>${code}</Code>${fields}</Error>`
/** A canonical request as S3 and GCS quote it, received with these header lines. */
const canonical = (...headers: string[]) =>
  `<CanonicalRequest>PUT\n/ĉapelo.png\nX-Amz-Date=20261122T025314Z\n${headers.join('\n')}\n\n${headers.map((h) => h.split(':')[0]).join(';')}\nUNSIGNED-PAYLOAD</CanonicalRequest>`
const mismatch = (fields: string) => xml('SignatureDoesNotMatch', `<Message>Blorft zundo.</Message>${fields}`)
const GOOG4 = '<StringToSign>GOOG4-RSA-SHA256\n20261122T025314Z</StringToSign>'
const storage = (input: Partial<FailureInputs['storage']>): Case => [
  'storage',
  { fileName: 'ĉapelo.png', status: 403, body: '', ...input },
]
const refusal = (input: Partial<FailureInputs['presignRefused']>): Case => [
  'presignRefused',
  { fileNames: ['ĉapelo.png'], vendor: 'Fotaĵo', status: 400, body: { message: 'Zorp blick' }, ...input },
]

/** Every failure, in every variant its words have. */
const EVERY_VARIANT: Case[] = [
  // Signature mismatch, each branch.
  storage({ body: mismatch('') }),
  storage({
    body: mismatch(canonical('content-type:image/png', 'host:bucket.storage.test')),
    signedHeaders: { 'Content-Type': 'image/jpeg' },
    sentHeaders: { 'Content-Type': 'image/jpeg' },
    url: S3_URL,
  }),
  storage({
    body: mismatch(GOOG4 + canonical('content-type:image/png', 'host:gcs.storage.test')),
    signedHeaders: { 'Content-Type': 'image/jpeg' },
    sentHeaders: { 'Content-Type': 'image/png' },
    url: GCS_URL,
  }),
  storage({
    body: mismatch(canonical('content-type:', 'host:bucket.storage.test')),
    signedHeaders: { 'Content-Type': 'image/jpeg' },
    sentHeaders: {},
    url: S3_URL,
  }),
  storage({ body: mismatch(canonical('content-type:', 'host:bucket.storage.test')), sentHeaders: {}, url: S3_URL }),
  storage({
    body: mismatch(canonical('content-type:image/png', 'host:bucket.storage.test')),
    sentHeaders: { 'content-type': 'image/jpeg' },
    url: S3_URL,
  }),
  storage({
    body: mismatch(canonical('content-type:image/png', 'host:bucket.storage.test')),
    sentHeaders: {},
    url: S3_URL,
  }),
  storage({ body: mismatch(canonical('host:proxy.storage.test')), sentHeaders: {}, url: S3_URL }),
  storage({
    body: mismatch(GOOG4 + canonical('content-type:image/png', 'x-goog-meta-a:zib', 'host:gcs.storage.test')),
  }),
  storage({ body: mismatch(canonical('host:bucket.storage.test')), url: S3_URL }),
  storage({
    status: 400,
    body: xml(
      'MalformedSecurityHeader',
      '<Message>Zorp.</Message><Details>Blorft zundo.</Details><ParameterName>content-type</ParameterName>',
    ),
  }),
  storage({ status: 400, body: xml('MalformedSecurityHeader', '<Message>Zorp</Message>') }),
  // Expired URL or policy, with what the storage said of when.
  storage({ body: xml('AccessDenied', '<Message>Request has expired</Message>') }),
  storage({ status: 400, body: xml('ExpiredToken', '<Details>Zorp expired at: 2026-11-22T03:08:15+00:00</Details>') }),
  storage({
    body: xml(
      'AccessDenied',
      '<Message>Request has expired</Message><Expires>2026-11-22T03:53:15Z</Expires><ServerTime>2026-11-22T04:53:15Z</ServerTime>',
    ),
  }),
  storage({ body: xml('AccessDenied', '<Message>Invalid according to Policy: Policy expired.</Message>') }),
  storage({
    body: xml(
      'AccessDenied',
      '<Message>Invalid according to Policy: Policy expired.</Message><Expires>2026-11-22T03:53:15Z</Expires>',
    ),
  }),
  storage({
    body: xml(
      'AccessDenied',
      '<Message>Invalid according to Policy: Policy expired.</Message><Expires>2026-11-22T03:53:15Z</Expires><ServerTime>2026-11-22T04:53:15Z</ServerTime>',
    ),
  }),
  // Policy conditions.
  ...[
    '["eq", "$Content-Type", "image/png"]',
    '["starts-with", "$key", "zib/"]',
    '["content-length-range", 1, 10485760]',
  ].map((condition) =>
    storage({
      body: xml(
        'AccessDenied',
        `<Message>Invalid according to Policy: Policy Condition failed: ${condition}</Message>`,
      ),
    }),
  ),
  storage({ body: xml('AccessDenied', '<Message>Invalid according to Policy: Extra input fields: x-zib</Message>') }),
  storage({ body: xml('AccessDenied', '<Message>Invalid according to Policy: Zorp</Message>') }),
  // Sizes.
  storage({ status: 400, body: xml('EntityTooLarge') }),
  storage({
    status: 400,
    body: xml(
      'EntityTooLarge',
      '<Message>Zorp blick.</Message><ProposedSize>6442450944</ProposedSize><MaxSizeAllowed>5368709120</MaxSizeAllowed>',
    ),
  }),
  storage({ status: 400, body: xml('EntityTooSmall') }),
  storage({
    status: 400,
    body: xml('EntityTooSmall', '<ProposedSize>3</ProposedSize><MinSizeAllowed>5</MinSizeAllowed>'),
  }),
  storage({
    status: 400,
    body: xml('EntityTooSmall', '<ProposedSize>0</ProposedSize><MinSizeAllowed>1</MinSizeAllowed>'),
  }),
  // The rest of what a storage says.
  storage({ status: 400, body: xml('AuthorizationQueryParametersError', '<Message>Zorp</Message>') }),
  storage({ status: 503, body: xml('SlowDown', '<Message>Zorp.</Message>') }),
  storage({ status: 408, body: '' }),
  storage({ status: 500, body: xml('InternalError') }),
  storage({ status: 412, body: xml('PreconditionFailed', '<Condition>Zorp blick</Condition>') }),
  storage({ status: 412, body: xml('PreconditionFailed') }),
  storage({ status: 412, body: xml('PreconditionFailed', '<Details>Zorp blick.</Details>') }),
  storage({ status: 404, body: xml('NoSuchBucket', '<Message>Zorp</Message>'), method: 'PUT', url: S3_URL }),
  storage({ status: 403, body: xml('InvalidAccessKeyId'), method: 'POST' }),
  storage({ status: 403, body: '', url: S3_URL }),
  storage({ status: 411, body: '' }),
  storage({ status: 400, body: xml('BadDigest') }),
  storage({ status: 418, body: '<html>Zorp blick</html>', method: 'PUT', url: S3_URL }),
  // No answer at all.
  storage({
    status: 0,
    method: 'PUT',
    url: S3_URL,
    origin: 'https://zib.test',
    sentHeaders: { 'Content-Type': 'image/png' },
  }),
  storage({ status: 0 }),
  ['hiddenHeader', { fileName: 'ĉapelo.png', header: 'x-amz-meta-cid', origin: 'https://zib.test' }],
  ['hiddenHeader', { fileName: 'ĉapelo.png', header: 'x-amz-meta-cid' }],
  // A presign API's refusal, for each hint; read generically, or by the vendor's reader.
  ...[0, 400, 401, 404, 413, 429, 502].map((status) => refusal({ status })),
  refusal({ body: 'Zorp blick', vendor: '', fileNames: [] }),
  refusal({
    fileNames: ['ĉapelo.png', 'ŝuo.png', 'c.png', 'd.png', 'e.png'],
    body: { zib: true },
    readError: () => ({ issues: [{ message: 'Zorp', fileIndex: 1 }, { message: 'Blick' }], code: 'E_ZIB' }),
    retryAfter: '7',
  }),
  // The other presign failures.
  ['presignUnreachable', { fileNames: ['ĉapelo.png'], vendor: 'Fotaĵo', url: 'https://zib.test/sign', cause: 1 }],
  ['presignNotJson', { fileNames: ['ĉapelo.png'], vendor: 'Fotaĵo', status: 200, text: '<html>Zorp</html>' }],
  ['presignFailed', { fileNames: ['ĉapelo.png'], cause: new Error('Zorp blick') }],
  ['presignCountMismatch', { fileNames: ['ĉapelo.png'], got: 0 }],
  ['presignCountMismatch', { fileNames: ['ĉapelo.png', 'ŝuo.png'], got: 1 }],
  ['unusablePresignUrl', { fileName: 'ĉapelo.png', url: '/zib' }],
  ['remoteFile', { fileName: 'ĉapelo.png' }],
  ['unexpected', { fileName: 'ĉapelo.png', cause: new Error('Zorp blick') }],
]

describe('every word from a locale', () => {
  afterEach(() => {
    vi.doUnmock('./failure-messages.ts')
    vi.resetModules()
  })

  it('words every failure in every variant with the locale’s strings alone', async () => {
    const explain = explainer(() => [pseudoLocale(failureStrings.strings)])
    const seen = new Set<string>()
    for (const [name, input] of EVERY_VARIANT) {
      const error = await explain(name, input as never)
      const allowed = passedWords(input)
      for (const text of [error.message, error.info.hint]) {
        expect(strayWords(text, allowed), `${name} ${JSON.stringify(input)}: ${text}`).toEqual([])
        for (const [, key] of String(text ?? '').matchAll(/⟪(\w+):/g)) seen.add(key as string)
      }
    }
    // Every string shown at least once: no variant left out above, and no string that nothing shows.
    expect([...Object.keys(failureStrings.strings)].filter((key) => !seen.has(key))).toEqual([])
  })

  it('words the fallback with the locale’s strings alone', async () => {
    const { explain } = await offlineExplainer(() => [pseudoLocale(unexplainedStrings.strings)])
    const seen = new Set<string>()
    for (const [name, input] of [
      storage({ status: 503 }),
      storage({ status: 0 }),
      ['unusablePresignUrl', { fileName: 'ĉapelo.png', url: '' }],
    ] satisfies Case[]) {
      const error = await explain(name, input as never)
      const allowed = passedWords([input, error.info.cause])
      expect(strayWords(error.message, allowed), error.message).toEqual([])
      for (const [, key] of error.message.matchAll(/⟪(\w+):/g)) seen.add(key as string)
    }
    expect([...seen].sort()).toEqual(Object.keys(unexplainedStrings.strings).sort())
  })
})
