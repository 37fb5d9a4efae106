import { createPrivateKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { advanceClock, nft2Tokens, objects, postJson, presignPut, setFault, stats, useMockServer } from './harness.ts'

const mock = useMockServer()
const HELLO = new TextEncoder().encode('hello world\n')
const HELLO_SHA256 = 'a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447'
const HELLO_CID = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'

const getJson = async (path: string) => {
  const response = await fetch(`${mock.url}${path}`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const putHello = async (bucket: string, key: string, contentType = 'text/plain') =>
  fetch(await presignPut(mock.config, { bucket, key, contentType }), {
    method: 'PUT',
    body: HELLO,
    headers: { 'content-type': contentType },
  })

const presignNft2 = async () =>
  postJson(
    `${mock.url}/nft2/upload/presigned-image`,
    { files: [{ fileName: 'a.png', mimeType: 'image/png' }] },
    (await nft2Tokens(mock.url, mock.config.nft2.apiKey)).headers,
  )

describe('controls', () => {
  it('GET /__health → 200 {ok: true}', async () => {
    expect(await getJson('/__health')).toEqual({ status: 200, body: { ok: true } })
  })

  it('GET /__config has the shape of the issue: dev credentials and loopback endpoints, no public key object', async () => {
    const { status, body } = await getJson('/__config')
    expect(status).toBe(200)
    const endpoint = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(body).toEqual({
      api: mock.url,
      nft2: { apiKey: expect.any(String) },
      startrail: { apiKey: expect.any(String), issuerAddress: expect.stringMatching(/^0x[0-9a-fA-F]{40}$/) },
      leonardo: { apiKey: expect.any(String) },
      typebot: { token: expect.any(String) },
      s3: {
        endpoint,
        region: expect.any(String),
        accessKeyId: expect.any(String),
        secretAccessKey: expect.any(String),
        buckets: { ipfs: expect.any(String), uploads: expect.any(String) },
      },
      gcs: {
        endpoint,
        bucket: expect.any(String),
        serviceAccount: { client_email: expect.stringContaining('@'), private_key: expect.any(String) },
      },
    })
    const { s3, gcs } = body as unknown as typeof mock.config
    // Three separate origins: the API, S3 and GCS.
    expect(new Set([mock.url, s3.endpoint, gcs.endpoint]).size).toBe(3)
    expect(s3.buckets.ipfs).not.toBe(s3.buckets.uploads)
    // The service-account key is a usable PEM private key, as @google-cloud/storage needs it.
    expect(createPrivateKey(gcs.serviceAccount.private_key).asymmetricKeyType).toBe('rsa')
    // The endpoints answer.
    expect((await fetch(`${s3.endpoint}/${s3.buckets.uploads}/x`)).status).toBe(403)
    expect((await fetch(`${gcs.endpoint}/${gcs.bucket}/x`)).status).toBe(403)
  })

  it('GET /__objects lists what storage holds: bucket, key, size, sha256, contentType, and cid for the IPFS bucket', async () => {
    const { s3 } = mock.config
    expect(await objects(mock.url)).toEqual([])
    expect((await putHello(s3.buckets.ipfs, 'a/hello.txt')).status).toBe(200)
    expect((await putHello(s3.buckets.uploads, 'b/hello.txt', 'application/x-hello')).status).toBe(200)
    const listed = await objects(mock.url)
    expect(listed).toEqual([
      expect.objectContaining({
        bucket: s3.buckets.ipfs,
        key: 'a/hello.txt',
        size: 12,
        sha256: HELLO_SHA256,
        contentType: 'text/plain',
        cid: HELLO_CID,
      }),
      expect.objectContaining({
        bucket: s3.buckets.uploads,
        key: 'b/hello.txt',
        size: 12,
        sha256: HELLO_SHA256,
        contentType: 'application/x-hello',
      }),
    ])
    expect(listed[1]).not.toHaveProperty('cid')
    // Where the bytes live on disk is not part of the answer.
    expect(listed[0]).not.toHaveProperty('path')
  })

  it('GET /__stats counts presign calls per vendor and storage requests per route and status', async () => {
    const { s3 } = mock.config
    expect(await stats(mock.url)).toEqual({
      presign: { nft2: 0, startrail: 0, leonardo: 0, typebot: 0 },
      tokens: { nft2: { apiKey: 0, refreshToken: 0 } },
      storage: {},
    })
    expect((await presignNft2()).status).toBe(200)
    expect((await presignNft2()).status).toBe(200)
    await putHello(s3.buckets.uploads, 'ok')
    await fetch(`${s3.endpoint}/${s3.buckets.uploads}/unsigned`, { method: 'PUT', body: HELLO })
    await fetch(`${s3.endpoint}/${s3.buckets.uploads}/unsigned`)
    expect(await stats(mock.url)).toEqual({
      presign: { nft2: 2, startrail: 0, leonardo: 0, typebot: 0 },
      // Each presignNft2() exchanged the API key once; the exchanges are not presign calls.
      tokens: { nft2: { apiKey: 2, refreshToken: 0 } },
      storage: {
        's3-put': { total: 2, 200: 1, 403: 1 },
        's3-get': { total: 1, 403: 1 },
      },
    })
  })

  it('POST /__reset clears objects, stats, faults, the clock and NFT2 tokens', async () => {
    const { s3 } = mock.config
    await putHello(s3.buckets.uploads, 'r')
    const { headers } = await nft2Tokens(mock.url, mock.config.nft2.apiKey)
    await presignNft2()
    await setFault(mock.url, { target: 'gcs', kind: 'status' })
    await advanceClock(mock.url, 3_600_000)
    expect((await objects(mock.url)).length).toBe(1)

    expect(await postJson(`${mock.url}/__reset`, {})).toMatchObject({ status: 200, json: { ok: true } })
    expect(await objects(mock.url)).toEqual([])
    expect(await stats(mock.url)).toEqual({
      presign: { nft2: 0, startrail: 0, leonardo: 0, typebot: 0 },
      tokens: { nft2: { apiKey: 0, refreshToken: 0 } },
      storage: {},
    })
    // NFT2 tokens issued before the reset are gone with it.
    const stale = await postJson(`${mock.url}/nft2/upload/presigned-image`, { files: [] }, headers)
    expect(stale.status).toBe(401)
    expect((await getJson('/__faults')).body).toEqual([])
    expect((await getJson('/__clock')).body).toMatchObject({ offsetMs: 0 })
    // And the store still works afterwards.
    expect((await putHello(s3.buckets.uploads, 'r')).status).toBe(200)
  })

  describe('clock', () => {
    it('GET /__clock tells the mock time; POST {advanceMs} moves it (negative too); DELETE resets it', async () => {
      const before = (await getJson('/__clock')).body as { now: string; offsetMs: number }
      expect(before.offsetMs).toBe(0)
      expect(Math.abs(Date.parse(before.now) - Date.now())).toBeLessThan(5_000)

      const forward = await postJson(`${mock.url}/__clock`, { advanceMs: 7_200_000 })
      expect(forward.status).toBe(200)
      expect(forward.json.offsetMs).toBe(7_200_000)
      expect(Date.parse(forward.json.now) - Date.now()).toBeGreaterThan(7_200_000 - 5_000)

      const back = await postJson(`${mock.url}/__clock`, { advanceMs: -200_000 })
      expect(back.json.offsetMs).toBe(7_000_000)

      const reset = await fetch(`${mock.url}/__clock`, { method: 'DELETE' })
      expect(((await reset.json()) as { offsetMs: number }).offsetMs).toBe(0)
      expect((await getJson('/__clock')).body).toMatchObject({ offsetMs: 0 })
    })

    it.each([
      ['no body', ''],
      ['a string', '{"advanceMs":"60000"}'],
      ['no advanceMs', '{"ms":60000}'],
      ['not finite', '{"advanceMs":1e999}'],
    ])('POST /__clock with %s → 400, clock unchanged', async (_, body) => {
      const answer = await postJson(`${mock.url}/__clock`, body)
      expect(answer.status).toBe(400)
      expect(answer.json.error).toContain('advanceMs')
      expect((await getJson('/__clock')).body).toMatchObject({ offsetMs: 0 })
    })

    it('the storage and the vendor signers read it: a vendor URL lapses when the clock passes its lifetime', async () => {
      const { urls } = (await presignNft2()).json as { urls: string[] }
      const url = urls[0] ?? ''
      const lifetime = Number(new URL(url).searchParams.get('X-Amz-Expires'))
      expect(lifetime).toBeGreaterThan(0)
      await advanceClock(mock.url, (lifetime - 10) * 1000)
      const inTime = await fetch(url, { method: 'PUT', body: HELLO, headers: { 'content-type': 'image/png' } })
      expect(inTime.status).toBe(200)
      await advanceClock(mock.url, 20_000)
      const late = await fetch(url, { method: 'PUT', body: HELLO, headers: { 'content-type': 'image/png' } })
      expect(late.status).toBe(403)
      expect(await late.text()).toContain('<Message>Request has expired</Message>')
      // A URL the vendor signs now, on the moved clock, is valid on the moved clock.
      const fresh = ((await presignNft2()).json as { urls: string[] }).urls[0] ?? ''
      const put = await fetch(fresh, { method: 'PUT', body: HELLO, headers: { 'content-type': 'image/png' } })
      expect(put.status).toBe(200)
    })
  })

  it('an unknown control → 404', async () => {
    expect((await fetch(`${mock.url}/__nope`)).status).toBe(404)
  })
})
