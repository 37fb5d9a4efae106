// The kit's browser bundles, built as an app's bundler builds them, hold none of the vendor secrets: only the
// presign proxies (`@uppy-presign/server`, on the app's backend) ever hold a key. The static Storybook is checked
// the same way in static-storybook.e2e.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundle } from '../bench/bundle.ts'
import type { MockConfig } from '../mock-server/src/controls/answers.ts'
import { type MockServer, startMockServer } from '../mock-server/src/index.ts'

/** What the app backend holds and the browser must never see, as the running mock hands them out. */
function vendorSecrets(config: MockConfig): Record<string, string> {
  return {
    'nft2.apiKey': config.nft2.apiKey,
    'startrail.apiKey': config.startrail.apiKey,
    'leonardo.apiKey': config.leonardo.apiKey,
    'typebot.token': config.typebot.token,
    's3.secretAccessKey': config.s3.secretAccessKey,
    // A line from the middle of the PEM body: enough to find the key in any bundle, whatever wraps it.
    'gcs.private_key': config.gcs.serviceAccount.private_key.split('\n')[5] ?? '',
  }
}

const PACKAGES = ['core', 'ipfs', 'gcs', 's3-post', 'react'] as const

let mock: MockServer
let secrets: Record<string, string>

beforeAll(async () => {
  mock = await startMockServer({ port: 0 })
  secrets = vendorSecrets((await (await fetch(`${mock.url}/__config`)).json()) as MockConfig)
})
afterAll(async () => {
  await mock?.close()
})

describe('browser bundles hold no vendor secret', () => {
  it('the secrets to look for are real ones (non-empty, from /__config)', () => {
    for (const [name, value] of Object.entries(secrets)) expect(value.length, name).toBeGreaterThan(10)
  })

  for (const name of PACKAGES) {
    it(`@uppy-presign/${name}`, async () => {
      // Every export, the lazily loaded chunks too; the flow plugins are their packages' default exports.
      const plugin = name === 'core' || name === 'react' ? '' : `\nexport { default } from '@uppy-presign/${name}'`
      const all = `export * from '@uppy-presign/${name}'${plugin}`
      const { code, minGzipBytes } = await bundle(all)
      expect(minGzipBytes).toBeGreaterThan(500)
      for (const [secret, value] of Object.entries(secrets)) expect(code.includes(value), secret).toBe(false)
    })
  }
})
