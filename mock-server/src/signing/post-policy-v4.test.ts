import { createHmac } from 'node:crypto'
import { S3Client } from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { describe, expect, it } from 'vitest'
import { verifyPostPolicy } from './post-policy-v4.ts'
import { type S3Credentials, sigV4SigningKey } from './sigv4-query.ts'

type Result = ReturnType<typeof verifyPostPolicy>
const codeOf = (result: Result) =>
  result.ok ? 'ok' : `${result.error.status} ${result.error.code}: ${result.error.message}`

describe('verifyPostPolicy against the S3 docs example', () => {
  // S3 API Reference, "Example: Browser-Based Upload using HTTP POST (Using AWS Signature
  // Version 4)": the form, its base64 policy (the string to sign) and the signature, verbatim.
  const DOC_POLICY =
    'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9'
  const DOC_SIGNATURE = '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e'
  const docCredentials = (id: string): S3Credentials | undefined =>
    id === 'AKIAIOSFODNN7EXAMPLE'
      ? { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' }
      : undefined
  // The form's fields in its order, with ${filename} replaced as the caller does.
  const docForm = (): [string, string][] => [
    ['key', 'user/user1/photo.jpg'],
    ['acl', 'public-read'],
    ['success_action_redirect', 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html'],
    ['Content-Type', 'image/jpeg'],
    ['x-amz-meta-uuid', '14365123651274'],
    ['x-amz-server-side-encryption', 'AES256'],
    ['X-Amz-Credential', 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Date', '20151229T000000Z'],
    ['x-amz-meta-tag', ''],
    ['Policy', DOC_POLICY],
    ['X-Amz-Signature', DOC_SIGNATURE],
  ]
  const verifyDoc = (
    fields: [string, string][] = docForm(),
    now = '2015-12-29T12:00:00Z',
    bucket = 'sigv4examplebucket',
  ) => verifyPostPolicy(new Map(fields), { bucket, now: new Date(now), credentials: docCredentials })
  const edit = (name: string, value: string | null): [string, string][] => {
    const fields = docForm().filter(([n]) => n !== name)
    return value === null ? fields : [...fields, [name, value]]
  }

  it('accepts the published form', () => {
    const result = verifyDoc()
    expect(codeOf(result)).toBe('ok')
    if (!result.ok) return
    expect(result.value.key).toBe('user/user1/photo.jpg')
    expect(result.value.expiration).toEqual(new Date('2015-12-30T12:00:00.000Z'))
    expect(result.value.contentLengthRange).toBeUndefined()
    expect(result.value.conditions).toHaveLength(11)
    expect(result.value.conditions[0]).toEqual({ bucket: 'sigv4examplebucket' })
  })

  it('refuses it once the policy has expired', () => {
    expect(codeOf(verifyDoc(docForm(), '2015-12-30T12:00:00Z'))).toBe('ok')
    expect(verifyDoc(docForm(), '2015-12-30T12:00:01Z')).toEqual({
      ok: false,
      error: { status: 403, code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' },
    })
  })

  it('refuses a changed signature or policy with SignatureDoesNotMatch', () => {
    const flipped = edit('X-Amz-Signature', `9${DOC_SIGNATURE.slice(1)}`)
    const result = verifyDoc(flipped)
    expect(codeOf(result)).toBe(
      '403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    )
    if (!result.ok) {
      expect(result.error.details?.StringToSign).toBe(DOC_POLICY)
      expect(result.error.details?.SignatureProvided).toBe(`9${DOC_SIGNATURE.slice(1)}`)
      expect(result.error.details?.AWSAccessKeyId).toBe('AKIAIOSFODNN7EXAMPLE')
    }
    // A policy that allows any key, re-encoded: the signature no longer covers it.
    const looser = Buffer.from(
      Buffer.from(DOC_POLICY, 'base64').toString('utf8').replace('"user/user1/"', '""'),
      'utf8',
    ).toString('base64')
    expect(codeOf(verifyDoc(edit('Policy', looser)))).toMatch(/^403 SignatureDoesNotMatch/)
  })

  it('quotes the failed condition back in S3 wording', () => {
    const cases: [[string, string][], string][] = [
      [edit('Content-Type', 'text/plain'), '["starts-with", "$Content-Type", "image/"]'],
      [edit('key', 'user/user2/photo.jpg'), '["starts-with", "$key", "user/user1/"]'],
      [edit('x-amz-meta-uuid', '1'), '["eq", "$x-amz-meta-uuid", "14365123651274"]'],
      [edit('acl', null), '["eq", "$acl", "public-read"]'],
      [edit('x-amz-meta-tag', null), '["starts-with", "$x-amz-meta-tag", ""]'],
    ]
    for (const [fields, condition] of cases) {
      expect(codeOf(verifyDoc(fields))).toBe(
        `403 AccessDenied: Invalid according to Policy: Policy Condition failed: ${condition}`,
      )
    }
    expect(codeOf(verifyDoc(docForm(), '2015-12-29T12:00:00Z', 'otherbucket'))).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "sigv4examplebucket"]',
    )
  })

  it('refuses a field that no condition names, except file, policy, the signature and x-ignore-*', () => {
    expect(codeOf(verifyDoc([...docForm(), ['x-amz-meta-extra', '1']]))).toBe(
      '403 AccessDenied: Invalid according to Policy: Extra input fields: x-amz-meta-extra',
    )
    expect(codeOf(verifyDoc([...docForm(), ['Cache-Control', 'no-cache']]))).toBe(
      '403 AccessDenied: Invalid according to Policy: Extra input fields: cache-control',
    )
    expect(codeOf(verifyDoc([...docForm(), ['x-ignore-tracker', '1'], ['file', 'bytes']]))).toBe('ok')
  })

  it('refuses an unknown key id and missing signing fields', () => {
    expect(verifyDoc(docForm(), '2015-12-29T12:00:00Z').ok).toBe(true)
    const unknown = verifyPostPolicy(new Map(docForm()), {
      bucket: 'sigv4examplebucket',
      now: new Date('2015-12-29T12:00:00Z'),
      credentials: () => undefined,
    })
    expect(unknown).toEqual({
      ok: false,
      error: {
        status: 403,
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        details: { AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      },
    })
    expect(verifyDoc(edit('X-Amz-Signature', null))).toEqual({
      ok: false,
      error: {
        status: 400,
        code: 'InvalidArgument',
        message:
          "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
        details: { ArgumentName: 'X-Amz-Signature', ArgumentValue: '' },
      },
    })
    expect(codeOf(verifyDoc(edit('key', null)))).toBe(
      "400 InvalidArgument: Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    )
    expect(codeOf(verifyDoc(edit('Policy', null)))).toBe('403 AccessDenied: Access Denied')
  })

  it('matches field names case-insensitively', () => {
    const lower = docForm().map(([n, v]): [string, string] => [n.toLowerCase(), v])
    expect(codeOf(verifyDoc(lower))).toBe('ok')
  })
})

// ---- Policies made by hand, signed with the verifier's own key derivation (checked above) ----

describe('verifyPostPolicy condition rules', () => {
  const credentials = (id: string): S3Credentials | undefined =>
    id === 'AKIDHAND' ? { secretAccessKey: 'hand-secret', region: 'eu-west-1' } : undefined
  // A real form also carries the signing fields, and its policy must name them.
  const sign = (conditions: unknown[], fields: Record<string, string>, expiration = '2026-01-01T01:00:00Z') => {
    const signing = {
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': 'AKIDHAND/20260101/eu-west-1/s3/aws4_request',
      'x-amz-date': '20260101T000000Z',
    }
    const named = [...conditions, ...Object.entries(signing).map(([k, v]) => ({ [k]: v }))]
    const policy = Buffer.from(JSON.stringify({ expiration, conditions: named })).toString('base64')
    const signature = createHmac('sha256', sigV4SigningKey('hand-secret', '20260101', 'eu-west-1', 's3'))
      .update(policy)
      .digest('hex')
    return new Map(Object.entries({ ...fields, ...signing, policy, 'x-amz-signature': signature }))
  }
  const verify = (fields: Map<string, string>) =>
    verifyPostPolicy(fields, { bucket: 'b', now: new Date('2026-01-01T00:30:00Z'), credentials })

  it('checks each type of a comma-separated Content-Type against a starts-with prefix', () => {
    const conditions = [{ key: 'k' }, ['starts-with', '$Content-Type', 'image/']]
    expect(codeOf(verify(sign(conditions, { key: 'k', 'Content-Type': 'image/png, image/jpeg' })))).toBe('ok')
    expect(codeOf(verify(sign(conditions, { key: 'k', 'Content-Type': 'image/png, text/html' })))).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    )
  })

  it('takes an empty starts-with prefix as any value', () => {
    const conditions = [['starts-with', '$key', '']]
    expect(codeOf(verify(sign(conditions, { key: 'anything/at/all' })))).toBe('ok')
  })

  it('returns content-length-range for the caller to enforce', () => {
    const result = verify(sign([{ key: 'k' }, ['content-length-range', 10, 2048]], { key: 'k' }))
    expect(result.ok && result.value.contentLengthRange).toEqual({ min: 10, max: 2048 })
  })

  it('checks the bucket of the URL, not a bucket field of the form', () => {
    const conditions = [{ key: 'k' }, { bucket: 'b' }]
    expect(codeOf(verify(sign(conditions, { key: 'k', bucket: 'b' })))).toBe('ok')
    const other = verifyPostPolicy(sign(conditions, { key: 'k', bucket: 'b' }), {
      bucket: 'c',
      now: new Date('2026-01-01T00:30:00Z'),
      credentials,
    })
    expect(codeOf(other)).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "b"]',
    )
  })

  it('refuses a policy that is not JSON or a condition with two properties', () => {
    const notJson = Buffer.from('{"expiration": ').toString('base64')
    const fields = new Map([
      ['key', 'k'],
      ['x-amz-algorithm', 'AWS4-HMAC-SHA256'],
      ['x-amz-credential', 'AKIDHAND/20260101/eu-west-1/s3/aws4_request'],
      ['x-amz-date', '20260101T000000Z'],
      ['policy', notJson],
      [
        'x-amz-signature',
        createHmac('sha256', sigV4SigningKey('hand-secret', '20260101', 'eu-west-1', 's3'))
          .update(notJson)
          .digest('hex'),
      ],
    ])
    expect(codeOf(verify(fields))).toBe('400 InvalidPolicyDocument: Invalid Policy: Invalid JSON.')
    expect(codeOf(verify(sign([{ key: 'k', acl: 'private' }], { key: 'k' })))).toBe(
      '400 InvalidPolicyDocument: Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.',
    )
  })
})

// ---- Forms made by the real AWS SDK, as the mock's clients will make them ----

describe('verifyPostPolicy with createPresignedPost', () => {
  const ACCESS_KEY = 'AKIAMOCKSERVER000002'
  const SECRET = 'post/secret/for/tests/only'
  const REGION = 'eu-central-1'
  const s3 = new S3Client({
    region: REGION,
    endpoint: 'http://127.0.0.1:4011',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
  })
  const credentials = (id: string): S3Credentials | undefined =>
    id === ACCESS_KEY ? { secretAccessKey: SECRET, region: REGION } : undefined

  const presignedForm = async () => {
    const { fields } = await createPresignedPost(s3, {
      Bucket: 'uploads',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: S3's own ${filename} placeholder, not a template
      Key: 'avatars/${filename}',
      Conditions: [
        ['content-length-range', 1, 5_000_000],
        ['starts-with', '$Content-Type', 'image/'],
      ],
      Fields: { 'Content-Type': 'image/png' },
      Expires: 600,
    })
    // What a browser sends: the fields as given, ${filename} replaced by the server's caller.
    return new Map(Object.entries({ ...fields, key: 'avatars/cat.png' }))
  }
  const verify = (fields: Map<string, string>, o: { bucket?: string; now?: Date } = {}) =>
    verifyPostPolicy(fields, { bucket: o.bucket ?? 'uploads', now: o.now ?? new Date(), credentials })

  it('accepts the form it makes', async () => {
    const result = verify(await presignedForm())
    expect(codeOf(result)).toBe('ok')
    if (!result.ok) return
    expect(result.value.key).toBe('avatars/cat.png')
    expect(result.value.contentLengthRange).toEqual({ min: 1, max: 5_000_000 })
  })

  it('refuses a tampered policy or signature', async () => {
    const fields = await presignedForm()
    const policy = fields.get('Policy') ?? ''
    const bigger = Buffer.from(
      Buffer.from(policy, 'base64').toString('utf8').replace('5000000', '500000000'),
      'utf8',
    ).toString('base64')
    expect(codeOf(verify(new Map([...fields, ['Policy', bigger]])))).toMatch(/^403 SignatureDoesNotMatch/)
    const signature = fields.get('X-Amz-Signature') ?? ''
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('a') ? 'b' : 'a'}`
    expect(codeOf(verify(new Map([...fields, ['X-Amz-Signature', flipped]])))).toMatch(/^403 SignatureDoesNotMatch/)
  })

  it('refuses an extra field, another bucket, another key prefix and a lapsed policy', async () => {
    const fields = await presignedForm()
    expect(codeOf(verify(new Map([...fields, ['x-amz-meta-owner', 'me']])))).toBe(
      '403 AccessDenied: Invalid according to Policy: Extra input fields: x-amz-meta-owner',
    )
    expect(codeOf(verify(fields, { bucket: 'private' }))).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "uploads"]',
    )
    expect(codeOf(verify(new Map([...fields, ['key', 'other/cat.png']])))).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "avatars/"]',
    )
    expect(codeOf(verify(new Map([...fields, ['Content-Type', 'text/html']])))).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    )
    expect(codeOf(verify(fields, { now: new Date(Date.now() + 601_000) }))).toBe(
      '403 AccessDenied: Invalid according to Policy: Policy expired.',
    )
  })
})
