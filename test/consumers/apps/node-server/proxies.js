// The app's presign proxies under /api, holding the vendor keys, which come from the environment as in production.
import { Readable } from 'node:stream'
import { leonardoProxy, nft2Proxy, routeProxies, startrailProxy } from '@uppy-presign/server'

const env = (name) => {
  const value = process.env[name]
  if (!value) throw new Error(`set ${name}`)
  return value
}

export const uploads = routeProxies({
  '/api/nft2': nft2Proxy({ apiKey: env('NFT2_API_KEY'), baseUrl: env('NFT2_BASE_URL') }),
  '/api/startrail': startrailProxy({
    apiKey: env('STARTRAIL_API_KEY'),
    issuerAddress: env('STARTRAIL_ISSUER_ADDRESS'),
    baseUrl: env('STARTRAIL_BASE_URL'),
    allow: { categories: ['artwork'], extensions: ['png', 'jpg'] },
  }),
  '/api/leonardo': leonardoProxy({
    apiKey: env('LEONARDO_API_KEY'),
    baseUrl: env('LEONARDO_BASE_URL'),
    allow: { extensions: ['png', 'jpg'] },
  }),
})

/** node:http speaks IncomingMessage / ServerResponse and the proxies speak Fetch: this bridges the two. */
export function toNodeHandler(handler) {
  return async (req, res) => {
    try {
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) {
        for (const v of [value].flat()) if (v !== undefined) headers.append(name, v)
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: 'half', // Node's fetch needs this for a streamed body
      })
      const response = await handler(request)
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      // A thrown handler must not take the server down with it.
      console.error(error)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('internal error')
    }
  }
}
