import type { ProxyHandler } from './types.ts'

export interface RouteProxiesOptions {
  /** The answer for a path under none of the prefixes. Default: 404 `{statusCode: 404, message}`. */
  notFound?: ProxyHandler
}

const normalisePrefix = (prefix: string) => `/${prefix.replace(/^\/+|\/+$/g, '')}`

/**
 * One handler for several proxies, each under its path prefix (`{'/app/nft2': nft2Proxy(…), …}`). The longest
 * matching prefix wins. Paths are passed on unchanged: each proxy matches its routes by path suffix.
 */
export function routeProxies(
  prefixToHandler: Record<string, ProxyHandler>,
  options: RouteProxiesOptions = {},
): ProxyHandler {
  const routes = Object.entries(prefixToHandler)
    .map(([prefix, handler]) => ({ prefix: normalisePrefix(prefix), handler }))
    .sort((a, b) => b.prefix.length - a.prefix.length)
  return async (request) => {
    const { pathname } = new URL(request.url)
    const route = routes.find(
      ({ prefix }) => prefix === '/' || pathname === prefix || pathname.startsWith(`${prefix}/`),
    )
    if (route) return route.handler(request)
    if (options.notFound) return options.notFound(request)
    return Response.json(
      { statusCode: 404, message: `no proxy at ${pathname}; mounted: ${routes.map((r) => r.prefix).join(', ')}` },
      { status: 404, headers: { 'Cache-Control': 'no-store' } },
    )
  }
}
