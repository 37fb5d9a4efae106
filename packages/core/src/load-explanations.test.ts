import { afterEach, describe, expect, it, vi } from 'vitest'

type Thrown = { message: string; info: Record<string, unknown> }

/** What `run` throws or rejects with: the fallback explanations throw their error rather than return it. */
const thrown = (run: () => unknown): Promise<Thrown> =>
  Promise.resolve()
    .then(run)
    .then(
      () => expect.fail('expected a throw'),
      (error: Thrown) => error,
    )

afterEach(() => {
  vi.doUnmock('./failure-explanations.ts')
  vi.resetModules()
})

describe('explanations', () => {
  it('loads the failure explanations on demand', async () => {
    const { explanations } = await import('./load-explanations.ts')
    const { storageError } = await explanations('a.png', 503)
    const error = storageError({ status: 503, body: '<Error><Code>SlowDown</Code></Error>', fileName: 'a.png' })
    expect(error.info).toMatchObject({ kind: 'rate-limited', status: 503, retryable: true })
  })

  it('still reports the failure, by status, when they cannot be loaded (the page’s own server gone too)', async () => {
    // The chunk's load failing, as a dynamic import fails offline: nothing else in this test is stood in for.
    vi.doMock('./failure-explanations.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    const { explanations } = await import('./load-explanations.ts')
    const { storageError, vendorApiError } = await explanations('a.png', 503)
    const error = await thrown(() => storageError({ status: 503, body: '', fileName: 'a.png' }))
    // The module graph was loaded afresh for this test: its UploadError is that graph's class.
    expect(error).toBeInstanceOf((await import('./upload-error.ts')).UploadError)
    expect(error.message).toMatch(
      /^a\.png: the request was refused \(status 503\); its explanation could not be loaded/,
    )
    expect(error.info).toMatchObject({ kind: 'server', status: 503, retryable: true })
    expect(
      (await thrown(() => vendorApiError({ vendor: 'NFT2', status: 400, body: {}, fileNames: ['a.png'] }))).message,
    ).toBe(error.message)

    // No answer at all: worth retrying. No request answered (an unusable presign answer): not.
    const offline = await thrown(async () => (await explanations('b.png', 0)).networkError({ fileName: 'b.png' }))
    const unusable = await thrown(async () => (await explanations('c.png')).unusablePresignUrl('c.png', ''))
    expect(offline.message).toMatch(/^b\.png: no response \(status 0\); its explanation could not be loaded/)
    expect(offline.info).toMatchObject({ kind: 'network', retryable: true })
    expect(unusable.message).toMatch(/^c\.png: the upload failed; its explanation could not be loaded/)
    expect(unusable.info).toMatchObject({ kind: 'storage', retryable: false })
  })
})
