/**
 * Presign proxies that keep vendor keys on the app's server: one Fetch-standard handler per vendor, which checks
 * what the browser asks for, forwards it with the key, and hands back the vendor's answer.
 */

export { clientAddressOf, forwardedClientAddress, withClientAddress } from './client-address.ts'
export { guards } from './guards.ts'
export { type LeonardoProxyOptions, leonardoProxy } from './leonardo.ts'
export { type Nft2ProxyOptions, nft2Proxy } from './nft2.ts'
export { forwardedForKey, type RateLimitKey, type RateLimitOptions, rateLimit } from './rate-limit.ts'
export {
  type MemoryRateLimitStore,
  type MemoryRateLimitStoreOptions,
  memoryRateLimitStore,
  type RateLimitCount,
  type RateLimitStore,
} from './rate-limit-store.ts'
export {
  type RedisRateLimitStoreOptions,
  type RedisScriptClient,
  redisRateLimitStore,
} from './redis-rate-limit-store.ts'
export { type RouteProxiesOptions, routeProxies } from './route-proxies.ts'
export type { AllowPolicy } from './rules.ts'
export { MAX_NAME_LENGTH } from './rules.ts'
export { STARTRAIL_DEFAULT_MAX_FILES, type StartrailProxyOptions, startrailProxy } from './startrail.ts'
export { TYPEBOT_DEFAULT_FILE_TYPES, type TypebotProxyOptions, typebotProxy } from './typebot.ts'
export type {
  CommonProxyOptions,
  FetchFunction,
  OriginPolicy,
  ProxyCall,
  ProxyGuard,
  ProxyHandler,
  Refusal,
  Vendor,
} from './types.ts'
