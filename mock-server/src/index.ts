import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import { mountAppBackend } from './app-backend.ts'
import { MockClock } from './clock.ts'
import { createCredentials } from './config.ts'
import { mountControls } from './controls/controls.ts'
import { FaultBook } from './faults/fault-book.ts'
import { cors } from './http/cors.ts'
import type { MockEnv } from './http/env.ts'
import type { MockState } from './state.ts'
import { MockStats } from './stats.ts'
import { gcsApp } from './storage/gcs.ts'
import { ObjectStore } from './storage/object-store.ts'
import { objectResponse, s3App } from './storage/s3.ts'
import { mountLeonardo } from './vendors/leonardo.ts'
import { mountNft2 } from './vendors/nft2.ts'
import { createPresigners } from './vendors/presigners.ts'
import { mountStartrail } from './vendors/startrail.ts'
import { mountTypebot } from './vendors/typebot.ts'

export interface MockServerOptions {
  /** Port of the vendor APIs and controls; 0 picks a free one. S3 and GCS follow on port+1 and port+2 unless set. */
  port?: number
  s3Port?: number
  gcsPort?: number
  /** Where object bodies are written; a fresh temporary folder (removed on close) by default. */
  dataDir?: string
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
  const store = new ObjectStore(dataDir)
  await store.init()
  const state: MockState = {
    credentials: createCredentials(),
    clock: new MockClock(),
    stats: new MockStats(),
    faults: new FaultBook(),
    store,
    endpoints: { api: '', s3: '', gcs: '' },
    onReset: [],
  }

  const api = new Hono<MockEnv>()
  api.use(cors(['Date', 'Retry-After']))
  const presigners = createPresigners(state)
  mountNft2(api, state, presigners)
  mountStartrail(api, state, presigners)
  mountLeonardo(api, state, presigners)
  mountTypebot(api, state, presigners)
  mountAppBackend(api, state)
  mountControls(api, state)
  // A public IPFS gateway for what the IPFS bucket holds, so a CID can be opened as `…/ipfs/<cid>`.
  api.get('/ipfs/:cid', (c) => {
    const object = store.list().find((o) => o.cid === c.req.param('cid'))
    return object ? objectResponse('GET', object, state) : c.text('Not Found', 404)
  })

  const servers = [s3App(state), gcsApp(state)].map((app) => createAdaptorServer({ fetch: app.fetch }))
  const apiServer = createAdaptorServer({ fetch: api.fetch })
  const apiPort = await listen(apiServer, options.port ?? 0)
  const follows = (explicit: number | undefined, offset: number) => explicit ?? (options.port ? apiPort + offset : 0)
  const [s3Server, gcsServer] = servers as [NodeServer, NodeServer]
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
      await store.clear()
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true })
    },
  }
}
