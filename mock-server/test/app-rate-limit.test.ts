import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_RATE_LIMIT } from '../src/app-backend.ts'
import { type MockServer, startMockServer } from '../src/index.ts'
import { postJson, stats } from './harness.ts'

// The demo app backend is the kit's proxies as an app deploys them: with the kit's rate limit, counted per connection
// address across the four vendors, cleared by /__reset so that tests and stories each start with a full allowance.

const fromPage = { origin: 'http://localhost:5173' }
const nft2Presign = (url: string) =>
  postJson(`${url}/app/nft2/presigned-image`, { files: [{ fileName: 'a.png', mimeType: 'image/png' }] }, fromPage)

/** `total` calls, `concurrency` at a time: their statuses, and the Retry-After and body of the first 429. */
async function flood(url: string, total: number, concurrency = 16) {
  const statuses: number[] = []
  let refused: Awaited<ReturnType<typeof nft2Presign>> | undefined
  let next = 0
  const worker = async () => {
    while (next < total) {
      next++
      const answer = await nft2Presign(url)
      statuses.push(answer.status)
      if (answer.status === 429) refused ??= answer
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return { statuses, refused }
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length

describe('the demo app backend is rate limited', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockServer({ appRateLimit: { limit: 5, windowMs: 60_000 } })
  })
  afterAll(() => mock?.close())

  it('a flood gets 429 with Retry-After in NFT2 shape; the vendor sees only the allowed calls; /__reset clears it', async () => {
    const { statuses, refused } = await flood(mock.url, 40)
    expect({ passed: count(statuses, 200), refused: count(statuses, 429) }).toEqual({ passed: 5, refused: 35 })
    expect((await stats(mock.url)).presign.nft2).toBe(5)
    const retryAfter = Number(refused?.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // CORS lets the page read it, so the uploader can wait as long as it says.
    expect(refused?.headers.get('access-control-allow-origin')).toBe(fromPage.origin)
    expect(refused?.headers.get('access-control-expose-headers')).toMatch(/retry-after/i)
    expect(refused?.json).toEqual({
      statusCode: 429,
      message: `too many calls: rateLimit "app" allows 5 per 60 s per client; try again in ${retryAfter} s`,
      error: 'Too Many Requests',
    })
    // One allowance across the vendors: Startrail is refused too, in its own shape.
    const startrail = await postJson(
      `${mock.url}/app/startrail/port/api/v1/commerce/signedUrls`,
      { action: 'write', payload: [{ filename: 'a.png', category: 'artwork' }] },
      fromPage,
    )
    expect(startrail.status).toBe(429)
    expect(startrail.json).toMatchObject({ statusCode: 429 })

    await fetch(`${mock.url}/__reset`, { method: 'POST' })
    expect((await nft2Presign(mock.url)).status).toBe(200)
  })

  it('appRateLimit false switches it off (benchmarks that measure the vendors, not the limit)', async () => {
    const unlimited = await startMockServer({ appRateLimit: false })
    try {
      const { statuses } = await flood(unlimited.url, 40)
      expect(count(statuses, 200)).toBe(40)
    } finally {
      await unlimited.close()
    }
  })
})

describe('the default demo limit', () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockServer()
  })
  afterAll(() => mock?.close())

  it(`allows ${APP_RATE_LIMIT.limit} calls per ${APP_RATE_LIMIT.windowMs / 1000} s, then answers 429`, async () => {
    const { statuses } = await flood(mock.url, APP_RATE_LIMIT.limit + 3, 32)
    expect({ passed: count(statuses, 200), refused: count(statuses, 429) }).toEqual({
      passed: APP_RATE_LIMIT.limit,
      refused: 3,
    })
  })
})
