import { Hono } from 'hono'
import { APP_RATE_LIMIT, mountAppBackend } from './app-backend.ts'
import { MockClock } from './clock.ts'
import { createCredentials, type MockSecrets } from './config.ts'
import { mountControls } from './controls/controls.ts'
import { FaultBook } from './faults/fault-book.ts'
import { cors, isDevOrigin } from './http/cors.ts'
import type { MockEnv } from './http/env.ts'
import type { MockPlatform } from './platform/platform.ts'
import type { AppRateLimit, MockState } from './state.ts'
import { MockStats } from './stats.ts'
import { gcsApp } from './storage/gcs.ts'
import type { BodyBackend } from './storage/object-store.ts'
import { ObjectStore } from './storage/object-store.ts'
import { objectResponse, s3App } from './storage/s3.ts'
import { mountLeonardo } from './vendors/leonardo.ts'
import { mountNft2 } from './vendors/nft2.ts'
import { Nft2Tokens } from './vendors/nft2-tokens.ts'
import { createPresigners } from './vendors/presigners.ts'
import { mountStartrail } from './vendors/startrail.ts'
import { mountTypebot } from './vendors/typebot.ts'

/** The mock's three origins as fetch handlers: the same apps behind Node's listeners and behind MSW in a page. */
export interface MockApps {
  /** Vendor APIs, the demo app backend (`/app/<vendor>`), controls, the IPFS gateway. */
  api: Hono<MockEnv>
  s3: Hono<MockEnv>
  gcs: Hono<MockEnv>
}

export async function createMockState(input: {
  platform: MockPlatform
  bodies: BodyBackend
  secrets: MockSecrets
  /** Dev origins (any port on localhost / 127.0.0.1) unless told otherwise. */
  allowedOrigin?: (origin: string) => boolean
  /** The demo app backend's rate limit; {@link APP_RATE_LIMIT} unless told otherwise, `false` for none. */
  appRateLimit?: AppRateLimit | false
}): Promise<MockState> {
  const clock = new MockClock()
  return {
    credentials: await createCredentials(input.secrets),
    clock,
    stats: new MockStats(),
    faults: new FaultBook(),
    store: new ObjectStore(input.bodies),
    platform: input.platform,
    nft2Tokens: new Nft2Tokens(clock),
    allowedOrigin: input.allowedOrigin ?? isDevOrigin,
    appRateLimit: input.appRateLimit ?? APP_RATE_LIMIT,
    endpoints: { api: '', s3: '', gcs: '' },
    onReset: [],
  }
}

export function createMockApps(state: MockState): MockApps {
  const api = new Hono<MockEnv>()
  api.use(cors(['Date', 'Retry-After'], state.allowedOrigin))
  const presigners = createPresigners(state)
  mountNft2(api, state, presigners)
  mountStartrail(api, state, presigners)
  mountLeonardo(api, state, presigners)
  const typebotSessions = mountTypebot(api, state, presigners)
  mountAppBackend(api, state, typebotSessions)
  mountControls(api, state)
  // A public IPFS gateway for what the IPFS bucket holds, so a CID can be opened as `…/ipfs/<cid>`.
  api.get('/ipfs/:cid', (c) => {
    const object = state.store.list().find((o) => o.cid === c.req.param('cid'))
    return object ? objectResponse('GET', object, state) : c.text('Not Found', 404)
  })
  return { api, s3: s3App(state), gcs: gcsApp(state) }
}
