import { createHash } from 'node:crypto'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { describe, expect, it } from 'vitest'
import {
  type Bytes,
  bytesOf,
  gcsBucket,
  nft2Tokens,
  objects,
  presignPut,
  presignRead,
  s3Client,
  setFault,
  typebotSession,
  useMockServer,
  xmlField,
  xmlText,
} from './harness.ts'

const mock = useMockServer()
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const HELLO = new TextEncoder().encode('hello world\n')
const HELLO_CID = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'
const ORIGIN = 'http://localhost:5173'

type TargetName = 'nft2' | 'startrail' | 'leonardo' | 'typebot' | 's3-put' | 's3-post' | 'gcs'

interface Target {
  name: TargetName
  /** The status of a request that no fault touches. */
  ok: number
  /** Stores `body` (storage) or asks for one upload URL (vendor API); `n` keeps names unique. */
  send: (n: number, body?: Bytes, headers?: Record<string, string>) => Promise<Response>
  storage: boolean
}

const json = (url: string, body: unknown, headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

const TARGETS: Target[] = [
  {
    name: 'nft2',
    ok: 200,
    storage: false,
    send: async (n) =>
      json(
        `${mock.url}/nft2/upload/presigned-image`,
        { files: [{ fileName: `f${n}.png`, mimeType: 'image/png' }] },
        (await nft2Tokens(mock.url, mock.config.nft2.apiKey)).headers,
      ),
  },
  {
    name: 'startrail',
    ok: 201,
    storage: false,
    send: (n) =>
      json(
        `${mock.url}/startrail/port/api/v1/commerce/signedUrls`,
        { action: 'write', payload: [{ filename: `f${n}-${Date.now()}.png`, category: 'artwork' }] },
        { 'commerce-api-key': mock.config.startrail.apiKey, 'issuer-address': mock.config.startrail.issuerAddress },
      ),
  },
  {
    name: 'leonardo',
    ok: 200,
    storage: false,
    send: () =>
      json(
        `${mock.url}/leonardo/api/rest/v1/init-image`,
        { extension: 'png' },
        { authorization: `Bearer ${mock.config.leonardo.apiKey}` },
      ),
  },
  {
    name: 'typebot',
    ok: 200,
    storage: false,
    send: async (n) => {
      await typebotSession(mock.url, 'session-1')
      return json(
        `${mock.url}/typebot/api/v2/generate-upload-url`,
        { sessionId: 'session-1', fileName: `f${n}.png` },
        { authorization: `Bearer ${mock.config.typebot.token}` },
      )
    },
  },
  {
    name: 's3-put',
    ok: 200,
    storage: true,
    send: async (n, body = HELLO, headers = {}) =>
      fetch(await presignPut(mock.config, { bucket: mock.config.s3.buckets.ipfs, key: `f${n}.bin` }), {
        method: 'PUT',
        body,
        headers,
      }),
  },
  {
    name: 's3-post',
    ok: 204,
    storage: true,
    send: async (n, body = HELLO, headers = {}) => {
      const { url, fields } = await createPresignedPost(await s3Client(mock.config), {
        Bucket: mock.config.s3.buckets.uploads,
        Key: `f${n}.bin`,
        Expires: 60,
      })
      const form = new FormData()
      for (const [name, value] of Object.entries(fields)) form.append(name, value)
      form.append('file', new Blob([body]), 'f.bin')
      return fetch(url, { method: 'POST', body: form, headers })
    },
  },
  {
    name: 'gcs',
    ok: 200,
    storage: true,
    send: async (n, body = HELLO, headers = {}) => {
      const [url] = await (await gcsBucket(mock.config))
        .file(`f${n}.bin`)
        .getSignedUrl({ version: 'v4', action: 'write', contentType: 'image/png', expires: Date.now() + 60_000 })
      return fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png', ...headers } })
    },
  },
]
const STORAGE = TARGETS.filter((t) => t.storage)
const VENDORS = TARGETS.filter((t) => !t.storage)
const target = (name: TargetName) => TARGETS.find((t) => t.name === name) as Target

const faultList = async () => (await (await fetch(`${mock.url}/__faults`)).json()) as Array<Record<string, unknown>>

async function postFault(spec: unknown) {
  const response = await fetch(`${mock.url}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof spec === 'string' ? spec : JSON.stringify(spec),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** Reads the whole answer and records when it was complete. */
const finish = (order: string[], label: string) => async (response: Response) => {
  const bytes = new Uint8Array(await response.arrayBuffer())
  order.push(label)
  return { status: response.status, bytes, headers: response.headers }
}

describe('faults: POST /__faults, DELETE /__faults', () => {
  describe('status', () => {
    it.each(TARGETS.map((t) => [t.name, t] as const))(
      '%s: 429 with Retry-After fires `count` (2) times, then the fault is gone',
      async (_, t) => {
        await setFault(mock.url, { target: t.name, kind: 'status', status: 429, retryAfterSeconds: 7, count: 2 })
        for (const n of [1, 2]) {
          const response = await t.send(n)
          expect(response.status).toBe(429)
          expect(response.headers.get('retry-after')).toBe('7')
          const text = await response.text()
          if (t.storage) expect(xmlField(text, 'Code')).toBe('SlowDown')
          else expect(() => JSON.parse(text)).not.toThrow()
        }
        expect(await faultList()).toEqual([])
        expect((await t.send(3)).status).toBe(t.ok)
        if (t.storage) expect((await objects(mock.url)).map((o) => o.key)).toEqual(['f3.bin'])
      },
    )

    it('without count it keeps firing; without status it is 503 and without retryAfterSeconds no Retry-After', async () => {
      await setFault(mock.url, { target: 'gcs', kind: 'status' })
      for (const n of [1, 2, 3]) {
        const response = await target('gcs').send(n)
        expect(response.status).toBe(503)
        expect(response.headers.get('retry-after')).toBeNull()
      }
      expect(await faultList()).toEqual([expect.objectContaining({ target: 'gcs', kind: 'status', fired: 3 })])
      expect(await objects(mock.url)).toEqual([])
    })

    it('500 on S3 is InternalError in S3 words', async () => {
      await setFault(mock.url, { target: 's3-put', kind: 'status', status: 500, count: 1 })
      const response = await target('s3-put').send(1)
      expect(response.status).toBe(500)
      const text = await response.text()
      expect(xmlField(text, 'Code')).toBe('InternalError')
      expect(xmlText(text, 'Message')).toBe('We encountered an internal error. Please try again.')
    })

    it('one fault per request, the oldest first', async () => {
      await setFault(mock.url, { target: 'nft2', kind: 'status', status: 500, count: 1 })
      await setFault(mock.url, { target: 'nft2', kind: 'status', status: 502, count: 1 })
      const statuses = []
      for (const n of [1, 2, 3]) statuses.push((await target('nft2').send(n)).status)
      expect(statuses).toEqual([500, 502, 200])
    })

    it('another target is not touched', async () => {
      await setFault(mock.url, { target: 's3-post', kind: 'status', status: 503 })
      expect((await target('s3-put').send(1)).status).toBe(200)
      expect((await target('nft2').send(1)).status).toBe(200)
    })
  })

  describe('probability', () => {
    it('must be a number in (0, 1]', async () => {
      for (const probability of [0, -0.1, 1.5, '0.5']) {
        const answer = await postFault({ target: 'nft2', kind: 'status', probability })
        expect(answer).toEqual({ status: 400, body: { error: 'probability must be in (0, 1]' } })
      }
      expect((await postFault({ target: 'nft2', kind: 'status', probability: 1 })).status).toBe(201)
    })

    it('0.5 hits some requests and spares others', async () => {
      await setFault(mock.url, { target: 'nft2', kind: 'status', status: 503, probability: 0.5 })
      const statuses: number[] = []
      for (let n = 0; n < 60; n++) statuses.push((await target('nft2').send(n)).status)
      const hits = statuses.filter((s) => s === 503).length
      // Binomial(60, 0.5): outside [10, 50] has a probability below 1e-7.
      expect(hits).toBeGreaterThanOrEqual(10)
      expect(hits).toBeLessThanOrEqual(50)
      expect(hits + statuses.filter((s) => s === 200).length).toBe(60)
    })
  })

  describe('expire', () => {
    it.each([
      ['s3-put', 403, 'AccessDenied'],
      ['s3-post', 403, 'AccessDenied'],
      ['gcs', 400, 'ExpiredToken'],
    ] as const)('%s answers as for a lapsed URL (%i %s), stores nothing, once', async (name, status, code) => {
      await setFault(mock.url, { target: name, kind: 'expire', count: 1 })
      const response = await target(name).send(1)
      expect(response.status).toBe(status)
      const text = await response.text()
      expect(xmlField(text, 'Code')).toBe(code)
      if (name !== 'gcs') expect(xmlText(text, 'Message')).toBe('Request has expired')
      else expect(xmlText(text, 'Details')).toMatch(/expired/i)
      expect(await objects(mock.url)).toEqual([])
      expect((await target(name).send(2)).status).toBe(target(name).ok)
    })

    it.each(VENDORS.map((t) => t.name))('is refused for the vendor API %s', async (name) => {
      expect(await postFault({ target: name, kind: 'expire' })).toEqual({
        status: 400,
        body: { error: `kind expire does not apply to target ${name}` },
      })
    })
  })

  describe('reset', () => {
    it.each(TARGETS.map((t) => [t.name, t] as const))(
      '%s: the connection is destroyed (fetch rejects with a network error) and nothing is stored',
      async (_, t) => {
        await setFault(mock.url, { target: t.name, kind: 'reset', count: 1 })
        await expect(t.send(1, bytesOf(1024 * 1024, 3))).rejects.toThrow(TypeError)
        expect(await objects(mock.url)).toEqual([])
        expect((await t.send(2)).status).toBe(t.ok)
      },
    )
  })

  describe('delay', () => {
    it.each(TARGETS.map((t) => [t.name, t] as const))(
      '%s: a delayed request finishes after a later undelayed one, and still succeeds',
      async (_, t) => {
        await setFault(mock.url, { target: t.name, kind: 'delay', delayMs: 800, count: 1 })
        const order: string[] = []
        const delayed = t.send(1).then(finish(order, 'delayed'))
        // Once the fault is spent, the delayed request is the one holding it.
        await expect.poll(faultList).toEqual([])
        const plain = await t.send(2).then(finish(order, 'plain'))
        expect(plain.status).toBe(t.ok)
        expect((await delayed).status).toBe(t.ok)
        expect(order).toEqual(['plain', 'delayed'])
        if (t.storage) expect((await objects(mock.url)).map((o) => o.sha256)).toEqual([sha(HELLO), sha(HELLO)])
      },
    )
  })

  describe('drip', () => {
    it.each(STORAGE.map((t) => [t.name, t] as const))(
      '%s: the upload body drips in slower than an undelayed one, and arrives intact',
      async (_, t) => {
        const body = bytesOf(1024 * 1024, 12)
        await setFault(mock.url, { target: t.name, kind: 'drip', delayMs: 40, count: 1 })
        const order: string[] = []
        const dripped = t.send(1, body).then(finish(order, 'dripped'))
        await expect.poll(faultList).toEqual([])
        const plain = await t.send(2, body).then(finish(order, 'plain'))
        expect(plain.status).toBe(t.ok)
        expect((await dripped).status).toBe(t.ok)
        expect(order).toEqual(['plain', 'dripped'])
        expect((await objects(mock.url)).map((o) => o.sha256)).toEqual([sha(body), sha(body)])
      },
    )

    const schema: Record<string, (body: Record<string, unknown>) => void> = {
      nft2: (b) => expect(b).toEqual({ urls: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:/)] }),
      startrail: (b) =>
        expect(b).toEqual({
          results: [
            {
              filename: expect.any(String),
              contentType: 'image/png',
              url: expect.any(String),
              finalUrl: expect.any(String),
            },
          ],
        }),
      leonardo: (b) =>
        expect(b).toEqual({
          uploadInitImage: {
            id: expect.any(String),
            fields: expect.any(String),
            key: expect.any(String),
            url: expect.any(String),
          },
        }),
      typebot: (b) =>
        expect(b).toEqual({
          presignedUrl: expect.any(String),
          formData: expect.any(Object),
          fileUrl: expect.any(String),
        }),
    }

    it.each(VENDORS.map((t) => [t.name, t] as const))(
      '%s: the presign response drips out slower than an undelayed one, and parses to the full schema',
      async (_, t) => {
        await setFault(mock.url, { target: t.name, kind: 'drip', delayMs: 10, count: 1 })
        const order: string[] = []
        const dripped = t.send(1).then(finish(order, 'dripped'))
        await expect.poll(faultList).toEqual([])
        await t.send(2).then(finish(order, 'plain'))
        const answer = await dripped
        expect(answer.status).toBe(t.ok)
        expect(order).toEqual(['plain', 'dripped'])
        schema[t.name]?.(JSON.parse(new TextDecoder().decode(answer.bytes)))
      },
    )
  })

  describe('hide-header', () => {
    const exposed = (headers: Headers) =>
      (headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim().toLowerCase())

    it('s3-put (default x-amz-meta-cid): the CID is sent but not exposed; ETag stays exposed', async () => {
      await setFault(mock.url, { target: 's3-put', kind: 'hide-header', count: 1 })
      const response = await target('s3-put').send(1, HELLO, { origin: ORIGIN })
      expect(response.status).toBe(200)
      expect(response.headers.get('x-amz-meta-cid')).toBe(HELLO_CID)
      expect(exposed(response.headers)).not.toContain('x-amz-meta-cid')
      expect(exposed(response.headers)).toContain('etag')
      // Once spent, the next upload exposes it again.
      const next = await target('s3-put').send(2, HELLO, { origin: ORIGIN })
      expect(exposed(next.headers)).toContain('x-amz-meta-cid')
    })

    it('s3-post with header ETag: ETag sent, not exposed; Location still exposed', async () => {
      await setFault(mock.url, { target: 's3-post', kind: 'hide-header', header: 'ETag' })
      const response = await target('s3-post').send(1, HELLO, { origin: ORIGIN })
      expect(response.status).toBe(204)
      expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
      expect(exposed(response.headers)).not.toContain('etag')
      expect(exposed(response.headers)).toContain('location')
    })

    it('gcs (default ETag): ETag sent, not exposed; x-goog-hash still exposed', async () => {
      await setFault(mock.url, { target: 'gcs', kind: 'hide-header' })
      const response = await target('gcs').send(1, HELLO, { origin: ORIGIN })
      expect(response.status).toBe(200)
      expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/)
      expect(exposed(response.headers)).not.toContain('etag')
      expect(exposed(response.headers)).toContain('x-goog-hash')
    })

    it.each(VENDORS.map((t) => t.name))('is refused for the vendor API %s', async (name) => {
      expect((await postFault({ target: name, kind: 'hide-header' })).body).toEqual({
        error: `kind hide-header does not apply to target ${name}`,
      })
    })
  })

  describe('wrong-cid', () => {
    it('s3-put: the PUT answer claims another valid CID than the stored one; HEAD then tells the truth', async () => {
      await setFault(mock.url, { target: 's3-put', kind: 'wrong-cid', count: 1 })
      const response = await target('s3-put').send(1)
      expect(response.status).toBe(200)
      const claimed = response.headers.get('x-amz-meta-cid')
      expect(claimed).toMatch(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
      expect(claimed).not.toBe(HELLO_CID)
      expect((await objects(mock.url))[0]?.cid).toBe(HELLO_CID)
      const head = await fetch(await presignRead(mock.config, 'HEAD', mock.config.s3.buckets.ipfs, 'f1.bin'), {
        method: 'HEAD',
      })
      expect(head.headers.get('x-amz-meta-cid')).toBe(HELLO_CID)
    })

    it.each(TARGETS.filter((t) => t.name !== 's3-put').map((t) => t.name))('is refused for %s', async (name) => {
      expect((await postFault({ target: name, kind: 'wrong-cid' })).body).toEqual({
        error: `kind wrong-cid does not apply to target ${name}`,
      })
    })
  })

  describe('malformed', () => {
    const broken: Record<string, (body: Record<string, unknown>) => void> = {
      // One URL fewer than files asked for.
      nft2: (b) => expect(b).toEqual({ urls: [] }),
      // No contentType: the client cannot match the signed Content-Type.
      startrail: (b) => expect((b.results as Array<Record<string, unknown>>)[0]).not.toHaveProperty('contentType'),
      // `fields` is no longer a JSON string.
      leonardo: (b) => expect(() => JSON.parse((b.uploadInitImage as { fields: string }).fields)).toThrow(SyntaxError),
      // No fileUrl.
      typebot: (b) => expect(b).not.toHaveProperty('fileUrl'),
    }

    it.each(VENDORS.map((t) => [t.name, t] as const))(
      '%s: the presign answer breaks its schema, once',
      async (_, t) => {
        await setFault(mock.url, { target: t.name, kind: 'malformed', count: 1 })
        const response = await t.send(1)
        expect(response.status).toBe(t.ok)
        broken[t.name]?.((await response.json()) as Record<string, unknown>)
        const next = (await (await t.send(2)).json()) as Record<string, unknown>
        expect(() => broken[t.name]?.(next)).toThrow()
      },
    )

    it.each(STORAGE.map((t) => t.name))('is refused for the storage target %s', async (name) => {
      expect((await postFault({ target: name, kind: 'malformed' })).body).toEqual({
        error: `kind malformed does not apply to target ${name}`,
      })
    })
  })

  describe('invalid specs → 400 naming the rule, nothing added', () => {
    const targets = 'nft2, startrail, leonardo, typebot, s3-put, s3-post, gcs, gcs-get'
    const kinds = 'status, delay, drip, reset, malformed, expire, hide-header, wrong-cid, generation-failed'
    it.each([
      ['not JSON', 'target=gcs', 'body must be a JSON object {target, kind, …}'],
      ['JSON null', 'null', 'body must be a JSON object {target, kind, …}'],
      ['no target', { kind: 'status' }, `target must be one of ${targets}`],
      ['unknown target', { target: 'ftp', kind: 'status' }, `target must be one of ${targets}`],
      ['no kind', { target: 'gcs' }, `kind must be one of ${kinds}`],
      ['unknown kind', { target: 'gcs', kind: 'boom' }, `kind must be one of ${kinds}`],
      ['inherited name as kind', { target: 'gcs', kind: 'constructor' }, `kind must be one of ${kinds}`],
      ['count 0', { target: 'gcs', kind: 'reset', count: 0 }, 'count must be a positive integer'],
      ['count 1.5', { target: 'gcs', kind: 'reset', count: 1.5 }, 'count must be a positive integer'],
      ['count "2"', { target: 'gcs', kind: 'reset', count: '2' }, 'count must be a positive integer'],
      ['status 200', { target: 'gcs', kind: 'status', status: 200 }, 'status must be an HTTP error status (400–599)'],
      ['status 600', { target: 'gcs', kind: 'status', status: 600 }, 'status must be an HTTP error status (400–599)'],
      ['delayMs -1', { target: 'gcs', kind: 'delay', delayMs: -1 }, 'delayMs must be a number of milliseconds ≥ 0'],
      [
        'delayMs "slow"',
        { target: 'gcs', kind: 'drip', delayMs: 'slow' },
        'delayMs must be a number of milliseconds ≥ 0',
      ],
      [
        'retryAfterSeconds -1',
        { target: 'gcs', kind: 'status', retryAfterSeconds: -1 },
        'retryAfterSeconds must be an integer ≥ 0',
      ],
      [
        'retryAfterSeconds "soon"',
        { target: 'gcs', kind: 'status', retryAfterSeconds: 'soon' },
        'retryAfterSeconds must be an integer ≥ 0',
      ],
      ['header ""', { target: 'gcs', kind: 'hide-header', header: '' }, 'header must be a response header name'],
      ['header 5', { target: 'gcs', kind: 'hide-header', header: 5 }, 'header must be a response header name'],
    ])('%s', async (_, spec, error) => {
      expect(await postFault(spec)).toEqual({ status: 400, body: { error } })
      expect(await faultList()).toEqual([])
    })
  })

  it('GET lists the faults with id and fired count; DELETE clears them all', async () => {
    await setFault(mock.url, { target: 'nft2', kind: 'status', status: 500 })
    await setFault(mock.url, { target: 's3-put', kind: 'reset', count: 3 })
    await target('nft2').send(1)
    expect(await faultList()).toEqual([
      expect.objectContaining({ id: expect.any(Number), target: 'nft2', kind: 'status', status: 500, fired: 1 }),
      expect.objectContaining({ id: expect.any(Number), target: 's3-put', kind: 'reset', count: 3, fired: 0 }),
    ])
    const cleared = await fetch(`${mock.url}/__faults`, { method: 'DELETE' })
    expect(cleared.status).toBe(200)
    expect(await faultList()).toEqual([])
    expect((await target('nft2').send(2)).status).toBe(200)
    expect((await target('s3-put').send(2)).status).toBe(200)
  })
})
