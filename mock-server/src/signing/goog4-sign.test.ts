import { Storage } from '@google-cloud/storage'
import { describe, expect, it } from 'vitest'
import { verifyGoog4Query } from './goog4.ts'
import { signGoog4Url } from './goog4-sign.ts'
import { generateRsaKeyPair } from './rsa-keys.ts'

const keys = await generateRsaKeyPair()
const CLIENT_EMAIL = 'signer@mock-project.iam.gserviceaccount.com'
const ENDPOINT = 'http://127.0.0.1:4012'
const storage = new Storage({
  apiEndpoint: ENDPOINT,
  projectId: 'mock-project',
  credentials: { client_email: CLIENT_EMAIL, private_key: keys.privateKeyPem },
})

const library = async (key: string, action: 'read' | 'write', now: Date, seconds: number, contentType?: string) => {
  const [url] = await storage
    .bucket('bucket-1')
    .file(key)
    .getSignedUrl({ version: 'v4', action, contentType, accessibleAt: now, expires: now.getTime() + seconds * 1000 })
  return url
}

const ours = (key: string, action: 'read' | 'write', now: Date, seconds: number, contentType?: string) =>
  signGoog4Url({
    endpoint: ENDPOINT,
    bucket: 'bucket-1',
    key,
    method: action === 'read' ? 'GET' : 'PUT',
    contentType,
    clientEmail: CLIENT_EMAIL,
    privateKey: keys.privateKey,
    now,
    expiresInSeconds: seconds,
  })

describe('signGoog4Url', () => {
  // RSA PKCS #1 v1.5 signatures are deterministic: the same key, time and request give the same URL. The times lie
  // ahead because the library refuses to sign an expiry in the past.
  const cases: Array<[string, 'read' | 'write', Date, number, string | undefined]> = [
    ['a/b.png', 'write', new Date('2027-03-01T12:00:00.000Z'), 900, 'image/png'],
    ["srr-images/a b (1)!'*~.jpg", 'write', new Date('2027-03-01T12:00:00.999Z'), 3600, 'image/jpeg'],
    ['ünï/cödé/日本.webp', 'read', new Date('2027-11-22T23:59:59.500Z'), 1, 'image/webp'],
    ['plain', 'read', new Date('2027-01-31T00:00:00.001Z'), 604800, undefined],
    ['a+b=c&d?e#f%g', 'write', new Date('2027-06-15T08:30:15.250Z'), 59.5, 'application/octet-stream'],
  ]
  for (const [key, action, now, seconds, contentType] of cases) {
    it(`makes the URL @google-cloud/storage makes: ${action} ${JSON.stringify(key)} at ${now.toISOString()}`, async () => {
      expect(await ours(key, action, now, seconds, contentType)).toBe(
        await library(key, action, now, seconds, contentType),
      )
    })
  }

  it("makes URLs the mock's verifier accepts, and refuses once the path is changed", async () => {
    const now = new Date()
    const url = new URL(await ours('x/y z.png', 'write', now, 600, 'image/png'))
    const verify = (u: URL) =>
      verifyGoog4Query({
        method: 'PUT',
        url: u,
        headers: new Headers({ host: u.host, 'content-type': 'image/png' }),
        now,
        publicKeyFor: (email) => (email === CLIENT_EMAIL ? keys.publicKey : undefined),
      })
    expect((await verify(url)).ok).toBe(true)
    const moved = new URL(url)
    moved.pathname = '/bucket-1/x/other.png'
    expect(await verify(moved)).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } })
  })
})
