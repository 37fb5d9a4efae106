import type { MiddlewareHandler } from 'hono'
import type { MockEnv } from './env.ts'

/** Dev origins only: any port on localhost / 127.0.0.1, the way Vite, Storybook and Vitest's browser serve pages. */
export const isDevOrigin = (origin: string) => /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin)

/**
 * CORS on every route, error responses included (a browser shows a CORS failure instead of the real error when an
 * error response lacks these headers). `exposed` are the response headers scripts may read; a handler can withhold
 * some for one response (the `hide-header` fault) by setting `hiddenHeaders`.
 */
export function cors(exposed: string[], allowOrigin: (origin: string) => boolean): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin')
    const allowed = origin !== undefined && allowOrigin(origin)
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (!allowed) return c.text('CORSResponse: This CORS request is not allowed.', 403)
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, HEAD, PUT, POST, DELETE',
          'Access-Control-Allow-Headers': c.req.header('access-control-request-headers') ?? '',
          'Access-Control-Max-Age': '600',
          Vary: 'Origin, Access-Control-Request-Headers',
        },
      })
    }
    await next()
    if (!allowed) return
    const hidden = new Set((c.get('hiddenHeaders') ?? []).map((h) => h.toLowerCase()))
    c.res.headers.set('Access-Control-Allow-Origin', origin)
    c.res.headers.append('Vary', 'Origin')
    c.res.headers.set('Access-Control-Expose-Headers', exposed.filter((h) => !hidden.has(h.toLowerCase())).join(', '))
  }
}
