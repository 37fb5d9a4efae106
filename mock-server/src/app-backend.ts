import {
  clientAddressOf,
  leonardoProxy,
  nft2Proxy,
  type ProxyGuard,
  type ProxyHandler,
  rateLimit,
  routeProxies,
  startrailProxy,
  typebotProxy,
  withClientAddress,
} from '@uppy-presign/server'
import type { Hono } from 'hono'
import type { MockEnv } from './http/env.ts'
import type { AppRateLimit, MockState } from './state.ts'
import type { TypebotSessions } from './vendors/typebot.ts'

/** Where the demo app's own backend lives on the API port: `/app/nft2/…`, `/app/startrail/…`, … */
const APP_BACKEND_PREFIX = '/app'

/**
 * The demo's default limit per client: a person never comes near it, a flood meets it within seconds. Every local
 * caller is one client (127.0.0.1) and `/__reset` starts the allowance afresh, so it is sized for the heaviest test
 * or benchmark job between two resets: 500 files presigned one call each (`bench/run.ts`), a soak's 200 files with
 * its retries, a property test's 60 runs.
 */
export const APP_RATE_LIMIT: AppRateLimit = { limit: 1000, windowMs: 60_000 }

/**
 * The kit's `rateLimit` with its default in-memory store, counting per connection address all four vendors together
 * (an app counts its users, not its vendors). In a page (the in-page mock) there is no connection: the page is the
 * one client. A fresh store on every `/__reset`.
 */
function appRateLimit(state: MockState): ProxyGuard | undefined {
  const options = state.appRateLimit
  if (!options) return undefined
  const limiter = () => rateLimit({ ...options, name: 'app', key: (request) => clientAddressOf(request) ?? 'page' })
  let current = limiter()
  state.onReset.push(() => {
    current = limiter()
  })
  return (request, call) => current(request, call)
}

/** The four proxies, configured as an app's server would be: its vendor keys and the vendors' base URLs. */
function appProxies(
  state: MockState,
  api: string,
  typebotSessions: TypebotSessions,
  guard: ProxyGuard | undefined,
): ProxyHandler {
  const { credentials } = state
  const allowedOrigins = state.allowedOrigin
  return routeProxies({
    [`${APP_BACKEND_PREFIX}/nft2`]: nft2Proxy({
      guard,
      apiKey: credentials.nft2.apiKey,
      baseUrl: `${api}/nft2`,
      allowedOrigins,
      // Judges its NFT2 token's expiry by the vendor's clock, as a server with a synced clock would.
      now: () => state.clock.now().getTime(),
    }),
    [`${APP_BACKEND_PREFIX}/startrail`]: startrailProxy({
      guard,
      apiKey: credentials.startrail.apiKey,
      issuerAddress: credentials.startrail.issuerAddress,
      baseUrl: `${api}/startrail`,
      allowedOrigins,
      // Demos show a stored file again through a signed read; a real app would enable reads only if it needs them.
      allow: { actions: ['write', 'read'] },
    }),
    [`${APP_BACKEND_PREFIX}/leonardo`]: leonardoProxy({
      guard,
      apiKey: credentials.leonardo.apiKey,
      baseUrl: `${api}/leonardo/api/rest/v1`,
      allowedOrigins,
      // The demo walks the documented flow to its end: upload an init image, then generate from it.
      allow: { createDatasets: true, generations: true },
    }),
    [`${APP_BACKEND_PREFIX}/typebot`]: typebotProxy({
      guard,
      token: credentials.typebot.token,
      baseUrl: `${api}/typebot/api`,
      allowedOrigins,
      // Only the chat sessions this app started: a real app keeps the ids `startChat` gave it (with the user they
      // belong to); the demo reads the sessions `/__typebot/sessions` started. Any well-formed id would let a caller
      // who learns or guesses one write into that chat's folder.
      allow: { sessionIds: (sessionId) => typebotSessions.has(sessionId) },
    }),
  })
}

/**
 * The demo "app backend": the kit's presign proxies (`@uppy-presign/server`) in front of the mock's own vendor
 * APIs, so demos and tests run browser → app backend → vendor → storage as a deployment does, and browser code
 * never holds a key. The only place the mock uses a kit package: the emulators themselves stay independent.
 */
export function mountAppBackend(app: Hono<MockEnv>, state: MockState, typebotSessions: TypebotSessions): void {
  // The vendors' base URL is known only once the server listens: build the proxies on first use, for that URL.
  let built: { api: string; handler: ProxyHandler } | undefined
  const guard = appRateLimit(state)
  app.all(`${APP_BACKEND_PREFIX}/*`, async (c) => {
    const { api } = state.endpoints
    if (!api) return c.json({ message: 'the mock server is still starting' }, 503)
    if (built?.api !== api) built = { api, handler: appProxies(state, api, typebotSessions, guard) }
    return built.handler(withClientAddress(c.req.raw, state.platform.clientAddress?.(c)))
  })
}
