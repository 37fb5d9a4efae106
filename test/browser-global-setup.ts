import type { TestProject } from 'vitest/node'
import { startMockServer } from '../mock-server/src/index.ts'

/**
 * The browser project's mock server. It must run in Node (it streams to disk, signs with node:crypto), so it is
 * started here, once, and only its URLs cross over to the page through `provide`; the page then talks to it over
 * real loopback HTTP, CORS and all, exactly as a deployed app talks to the vendors.
 */
export default async function setup(project: TestProject) {
  const mock = await startMockServer({ port: 0 })
  project.provide('mockUrl', mock.url)
  project.provide('mockS3Url', mock.s3Url)
  project.provide('mockGcsUrl', mock.gcsUrl)
  project.provide('updateScreenshots', process.env.UPDATE_SCREENSHOTS === '1')
  return async () => {
    await mock.close()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Vendor APIs and the `/__…` controls of the mock server, e.g. `http://127.0.0.1:41234`. */
    mockUrl: string
    mockS3Url: string
    mockGcsUrl: string
    /** `UPDATE_SCREENSHOTS=1` (`npm run screenshots`): rewrite `stories/__screenshots__/`. */
    updateScreenshots: boolean
  }
}
