import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  GCS_PUT_EXPIRED,
  GCS_PUT_NAME_TAKEN,
  GCS_PUT_SIGNATURE_MISMATCH,
  S3_POST_EMPTY,
  S3_POST_POLICY_CONTENT_TYPE,
  S3_POST_POLICY_EXPIRED,
  S3_POST_TOO_LARGE,
  S3_PUT_EXPIRED,
  S3_PUT_SIGNATURE_MISMATCH,
  S3_PUT_SLOW_DOWN,
} from '../test/storage-error-bodies.ts'
import { explainFailure, failureStrings } from './failure-messages.ts'
import { type FailureInputs, translator } from './failures.ts'
import { displayFileName } from './file-names.ts'
import { UploadError } from './upload-error.ts'

const t = translator([failureStrings])
const storage = (input: FailureInputs['storage']) => explainFailure('storage', input, t)

const GCS_URL =
  'http://127.0.0.1:43599/artwork-staging-images/srr-images/0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17/photo.jpg?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=20261122T025314Z&X-Goog-Expires=900&X-Goog-SignedHeaders=content-type%3Bhost&X-Goog-Signature=69fba929'
const S3_URL =
  'http://127.0.0.1:37835/nft2-protocol/photo-10a2f1971b49.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261122T025314Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=016acb49'

describe('storage: signature mismatch', () => {
  it('names the header that differs, with the value signed and the value sent (GCS)', () => {
    const error = storage({
      status: 403,
      body: GCS_PUT_SIGNATURE_MISMATCH,
      fileName: 'photo.png',
      sentHeaders: { 'Content-Type': 'image/png' },
      signedHeaders: { 'Content-Type': 'image/jpeg' },
      method: 'PUT',
      url: GCS_URL,
    })
    expect(error).toBeInstanceOf(UploadError)
    expect(error.message).toBe(
      'photo.png: the storage refused the signature: the URL was signed for content-type "image/jpeg" but the upload sent "image/png". Send exactly the Content-Type the presign response gave (GCS signs it).',
    )
    expect(error.info).toMatchObject({
      kind: 'signature-mismatch',
      fileName: 'photo.png',
      status: 403,
      code: 'SignatureDoesNotMatch',
      retryable: false,
      details: { header: 'content-type' },
    })
  })

  it('does the same for S3', () => {
    const error = storage({
      status: 403,
      body: S3_PUT_SIGNATURE_MISMATCH,
      fileName: 'photo.png',
      sentHeaders: { 'content-type': 'image/png' },
      signedHeaders: { 'content-type': 'image/jpeg' },
      method: 'PUT',
      url: S3_URL,
    })
    expect(error.message).toBe(
      'photo.png: the storage refused the signature: the URL was signed for content-type "image/jpeg" but the upload sent "image/png". Send exactly the Content-Type the presign response gave (the URL signs it).',
    )
  })

  it('says when something between the page and the storage changed a header the upload set', () => {
    const error = storage({
      status: 403,
      body: GCS_PUT_SIGNATURE_MISMATCH,
      fileName: 'photo.png',
      sentHeaders: { 'Content-Type': 'image/jpeg' },
      url: GCS_URL,
    })
    expect(error.message).toContain('the upload set content-type "image/jpeg" but the storage received "image/png"')
    expect(error.info.details?.header).toBe('content-type')
  })

  it('tells a header changed on the way from one the upload got wrong, when it knows both', () => {
    const error = storage({
      status: 403,
      body: GCS_PUT_SIGNATURE_MISMATCH,
      fileName: 'photo.png',
      sentHeaders: { 'Content-Type': 'image/jpeg' },
      signedHeaders: { 'Content-Type': 'image/jpeg' },
      url: GCS_URL,
    })
    expect(error.message).toBe(
      'photo.png: the storage refused the signature: the URL was signed for content-type "image/jpeg" and the upload set that, but the storage received "image/png". Something between the page and the storage (the browser, a proxy) changed Content-Type; the signature covers it, so it must arrive exactly as signed.',
    )
  })

  it('says when the browser filled in a signed header the upload did not set', () => {
    const error = storage({
      status: 403,
      body: S3_PUT_SIGNATURE_MISMATCH,
      fileName: 'photo.png',
      sentHeaders: {},
      url: S3_URL,
    })
    expect(error.message).toContain('the storage received content-type "image/png", which the upload did not set')
  })

  it('says when S3 signed a header the upload did not send at all (it signs a missing header as empty)', () => {
    const body = S3_PUT_SIGNATURE_MISMATCH.replace('content-type:image/png', 'content-type:')
    const error = storage({
      status: 403,
      body,
      fileName: 'photo.png',
      sentHeaders: {},
      signedHeaders: {},
      url: S3_URL,
    })
    expect(error.message).toContain('the URL signs content-type, but the upload did not send it')
  })

  it('names a Host rewritten by a proxy', () => {
    const error = storage({
      status: 403,
      body: S3_PUT_SIGNATURE_MISMATCH,
      fileName: 'photo.png',
      sentHeaders: { 'Content-Type': 'image/png' },
      url: S3_URL.replace('127.0.0.1:37835', 'localhost:5173'),
    })
    expect(error.message).toContain(
      'the URL is for host "localhost:5173" but the storage received host "127.0.0.1:37835"',
    )
  })

  it('without anything to compare, still names what the signature covers and what arrived', () => {
    const error = storage({ status: 403, body: GCS_PUT_SIGNATURE_MISMATCH, fileName: 'photo.png', url: GCS_URL })
    expect(error.message).toBe(
      'photo.png: the storage refused the signature, which covers content-type and host; it received content-type "image/png", so the URL was signed for other values or with other credentials. Send exactly the Content-Type the presign response gave (GCS signs it). If that is what was sent, the signer\'s credentials are wrong.',
    )
  })

  it('without a CanonicalRequest, says what to check', () => {
    const error = storage({
      status: 403,
      body: '<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>',
      fileName: 'a.png',
    })
    expect(error.info.kind).toBe('signature-mismatch')
    expect(error.message).toMatch(/^a\.png: the storage refused the signature\. Send exactly the headers/)
  })

  it('reads GCS MalformedSecurityHeader (a signed header missing) as a signature problem naming the header', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>MalformedSecurityHeader</Code><Message>Invalid argument.</Message><Details>Your request has a malformed header. Header was included in signedheaders, but not in the request.</Details><ParameterName>content-type</ParameterName></Error>'
    const error = storage({ status: 400, body, fileName: 'a.jpg' })
    expect(error.info).toMatchObject({ kind: 'signature-mismatch', retryable: false })
    expect(error.message).toContain(
      '(content-type): Your request has a malformed header. Header was included in signedheaders',
    )
  })
})

describe('storage: other refusals', () => {
  it.each([
    [
      'S3 PUT',
      403,
      S3_PUT_EXPIRED,
      'the upload URL expired at 2026-11-22T03:53:15Z (storage time 2026-11-22T04:53:15Z)',
    ],
    ['GCS PUT', 400, GCS_PUT_EXPIRED, 'the upload URL expired at 2026-11-22T03:08:15+00:00'],
    ['S3 POST', 403, S3_POST_POLICY_EXPIRED, "the upload form's policy expired"],
  ])('an expired %s is "expired" and retryable (the engine signs again)', (_, status, body, says) => {
    const error = storage({ status, body, fileName: 'a.png' })
    expect(error.info).toMatchObject({ kind: 'expired', retryable: true, status })
    expect(error.message).toContain(`a.png: ${says}`)
    expect(error.message).toContain('It must be signed again')
  })

  it('quotes the policy condition S3 refused, and says it in words', () => {
    const error = storage({ status: 403, body: S3_POST_POLICY_CONTENT_TYPE, fileName: 'cat.png', method: 'POST' })
    expect(error.info).toMatchObject({ kind: 'policy', retryable: false, code: 'AccessDenied' })
    expect(error.message).toBe(
      'cat.png: the storage refused the upload form: Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"] (the policy requires Content-Type to be "image/png"). Send every field of the presign response unchanged, fields first and the file last, with the type and size the policy allows.',
    )
  })

  it('names fields a policy does not allow', () => {
    const body =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Extra input fields: x-amz-meta-user</Message></Error>'
    expect(storage({ status: 403, body, fileName: 'a.png' }).message).toContain(
      '(the form has fields the policy does not name: x-amz-meta-user)',
    )
  })

  it('gives sizes for too large and too small', () => {
    const large = storage({ status: 400, body: S3_POST_TOO_LARGE, fileName: 'big.png' })
    expect(large.info).toMatchObject({ kind: 'too-large', retryable: false })
    expect(large.message).toBe(
      'big.png: the file is too large for the storage (at most 33554432 bytes (32 MiB) allowed). Choose a smaller file.',
    )
    const proposed =
      '<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message><ProposedSize>6442450944</ProposedSize><MaxSizeAllowed>5368709120</MaxSizeAllowed></Error>'
    expect(storage({ status: 400, body: proposed, fileName: 'huge.mov' }).message).toContain(
      '(it has 6442450944 bytes (6 GiB), at most 5368709120 bytes (5 GiB) allowed)',
    )
    const empty = storage({ status: 400, body: S3_POST_EMPTY, fileName: 'empty.png' })
    expect(empty.info).toMatchObject({ kind: 'too-small', retryable: false })
    expect(empty.message).toBe(
      'empty.png: the file is empty, and the storage refuses empty uploads. Choose a file that is not empty.',
    )
  })

  it('keeps the storage’s own explanation of a size limit when it has one (a bucket’s own rule)', () => {
    const body =
      '<Error><Code>EntityTooLarge</Code><Message>This bucket accepts files smaller than 2^31 bytes (filesize &lt; 2^31); this upload is 2147483648 bytes.</Message><MaxSizeAllowed>2147483647</MaxSizeAllowed></Error>'
    expect(storage({ status: 400, body, fileName: 'scan.tif' }).message).toContain(
      '(at most 2147483647 bytes (2 GiB) allowed): This bucket accepts files smaller than 2^31 bytes (filesize < 2^31)',
    )
  })

  it('reads SlowDown (503 or 429) as rate-limited and retryable', () => {
    for (const status of [503, 429]) {
      const error = storage({ status, body: S3_PUT_SLOW_DOWN, fileName: 'd.png' })
      expect(error.info).toMatchObject({ kind: 'rate-limited', retryable: true, code: 'SlowDown' })
      expect(error.message).toBe(
        `d.png: the storage asked to slow down (${status} SlowDown: Please reduce your request rate.). Try again in a moment, or upload fewer files at once.`,
      )
    }
  })

  it('reads other 5xx as server failures, retryable', () => {
    const error = storage({
      status: 500,
      body: '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>',
      fileName: 'e.png',
    })
    expect(error.info).toMatchObject({ kind: 'server', retryable: true, code: 'InternalError' })
  })

  it('reads a body that broke off as a retryable network failure', () => {
    const body =
      '<Error><Code>IncompleteBody</Code><Message>The request body ended before Content-Length bytes arrived.</Message></Error>'
    expect(storage({ status: 400, body, fileName: 'f.png' }).info).toMatchObject({
      kind: 'network',
      retryable: true,
    })
  })

  it('says a name is already stored (412), not retryable, and to upload it under a new one', () => {
    const error = storage({ status: 412, body: GCS_PUT_NAME_TAKEN, fileName: 'photo.jpg' })
    expect(error.info).toMatchObject({ kind: 'storage', retryable: false, code: 'PreconditionFailed' })
    expect(error.message).toMatch(
      /^photo\.jpg: a file is already stored under this name and may not be overwritten \(412 PreconditionFailed\): Startrail file names are unique per issuer-address/,
    )
    expect(error.info.hint).toBe('Upload it under a new name, e.g. with a unique suffix.')
    expect(error.message.endsWith('. Upload it under a new name, e.g. with a unique suffix.')).toBe(true)
  })

  it('reports anything else with status, code and message', () => {
    const body =
      '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nft2</BucketName></Error>'
    const error = storage({ status: 404, body, fileName: 'a.png', method: 'PUT', url: S3_URL })
    expect(error.info).toMatchObject({
      kind: 'storage',
      retryable: false,
      code: 'NoSuchBucket',
      details: { BucketName: 'nft2' },
    })
    expect(error.message).toBe(
      "a.png: the storage refused the PUT to 127.0.0.1:37835 (404 NoSuchBucket: The specified bucket does not exist). The bucket or path in the signed URL does not exist: check the presign backend's bucket name and endpoint.",
    )
  })

  it('quotes a body that is not XML, cut short, and never leaks the signed query', () => {
    const error = storage({
      status: 403,
      body: `<html><body>${'Forbidden '.repeat(100)}</body></html>`,
      fileName: 'a.png',
      method: 'PUT',
      url: S3_URL,
    })
    expect(error.message).toMatch(
      /^a\.png: the storage refused the PUT to 127\.0\.0\.1:37835 \(403\): <html><body>Forbidden Forbidden/,
    )
    expect(error.message).toContain('…')
    expect(error.message).not.toContain('X-Amz-Signature')
  })

  it('turns no answer (status 0) into the network/CORS diagnosis', () => {
    const error = storage({
      status: 0,
      body: '',
      fileName: 'a.png',
      method: 'PUT',
      url: S3_URL,
      sentHeaders: { 'Content-Type': 'image/png' },
    })
    expect(error.info).toMatchObject({ kind: 'network', retryable: true, status: 0 })
    expect(error.message).toContain('AllowedHeaders includes content-type')
  })

  it('shows a file name’s invisible characters rather than letting them reorder the message', () => {
    const error = storage({ status: 400, body: S3_POST_EMPTY, fileName: 'evil\u202Egnp.exe' })
    expect(error.message.startsWith('evil\\u{202E}gnp.exe: ')).toBe(true)
    expect(error.info.fileName).toBe('evil\u202Egnp.exe')
  })

  it('never throws, and always names the file, whatever came back', () => {
    const body = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom(
        S3_PUT_SIGNATURE_MISMATCH,
        GCS_PUT_SIGNATURE_MISMATCH,
        S3_POST_POLICY_CONTENT_TYPE,
        S3_POST_TOO_LARGE,
        GCS_PUT_EXPIRED,
        GCS_PUT_NAME_TAKEN,
      ),
      fc
        .tuple(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }))
        .map(
          ([code, message, detail]) =>
            `<Error><Code>${code}</Code><Message>${message}</Message><CanonicalRequest>${detail}</CanonicalRequest><ProposedSize>${detail}</ProposedSize></Error>`,
        ),
    )
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1, max: 700 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY)),
        body,
        fc.string({ unit: 'binary' }),
        fc.option(fc.dictionary(fc.string(), fc.string()), { nil: undefined }),
        fc.option(fc.dictionary(fc.string(), fc.string()), { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        (status, text, fileName, sentHeaders, signedHeaders, url) => {
          const error = storage({ status, body: text, fileName, sentHeaders, signedHeaders, url, method: 'PUT' })
          expect(error).toBeInstanceOf(UploadError)
          expect(error.message.startsWith(`${displayFileName(fileName)}: `)).toBe(true)
          expect(typeof error.info.retryable).toBe('boolean')
        },
      ),
      { numRuns: 500 },
    )
  })

  it('words the other refusals it knows: a 412 condition, unreadable signature parameters, a size range', () => {
    const notMultipart =
      '<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>Bucket POST must be of the enclosure-type multipart/form-data</Condition></Error>'
    expect(storage({ status: 412, body: notMultipart, fileName: 'a.png' }).message).toBe(
      'a.png: the storage refused the request (412 PreconditionFailed: At least one of the pre-conditions you specified did not hold): Bucket POST must be of the enclosure-type multipart/form-data. Send the upload as the presign response describes it.',
    )
    const query =
      '<Error><Code>AuthorizationQueryParametersError</Code><Message>X-Amz-Expires must be less than a week</Message></Error>'
    expect(storage({ status: 400, body: query, fileName: 'a.png' }).info).toMatchObject({
      kind: 'malformed-presign',
      retryable: false,
    })
    const range =
      '<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: ["content-length-range", 1, 10485760]</Message></Error>'
    expect(storage({ status: 403, body: range, fileName: 'a.png' }).message).toContain(
      '(the policy allows 1 to 10485760 bytes)',
    )
    const small =
      '<Error><Code>EntityTooSmall</Code><ProposedSize>3</ProposedSize><MinSizeAllowed>5</MinSizeAllowed></Error>'
    expect(storage({ status: 400, body: small, fileName: 'a.png' }).message).toBe(
      'a.png: the file is too small for the storage (it has 3 bytes (3 B), at least 5 bytes (5 B) required). Choose a larger file.',
    )
  })

  it('reads a code that names an Object property as any other code', () => {
    for (const code of ['valueOf', 'constructor', '__proto__']) {
      expect(
        storage({ status: 400, body: `<Error><Code>${code}</Code></Error>`, fileName: 'a.png' }).info,
      ).toMatchObject({
        kind: 'storage',
        code,
        hint: 'Check the presign response and the storage settings.',
      })
    }
  })

  it('says what it can when it knows neither the method nor the URL', () => {
    expect(storage({ status: 418, body: '', fileName: 'a.png' }).message).toBe(
      'a.png: the storage refused the upload (418). Check the presign response and the storage settings.',
    )
    expect(storage({ status: 401, body: '', fileName: 'a.png', method: 'POST' }).info.hint).toMatch(
      /^The URL does not allow this upload/,
    )
  })
})

const presignRefused = (input: Partial<FailureInputs['presignRefused']>) =>
  explainFailure('presignRefused', { vendor: 'Acme', status: 400, body: '', fileNames: ['a.png'], ...input }, t)

// Error answers of presign APIs in the two shapes most JSON APIs share: `message` as one string or a list (NestJS's
// class-validator), beside a `code`. Shapes of a vendor's own are read by its adapter's `readError`.
const MESSAGE_LIST_400 =
  '{"statusCode":400,"message":["files.0 (cat.gif): mimeType \\"image/gif\\" is not supported; use one of image/png, image/jpeg, image/svg+xml"],"error":"Bad Request"}'
const MESSAGE_401 =
  '{"statusCode":401,"message":"Unauthorized: missing or invalid x-api-key header","error":"Unauthorized"}'
const MESSAGES_400 =
  '{"statusCode":400,"message":["payload.0.filename should not contain space","payload.0.filename should contain the file extension"]}'
const MESSAGE_502 = '{"statusCode":502,"message":"Bad Gateway"}'
const MESSAGE_AND_CODE_429 =
  '{"message":"Too many requests","code":"TOO_MANY_REQUESTS","issues":[{"message":"Too Many Requests"}]}'

describe('presignRefused', () => {
  it('names the files of a batch every issue is about (`namedFiles`), so the engine fails only those', () => {
    const readError = (body: unknown) => body as { issues: Array<{ message: string; fileIndex?: number }> }
    const fileNames = ['a.png', 'b.png', 'c.png', 'd.png']
    const named = (issues: Array<{ message: string; fileIndex?: number }>, files = fileNames) =>
      presignRefused({ body: { issues }, readError, fileNames: files }).info.namedFiles
    expect(named([{ message: 'taken', fileIndex: 2 }])).toEqual([2])
    expect(
      named([
        { message: 'taken', fileIndex: 3 },
        { message: 'has a space', fileIndex: 1 },
        { message: 'no extension', fileIndex: 3 },
      ]),
    ).toEqual([1, 3])
    // An issue about the whole request, an index outside the call, or a call of one file: no file to single out.
    expect(named([{ message: 'taken', fileIndex: 2 }, { message: 'action is missing' }])).toBeUndefined()
    expect(named([{ message: 'taken', fileIndex: 4 }])).toBeUndefined()
    expect(named([{ message: 'taken', fileIndex: 0 }], ['a.png'])).toBeUndefined()
    // Nor when a retry of the whole call may succeed.
    const busy = presignRefused({
      status: 503,
      body: { issues: [{ message: 'x', fileIndex: 1 }] },
      readError,
      fileNames,
    })
    expect(busy.info.namedFiles).toBeUndefined()
  })

  it('lists each sentence of a `message` list', () => {
    const error = presignRefused({ body: JSON.parse(MESSAGE_LIST_400), fileNames: ['cat.gif'] })
    expect(error.message).toBe(
      'Acme refused to sign cat.gif (400): files.0 (cat.gif): mimeType "image/gif" is not supported; use one of image/png, image/jpeg, image/svg+xml. Fix what it names and try again.',
    )
    expect(error.info).toMatchObject({ kind: 'presign', status: 400, retryable: false, fileName: 'cat.gif' })
    expect(presignRefused({ body: MESSAGES_400, fileNames: ['my photo'] }).message).toBe(
      'Acme refused to sign my photo (400): payload.0.filename should not contain space; payload.0.filename should contain the file extension. Fix what it names and try again.',
    )
  })

  it('says whose credentials were refused, and lists a long batch briefly', () => {
    const error = presignRefused({
      status: 401,
      body: MESSAGE_401,
      fileNames: ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'],
    })
    expect(error.message).toBe(
      'Acme refused to sign a.png, b.png, c.png and 2 more (401): Unauthorized: missing or invalid x-api-key header. Its credentials were refused: check the API key or token the presign backend sends.',
    )
    expect(error.info.fileName).toBeUndefined()
  })

  it('reads a 5xx string message as retryable', () => {
    const error = presignRefused({ status: 502, body: MESSAGE_502, fileNames: ['a.jpg', 'b.jpg'] })
    expect(error.message).toBe(
      "Acme failed to sign a.jpg, b.jpg (502): Bad Gateway. The failure is on the vendor's side; try again later.",
    )
    expect(error.info.retryable).toBe(true)
  })

  it('reads message and code, and keeps Retry-After', () => {
    const limited = presignRefused({ status: 429, body: MESSAGE_AND_CODE_429, fileNames: ['x.png'], retryAfter: '7' })
    expect(limited.message).toBe(
      'Acme refused to sign x.png (429 TOO_MANY_REQUESTS): Too many requests. Wait and try again, or sign fewer files per call.',
    )
    expect(limited.info).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true, details: { 'retry-after': '7' } })
  })

  it('reads the body with the vendor adapter’s reader, naming the file of several each issue is about', () => {
    const readError = (body: unknown) =>
      (body as { problems?: unknown })?.problems
        ? {
            issues: [
              { message: 'name has a space', fileIndex: 1 },
              { message: 'b c.png is taken', fileIndex: 1 },
              { message: 'action is missing' },
            ],
            code: 'E_NAMES',
            details: { at: '$.files' },
          }
        : undefined
    const body = { problems: [] }
    const error = presignRefused({ body: JSON.stringify(body), readError, fileNames: ['a.png', 'b c.png'] })
    expect(error.message).toBe(
      'Acme refused to sign a.png, b c.png (400 E_NAMES): b c.png: name has a space; b c.png is taken; action is missing. Fix what it names and try again.',
    )
    expect(error.info).toMatchObject({ code: 'E_NAMES', details: { at: '$.files' } })
    // One file: every issue is about it, so none is prefixed.
    expect(presignRefused({ body, readError, fileNames: ['b c.png'] }).message).toContain(
      '(400 E_NAMES): name has a space;',
    )
    // Not its shape, or a reader that fails: the generic reading.
    const other = { message: 'no' }
    expect(presignRefused({ body: other, readError }).message).toContain('(400): no.')
    const failing = () => {
      throw new Error('boom')
    }
    expect(presignRefused({ body: other, readError: failing }).message).toContain('(400): no.')
    // A reader that gives odd issues still gives a message.
    const odd = () => ({ issues: [null, { message: 'x', fileIndex: -1 }] as never, code: 7 as never })
    expect(presignRefused({ body: other, readError: odd, fileNames: ['a', 'b'] }).message).toBe(
      'Acme refused to sign a, b (400): x. Fix what it names and try again.',
    )
  })

  it('takes a reader’s session kind and hint; any other kind, or an empty hint, is not taken', () => {
    const readError = () => ({
      issues: [{ message: 'the session is closed' }],
      code: 'BAD_REQUEST',
      kind: 'session' as const,
      hint: ' Open the session again, then retry the file. ',
      details: { session: 'closed' },
    })
    const error = presignRefused({ body: {}, readError, fileNames: ['a.txt'] })
    expect(error.message).toBe(
      'Acme refused to sign a.txt (400 BAD_REQUEST): the session is closed. Open the session again, then retry the file.',
    )
    expect(error.info).toMatchObject({
      kind: 'session',
      fileName: 'a.txt',
      retryable: false,
      hint: 'Open the session again, then retry the file.',
      details: { session: 'closed' },
    })
    const odd = () => ({ issues: [{ message: 'x' }], kind: 'server' as never, hint: '  ' })
    expect(presignRefused({ body: {}, readError: odd }).info).toMatchObject({
      kind: 'presign',
      hint: 'Fix what it names and try again.',
    })
  })

  it('quotes an unknown answer as text, cut short', () => {
    const html = `<html>\n<head><title>502 Bad Gateway</title></head>${' '.repeat(10)}${'x'.repeat(1000)}</html>`
    const error = presignRefused({ status: 502, body: html, fileNames: ['x.png'] })
    expect(error.message).toMatch(
      /^Acme failed to sign x\.png \(502\): <html> <head><title>502 Bad Gateway<\/title><\/head> x+…/,
    )
    expect(error.message.length).toBeLessThan(450)
    expect(presignRefused({ vendor: 'V', status: 418, body: { weird: [1, 2] }, fileNames: [] }).message).toBe(
      'V refused to sign the files (418): {"weird":[1,2]}. Fix what it names and try again.',
    )
  })

  it('explains no answer at all', () => {
    const error = presignRefused({ status: 0, body: undefined, fileNames: ['x.png'] })
    expect(error.message).toBe(
      "Acme could not be reached to sign x.png (no response, status 0). The network failed, or the presign endpoint does not allow this page's origin (CORS).",
    )
    expect(error.info.retryable).toBe(true)
  })

  it('never throws, whatever the body, even one that throws when read', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom')
        },
      },
    )
    expect(presignRefused({ body: hostile }).info.kind).toBe('presign')
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(presignRefused({ vendor: 'V', body: circular, fileNames: ['a'] }).message).toMatch(
      /^V refused to sign a \(400\)/,
    )
    fc.assert(
      fc.property(
        fc.anything(),
        fc.integer({ min: -1, max: 600 }),
        fc.array(fc.string({ unit: 'binary' })),
        (body, status, fileNames) => {
          const error = presignRefused({ vendor: 'V', status, body, fileNames })
          expect(error).toBeInstanceOf(UploadError)
          expect(error.message.length).toBeGreaterThan(0)
        },
      ),
      { numRuns: 500 },
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.json(), (text, json) => {
        presignRefused({ vendor: 'V', body: text })
        presignRefused({ vendor: 'V', body: json })
      }),
    )
  })
})

describe('the other presign failures', () => {
  it('presignFailed says which files and why, and may be retried', () => {
    const cause = new TypeError('Failed to fetch')
    const error = explainFailure('presignFailed', { fileNames: ['a.png'], cause }, t)
    expect(error.message).toBe(
      'a.png: the presign call failed: Failed to fetch. Check the presign function and the endpoint it calls.',
    )
    expect(error.info).toMatchObject({ kind: 'presign', fileName: 'a.png', retryable: true })
    expect(error.cause).toBe(cause)
  })

  it('presignCountMismatch counts both sides', () => {
    const mismatch = (fileNames: string[], got: number) =>
      explainFailure('presignCountMismatch', { fileNames, got }, t).message
    expect(mismatch(['cat.png'], 2)).toBe(
      'cat.png: the presign response has 2 signed uploads for 1 file; nothing can be matched safely. Check the presign endpoint.',
    )
    expect(mismatch(['a.png', 'b.png'], 1)).toContain('has 1 signed upload for 2 files;')
    expect(mismatch(['a.png', 'b.png'], 0)).toContain('has no signed uploads for 2 files;')
    expect(explainFailure('presignCountMismatch', { fileNames: ['a'], got: 0 }, t).info).toMatchObject({
      kind: 'malformed-presign',
      fileName: 'a',
      retryable: false,
    })
  })

  it('unusablePresignUrl quotes the URL, cut short', () => {
    const error = explainFailure('unusablePresignUrl', { fileName: 'a.png', url: '/upload' }, t)
    expect(error.message).toBe(
      'a.png: the presign response gave "/upload" as the upload URL, which is not an absolute http(s) URL, so nothing was sent. Check the presign endpoint.',
    )
    expect(error.info).toMatchObject({ kind: 'malformed-presign', fileName: 'a.png', retryable: false })
  })

  it('remoteFile, presignUnreachable and presignNotJson', () => {
    expect(explainFailure('remoteFile', { fileName: 'a.png' }, t).message).toBe(
      'a.png: files from remote providers are not supported by presigned uploads.',
    )
    const cause = new TypeError('Failed to fetch')
    const unreachable = explainFailure(
      'presignUnreachable',
      { fileNames: ['a.png', 'b.png'], vendor: 'Acme', url: 'https://api.example/sign', cause },
      t,
    )
    expect(unreachable.message).toBe(
      "a.png, b.png: the Acme presign request to https://api.example/sign got no response: the network failed, or the endpoint does not allow this page's origin (CORS). Check that the presign endpoint is reachable from the browser.",
    )
    expect(unreachable.info).toMatchObject({ kind: 'presign', retryable: true, cause })
    const notJson = explainFailure(
      'presignNotJson',
      { fileNames: ['a.png'], vendor: 'Acme', status: 200, text: '<html>ok</html>' },
      t,
    )
    expect(notJson.message).toBe('a.png: Acme answered 200 with something that is not JSON: <html>ok</html>')
    expect(notJson.info).toMatchObject({ kind: 'malformed-presign', retryable: false })
  })
})

describe('no response and hidden headers', () => {
  const input = {
    fileName: 'photo.png',
    status: 0,
    body: '',
    method: 'PUT' as const,
    url: S3_URL,
    sentHeaders: { 'Content-Type': 'image/png', 'content-type': 'image/png' },
    origin: 'http://localhost:5173',
  }

  it('no answer names the CORS settings to check, and may be retried', () => {
    const error = storage(input)
    expect(error.message).toBe(
      "photo.png: no response (status 0): the network failed, or the storage's CORS rules (at 127.0.0.1:37835) do not allow this origin/method/headers; check AllowedOrigins includes http://localhost:5173, AllowedMethods includes PUT, AllowedHeaders includes content-type.",
    )
    expect(error.info).toMatchObject({
      kind: 'network',
      status: 0,
      retryable: true,
      hint: 'Check the network, and the bucket CORS settings named above.',
      details: { origin: 'http://localhost:5173', method: 'PUT', headers: 'content-type' },
    })
  })

  it('is never "cors": a browser cannot tell a CORS refusal from the network', () => {
    const error = storage({ ...input, method: 'POST', sentHeaders: {} })
    expect(error.message).toContain(
      'check AllowedOrigins includes http://localhost:5173, AllowedMethods includes POST.',
    )
    expect(error.info).toMatchObject({ kind: 'network', retryable: true })
    const unknown = storage({ fileName: 'a.png', status: 0, body: '' })
    expect(unknown.message).toBe(
      "a.png: no response (status 0): the network failed, or the storage's CORS rules do not allow this origin/method/headers; check AllowedOrigins includes this page's origin, AllowedMethods includes the upload method.",
    )
  })

  it('hiddenHeader says which header to expose, for S3 and GCS', () => {
    const error = explainFailure(
      'hiddenHeader',
      { fileName: 'photo.png', header: 'x-amz-meta-cid', origin: 'http://localhost:5173' },
      t,
    )
    expect(error.message).toBe(
      'photo.png: the storage answered but the browser may not read x-amz-meta-cid: add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>x-amz-meta-cid</ExposeHeader>; GCS: "responseHeader": ["x-amz-meta-cid"]) in the rule for http://localhost:5173. The file itself may already be stored.',
    )
    expect(error.info).toMatchObject({
      kind: 'cors',
      retryable: false,
      hint: 'Add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>x-amz-meta-cid</ExposeHeader>; GCS: "responseHeader": ["x-amz-meta-cid"]) in the rule for http://localhost:5173.',
      details: { header: 'x-amz-meta-cid', origin: 'http://localhost:5173' },
    })
    // Outside a browser, without an origin: no rule to name.
    expect(explainFailure('hiddenHeader', { fileName: 'a', header: 'x-amz-meta-cid' }, t).message).toContain(
      '["x-amz-meta-cid"]). The file itself',
    )
  })
})
