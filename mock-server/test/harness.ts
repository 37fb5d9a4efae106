import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type MockServer, startMockServer } from '../src/index.ts'

export interface MockConfig {
  api: string
  nft2: { apiKey: string }
  startrail: { apiKey: string; issuerAddress: string }
  leonardo: { apiKey: string }
  typebot: { token: string }
  s3: {
    endpoint: string
    region: string
    accessKeyId: string
    secretAccessKey: string
    buckets: { ipfs: string; uploads: string }
  }
  gcs: { endpoint: string; bucket: string; serviceAccount: { client_email: string; private_key: string } }
}

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

export const objects = async (url: string) =>
  (await (await fetch(`${url}/__objects`)).json()) as Array<{
    bucket: string
    key: string
    size: number
    sha256: string
    contentType: string
    cid?: string
  }>

export const stats = async (url: string) =>
  (await (await fetch(`${url}/__stats`)).json()) as {
    presign: Record<string, number>
    storage: Record<string, Record<string, number>>
  }

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

export const sha256 = async (bytes: Uint8Array) => {
  const { createHash } = await import('node:crypto')
  return createHash('sha256').update(bytes).digest('hex')
}
