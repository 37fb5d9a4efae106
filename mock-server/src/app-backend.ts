import {
  leonardoProxy,
  nft2Proxy,
  type ProxyHandler,
  routeProxies,
  startrailProxy,
  typebotProxy,
} from '@uppy-presign/server'
import type { Hono } from 'hono'
import type { MockEnv } from './http/env.ts'
import type { MockState } from './state.ts'
import type { TypebotSessions } from './vendors/typebot.ts'

/** Where the demo app's own backend lives on the API port: `/app/nft2/…`, `/app/startrail/…`, … */
const APP_BACKEND_PREFIX = '/app'

/** The four proxies, configured as an app's server would be: its vendor keys and the vendors' base URLs. */
function appProxies(state: MockState, api: string, typebotSessions: TypebotSessions): ProxyHandler {
  const { credentials } = state
  const allowedOrigins = state.allowedOrigin
  return routeProxies({
    [`${APP_BACKEND_PREFIX}/nft2`]: nft2Proxy({
      apiKey: credentials.nft2.apiKey,
      baseUrl: `${api}/nft2`,
      allowedOrigins,
      // Judges its NFT2 token's expiry by the vendor's clock, as a server with a synced clock would.
      now: () => state.clock.now().getTime(),
    }),
    [`${APP_BACKEND_PREFIX}/startrail`]: startrailProxy({
      apiKey: credentials.startrail.apiKey,
      issuerAddress: credentials.startrail.issuerAddress,
      baseUrl: `${api}/startrail`,
      allowedOrigins,
      // Demos show a stored file again through a signed read; a real app would enable reads only if it needs them.
      allow: { actions: ['write', 'read'] },
    }),
    [`${APP_BACKEND_PREFIX}/leonardo`]: leonardoProxy({
      apiKey: credentials.leonardo.apiKey,
      baseUrl: `${api}/leonardo/api/rest/v1`,
      allowedOrigins,
      // The demo walks the documented flow to its end: upload an init image, then generate from it.
      allow: { createDatasets: true, generations: true },
    }),
    [`${APP_BACKEND_PREFIX}/typebot`]: typebotProxy({
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
  app.all(`${APP_BACKEND_PREFIX}/*`, async (c) => {
    const { api } = state.endpoints
    if (!api) return c.json({ message: 'the mock server is still starting' }, 503)
    if (built?.api !== api) built = { api, handler: appProxies(state, api, typebotSessions) }
    return built.handler(c.req.raw)
  })
}
