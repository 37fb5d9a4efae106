/**
 * A Fetch `Request` does not carry the address its connection came from; the server that accepted it knows (Hono's
 * `getConnInfo(c)`, `req.socket.remoteAddress`). The app records it here where it mounts the proxies, and
 * {@link rateLimit}'s default key reads it back.
 */
const clientAddresses = new WeakMap<Request, string>()

/** Records the address `request`'s connection came from (the TCP peer), and returns the same request. */
export function withClientAddress(request: Request, address: string | undefined): Request {
  if (address) clientAddresses.set(request, address)
  return request
}

/** The address recorded by {@link withClientAddress}, if any. */
export const clientAddressOf = (request: Request): string | undefined => clientAddresses.get(request)

/**
 * The client's address as the outermost of your own proxies saw it, from `X-Forwarded-For`. Each proxy appends the
 * address it got the request from, so with `trustedProxies` of them in front of the app the entry that many places
 * from the right is the one a proxy of yours wrote; everything left of it came from the client and can be anything
 * (a client may send its own `X-Forwarded-For: 1.2.3.4` to pose as someone else on every call). Undefined when the
 * header has fewer entries than that: the request did not come through all your proxies.
 */
export function forwardedClientAddress(request: Request, trustedProxies: number): string | undefined {
  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
  return hops[hops.length - trustedProxies]
}
