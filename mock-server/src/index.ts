import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { createMockApps, createMockState } from './apps.ts'
import { DEV_SECRETS } from './dev-secrets.ts'
import { nodePlatform } from './platform/node.ts'
import type { AppRateLimit, MockState } from './state.ts'
import { diskBodies } from './storage/disk-bodies.ts'

export interface MockServerOptions {
  /** Port of the vendor APIs and controls; 0 picks a free one. S3 and GCS follow on port+1 and port+2 unless set. */
  port?: number
  s3Port?: number
  gcsPort?: number
  /** Where object bodies are written; a fresh temporary folder (removed on close) by default. */
  dataDir?: string
  /**
   * The demo app backend's (`/app/*`) rate limit per connection address, all vendors together: `APP_RATE_LIMIT`
   * (1,000 calls per 60 s) by default, `false` for none. `/__reset` starts every client's allowance afresh.
   */
  appRateLimit?: AppRateLimit | false
}

export interface MockServer {
  url: string
  s3Url: string
  gcsUrl: string
  state: MockState
  close(): Promise<void>
}

type NodeServer = ReturnType<typeof createAdaptorServer>

/** Loopback only: the mock holds dev credentials and accepts anything signed with them. */
const HOST = '127.0.0.1'

function listen(server: NodeServer, port: number): Promise<number> {
  // Uploads of several GiB may take minutes; Node's default 5-minute request timeout would cut them off.
  const http = server as NodeServer & { requestTimeout: number }
  http.requestTimeout = 0
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port))
  })
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'uppy-presign-mock-')))
  const state = await createMockState({
    platform: nodePlatform,
    bodies: await diskBodies(dataDir),
    secrets: DEV_SECRETS,
    appRateLimit: options.appRateLimit,
  })
  const apps = createMockApps(state)
  const [apiServer, s3Server, gcsServer] = [apps.api, apps.s3, apps.gcs].map((app) =>
    createAdaptorServer({ fetch: app.fetch }),
  ) as [NodeServer, NodeServer, NodeServer]
  const apiPort = await listen(apiServer, options.port ?? 0)
  const follows = (explicit: number | undefined, offset: number) => explicit ?? (options.port ? apiPort + offset : 0)
  const s3Port = await listen(s3Server, follows(options.s3Port, 1))
  const gcsPort = await listen(gcsServer, follows(options.gcsPort, 2))
  state.endpoints.api = `http://${HOST}:${apiPort}`
  state.endpoints.s3 = `http://${HOST}:${s3Port}`
  state.endpoints.gcs = `http://${HOST}:${gcsPort}`

  return {
    url: state.endpoints.api,
    s3Url: state.endpoints.s3,
    gcsUrl: state.endpoints.gcs,
    state,
    async close() {
      await Promise.all(
        [apiServer, s3Server, gcsServer].map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve())
              ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
            }),
        ),
      )
      await state.store.clear()
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
}
