import type { MockClock } from './clock.ts'
import type { MockCredentials } from './config.ts'
import type { FaultBook } from './faults/fault-book.ts'
import type { MockPlatform } from './platform/platform.ts'
import type { MockStats } from './stats.ts'
import type { ObjectStore } from './storage/object-store.ts'
import type { Nft2Tokens } from './vendors/nft2-tokens.ts'

/** Calls one client may make to the demo app backend (`/app/*`, all vendors together) per window. */
export interface AppRateLimit {
  limit: number
  windowMs: number
}

interface Endpoints {
  /** The vendor APIs and controls. */
  api: string
  /** S3 (path style): IPFS bucket and upload bucket. */
  s3: string
  /** GCS XML API at the root of its own origin, as `storage.googleapis.com` is. */
  gcs: string
}

/** Everything one running mock shares between its routes: passed explicitly, no module-level singletons. */
export interface MockState {
  credentials: MockCredentials
  clock: MockClock
  stats: MockStats
  faults: FaultBook
  store: ObjectStore
  platform: MockPlatform
  /** NFT2's bearer tokens (issued, renewed, revoked); in `/__stats` as `tokens.nft2`. */
  nft2Tokens: Nft2Tokens
  /** Page origins CORS lets in, on every origin of the mock and in the app backend's proxies. */
  allowedOrigin: (origin: string) => boolean
  endpoints: Endpoints
  /** The demo app backend's rate limit per connection address, or `false` for none. */
  appRateLimit: AppRateLimit | false
  /** Per-vendor bookkeeping that `/__reset` must clear too. */
  onReset: Array<() => void>
}
