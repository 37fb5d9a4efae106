import { describe, expect, it } from 'vitest'
import { routeProxies } from './route-proxies.ts'
import type { ProxyHandler } from './types.ts'

const named =
  (name: string): ProxyHandler =>
  async (request) =>
    Response.json({ name, path: new URL(request.url).pathname })

const get = async (handler: ProxyHandler, path: string) => {
  const response = await handler(new Request(`http://app.test${path}`))
  return {
    status: response.status,
    json: (await response.json()) as { name?: string; path?: string; message?: string },
  }
}

describe('routeProxies', () => {
  const routes = routeProxies({ '/app/nft2': named('nft2'), 'app/leonardo/': named('leonardo'), '/app': named('app') })

  it('hands each request to the proxy of its prefix, path unchanged', async () => {
    expect((await get(routes, '/app/nft2/presigned-image')).json).toEqual({
      name: 'nft2',
      path: '/app/nft2/presigned-image',
    })
    expect((await get(routes, '/app/leonardo/init-image/1')).json.name).toBe('leonardo')
  })

  it('prefers the longest prefix and matches whole segments only', async () => {
    expect((await get(routes, '/app/nft2x/presigned-image')).json.name).toBe('app')
    expect((await get(routes, '/app/other')).json.name).toBe('app')
  })

  it('answers 404 outside every prefix, or hands it to notFound', async () => {
    const res = await get(routes, '/elsewhere')
    expect(res.status).toBe(404)
    expect(res.json.message).toBe('no proxy at /elsewhere; mounted: /app/leonardo, /app/nft2, /app')
    const withFallback = routeProxies({ '/app/nft2': named('nft2') }, { notFound: named('fallback') })
    expect((await get(withFallback, '/elsewhere')).json.name).toBe('fallback')
  })
})
