import type { Hono } from 'hono'
import { http } from 'msw'
import { setupWorker } from 'msw/browser'
import { createMockApps, createMockState } from './apps.ts'
import { randomSecrets } from './config.ts'
import { corsFiltered, needsPreflight, preflightAllows, preflightFor } from './http/browser-cors.ts'
import { isDevOrigin } from './http/cors.ts'
import type { MockEnv } from './http/env.ts'
import { WireRequest } from './http/wire-request.ts'
import { webPlatform } from './platform/web.ts'
import type { MockState } from './state.ts'
import { memoryBodies } from './storage/memory-bodies.ts'

export interface InPageMockOptions {
  /** The API origin the page expects the mock at (e.g. `http://127.0.0.1:4010`); S3 and GCS follow on +1 and +2. */
  url: string
  s3Url?: string
  gcsUrl?: string
  /** Where the page serves MSW's worker script (`mockServiceWorker.js`, copied by `msw init`). */
  serviceWorkerUrl?: string
}

export interface InPageMock {
  url: string
  s3Url: string
  gcsUrl: string
  state: MockState
  stop(): void
}

const withPort = (url: string, offset: number) => {
  const u = new URL(url)
  u.port = String(Number(u.port || (u.protocol === 'https:' ? 443 : 80)) + offset)
  return u.origin
}

/**
 * The mock server's own handlers, run in the page through MSW: what the static Storybook uses when no Node mock
 * answers. Same vendors, signature checks, storage rules, faults and controls as the Node mock, at the same URLs;
 * objects live in memory (512 MiB in all), vendor keys are random per page load (none is in the bundle), and the
 * browser's CORS checks are applied here because a service worker's answer skips them. Not the same: no upload
 * progress (the worker hands the body over whole) and no socket, so a `reset` fault is a network error at once.
 */
export async function startInPageMock(options: InPageMockOptions): Promise<InPageMock> {
  const page = globalThis.location.origin
  const platform = webPlatform()
  const state = await createMockState({
    platform,
    bodies: memoryBodies(),
    secrets: randomSecrets(),
    // A static build may be served from anywhere: its own origin is the app's origin.
    allowedOrigin: (origin) => isDevOrigin(origin) || origin === page,
  })
  state.endpoints.api = new URL(options.url).origin
  state.endpoints.s3 = options.s3Url ? new URL(options.s3Url).origin : withPort(options.url, 1)
  state.endpoints.gcs = options.gcsUrl ? new URL(options.gcsUrl).origin : withPort(options.url, 2)
  const apps = createMockApps(state)

  const serve = async (app: Hono<MockEnv>, original: Request): Promise<Response> => {
    const crossOrigin = new URL(original.url).origin !== page && original.mode === 'cors'
    const body = ['GET', 'HEAD'].includes(original.method) ? undefined : await original.arrayBuffer()
    const headers = new Headers(original.headers)
    // What the browser adds on the wire, and a service worker never sees: the mock's rules read them.
    if (body !== undefined) headers.set('content-length', String(body.byteLength))
    if (crossOrigin) headers.set('origin', page)
    const request = new WireRequest(original.url, { method: original.method, body }, headers)
    if (crossOrigin && needsPreflight(original)) {
      const answer = await app.fetch(preflightFor(original, page))
      if (!preflightAllows(answer, original, page)) return Response.error()
    }
    const response = await app.fetch(request)
    if (platform.wasReset(request)) return Response.error()
    if (!crossOrigin) return response
    return corsFiltered(response, page) ?? Response.error()
  }

  const origins: Array<[string, Hono<MockEnv>]> = [
    [state.endpoints.api, apps.api],
    [state.endpoints.s3, apps.s3],
    [state.endpoints.gcs, apps.gcs],
  ]
  const worker = setupWorker(
    ...origins.map(([origin, app]) => http.all(`${origin}/*`, ({ request }) => serve(app, request))),
  )
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? 'mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
  return {
    url: state.endpoints.api,
    s3Url: state.endpoints.s3,
    gcsUrl: state.endpoints.gcs,
    state,
    stop: () => worker.stop(),
  }
}
