import { afterAll, beforeAll, beforeEach } from 'vitest'
import { bytesOf } from '../../test/generated-bytes.ts'
import type { MockConfig, MockObject, MockStats } from '../src/controls/answers.ts'
import { type MockServer, startMockServer } from '../src/index.ts'

export type { MockConfig, MockObject, MockStats }

/**
 * One real mock server per test file, on free loopback ports, reset before each test. Tests talk to it over HTTP
 * only and read credentials and endpoints from `/__config`, as any client would.
 */
export function useMockServer() {
  const ctx = {} as { server: MockServer; url: string; config: MockConfig }
  beforeAll(async () => {
    ctx.server = await startMockServer({ port: 0 })
    ctx.url = ctx.server.url
    ctx.config = (await (await fetch(`${ctx.url}/__config`)).json()) as MockConfig
  })
  afterAll(async () => {
    await ctx.server?.close()
  })
  beforeEach(async () => {
    await fetch(`${ctx.url}/__reset`, { method: 'POST' })
  })
  return ctx
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return {
    status: response.status,
    headers: response.headers,
    // biome-ignore lint/suspicious/noExplicitAny: tests read vendor JSON of many shapes
    json: json as any,
    text,
  }
}

/**
 * NFT2's token exchange as its SDK makes it (`POST {api}/auth/api-key/{apiKey}`, body `{}`): the answer's tokens, and
 * the header every other NFT2 call carries.
 */
export async function nft2Tokens(url: string, apiKey: string) {
  const res = await postJson(`${url}/nft2/auth/api-key/${apiKey}`, {})
  if (res.status !== 200) throw new Error(`NFT2 token exchange refused: ${res.text}`)
  const tokens = res.json as { accessToken: string; refreshToken: string; expiresIn: number }
  return { ...tokens, headers: { authorization: `Bearer ${tokens.accessToken}` } }
}

export const revokeNft2Tokens = (url: string, body: { accessOnly?: boolean } = {}) =>
  postJson(`${url}/__nft2/revoke-tokens`, body)

/**
 * Starts a Typebot chat session at a block (a file input unless told), or moves one there, through the mock's control
 * route: `generate-upload-url` signs only for a session waiting at a block that takes files. `/__reset` ends them all.
 */
export async function typebotSession(url: string, sessionId: string, currentBlock?: Record<string, unknown> | null) {
  const answer = await postJson(`${url}/__typebot/sessions`, {
    sessionId,
    ...(currentBlock === undefined ? {} : { currentBlock }),
  })
  if (answer.status >= 300) throw new Error(`POST /__typebot/sessions ${answer.status}: ${answer.text}`)
  return answer.json as { sessionId: string; currentBlock: Record<string, unknown> | null }
}

export const objects = async (url: string) => (await (await fetch(`${url}/__objects`)).json()) as MockObject[]

export const stats = async (url: string) => (await (await fetch(`${url}/__stats`)).json()) as MockStats

export const setFault = async (url: string, fault: Record<string, unknown>) => {
  const response = await fetch(`${url}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  })
  if (response.status !== 201) throw new Error(`fault refused: ${await response.text()}`)
}

export const advanceClock = (url: string, advanceMs: number) =>
  fetch(`${url}/__clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  })

/** The text of an XML element in an S3/GCS error body. */
export const xmlField = (xml: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]

/** Like `xmlField`, with the five XML entities decoded: the text as a client would show it. */
export const xmlText = (xml: string, name: string) =>
  xmlField(xml, name)?.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '',
  )

/** Bytes a `fetch` body or a `Blob` takes (not backed by a SharedArrayBuffer). */
export type Bytes = Uint8Array<ArrayBuffer>

/** A raw upload (S3 / GCS presigned PUT or GET) and what came back, body as text. */
export async function send(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init)
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, headers: response.headers, bytes, text: new TextDecoder().decode(bytes) }
}

/** A browser-style POST-policy upload: every field first, the file last, in a part named `file`. */
export function postForm(url: string, fields: Record<string, string>, file: Bytes, fileName = 'upload.bin') {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append('file', new Blob([file]), fileName)
  return send(url, { method: 'POST', body: form })
}

export { bytesOf }

/** The first bytes of real image formats followed by filler: enough for a magic-number check. */
export const imageBytes = {
  png: () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...bytesOf(200, 7)]),
  jpeg: () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, ...bytesOf(200, 8)]),
  webp: () =>
    Uint8Array.from([
      ...new TextEncoder().encode('RIFF'),
      200,
      0,
      0,
      0,
      ...new TextEncoder().encode('WEBP'),
      ...bytesOf(200, 9),
    ]),
}

/** The CIDv0 that Debian's `ipfs_cid` (an implementation independent of ours) prints for these bytes. */
export async function ipfsCid(bytes: Uint8Array): Promise<string> {
  const { execFile } = await import('node:child_process')
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'ipfs-cid-'))
  try {
    const path = join(dir, 'input')
    await writeFile(path, bytes)
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('ipfs_cid', [path], (error, out) => (error ? reject(error) : resolve(out))),
    )
    return (JSON.parse(stdout) as { CIDv0: string }).CIDv0
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// ---- Signing with the real libraries, from what `/__config` hands out (storage, faults, CORS and controls tests).

/** An S3 client for the mock's dev credentials; `WHEN_REQUIRED` keeps the SDK's empty-body CRC32 out of URLs. */
export async function s3Client(
  config: MockConfig,
  options: { defaultChecksums?: boolean; secretAccessKey?: string } = {},
) {
  const { S3Client } = await import('@aws-sdk/client-s3')
  return new S3Client({
    region: config.s3.region,
    endpoint: config.s3.endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: config.s3.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? config.s3.secretAccessKey,
    },
    ...(options.defaultChecksums ? {} : { requestChecksumCalculation: 'WHEN_REQUIRED' as const }),
  })
}

/** A presigned SigV4 PUT as `getSignedUrl` makes it; with `contentType`, Content-Type is a signed header. */
export async function presignPut(
  config: MockConfig,
  target: { bucket: string; key: string; contentType?: string; expiresIn?: number; defaultChecksums?: boolean },
) {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3')
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner')
  const client = await s3Client(config, { defaultChecksums: target.defaultChecksums })
  return getSignedUrl(
    client,
    new PutObjectCommand({ Bucket: target.bucket, Key: target.key, ContentType: target.contentType }),
    {
      expiresIn: target.expiresIn ?? 60,
      ...(target.contentType ? { signableHeaders: new Set(['content-type']) } : {}),
    },
  )
}

/** A presigned SigV4 GET or HEAD. */
export async function presignRead(config: MockConfig, method: 'GET' | 'HEAD', bucket: string, key: string) {
  const { GetObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3')
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner')
  const command =
    method === 'GET'
      ? new GetObjectCommand({ Bucket: bucket, Key: key })
      : new HeadObjectCommand({ Bucket: bucket, Key: key })
  return getSignedUrl(await s3Client(config), command, { expiresIn: 60 })
}

/** The GCS bucket of `/__config` through `@google-cloud/storage`, signing offline with the service account. */
export async function gcsBucket(config: MockConfig) {
  const { Storage } = await import('@google-cloud/storage')
  return new Storage({
    apiEndpoint: config.gcs.endpoint,
    credentials: config.gcs.serviceAccount,
    projectId: 'x',
  }).bucket(config.gcs.bucket)
}

/**
 * A request over node:http that writes `body` chunk by chunk with backpressure and never holds more than one chunk,
 * so a test can send hundreds of MB, or declare a Content-Length and stop early (`end: false`). Resolves with the
 * answer and whether it came before the request was ended; rejects on a socket error or after `timeoutMs`.
 */
export async function streamRequest(
  url: string,
  options: {
    method: string
    headers: Record<string, string>
    body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>
    end?: boolean
    timeoutMs?: number
  },
) {
  const { request } = await import('node:http')
  type Answer = { status: number; headers: Record<string, unknown>; text: string; answeredEarly: boolean }
  return new Promise<Answer>((resolve, reject) => {
    let ended = false
    let answered = false
    const req = request(url, { method: options.method, headers: options.headers })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error(`no answer within ${options.timeoutMs} ms`))
    }, options.timeoutMs ?? 60_000)
    req.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    req.on('response', (res) => {
      answered = true
      const answeredEarly = !ended
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        clearTimeout(timer)
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
          answeredEarly,
        })
        if (!ended) req.destroy()
      })
    })
    ;(async () => {
      for await (const chunk of options.body) {
        if (answered || req.destroyed) return
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r))
      }
      if (options.end !== false && !answered) {
        ended = true
        req.end()
      }
    })().catch(reject)
  })
}
