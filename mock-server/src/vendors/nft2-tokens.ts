import type { MockClock } from '../clock.ts'
import { randomHex } from '../http/random.ts'

/**
 * Access-token lifetime, in seconds (the unit the SDK adds `expiresIn` to its clock in: `src/auth/oauth2client.ts`
 * of darenft-labs/nft2-client-nodejs, `getCurrentTime() + tokens.expiresIn`, seconds). NFT2 documents no lifetime.
 */
export const NFT2_ACCESS_TOKEN_SECONDS = 3600
/** Refresh-token lifetime, in seconds. Not documented either; a week, so only a test's clock jump outlives it. */
export const NFT2_REFRESH_TOKEN_SECONDS = 7 * 24 * 3600

/** What `POST /auth/api-key/{apiKey}` and `POST /auth/refresh-token/{refreshToken}` answer (the SDK's `Credentials`). */
export interface Nft2Credentials {
  accessToken: string
  refreshToken: string
  expiresIn: number
}

/**
 * NFT2's bearer tokens on the mock: issued for the API key, renewed with a refresh token, judged against the mock's
 * clock, revocable by a dev control. Opaque random strings (the real ones are JWTs: the SDK's `getAccount()` decodes
 * the access token; nothing on the upload path reads inside it).
 */
export class Nft2Tokens {
  /** Access token → when it stops being accepted (mock clock, ms). */
  private readonly access = new Map<string, number>()
  /** Refresh token → when it stops being accepted (mock clock, ms). */
  private readonly refresh = new Map<string, number>()
  /** Counters for `/__stats`: how often the API key and a refresh token were exchanged (successfully). */
  readonly counts = { apiKey: 0, refreshToken: 0 }

  constructor(private readonly clock: MockClock) {}

  /** New credentials for the API key. */
  issue(): Nft2Credentials {
    this.counts.apiKey++
    const refreshToken = `nft2-rt-${randomHex(24)}`
    this.refresh.set(refreshToken, this.clock.now().getTime() + NFT2_REFRESH_TOKEN_SECONDS * 1000)
    return { ...this.newAccess(), refreshToken }
  }

  /** A new access token for a live refresh token (the same refresh token comes back), or undefined. */
  renew(refreshToken: string): Nft2Credentials | undefined {
    if (!this.isLive(this.refresh, refreshToken)) return undefined
    this.counts.refreshToken++
    return { ...this.newAccess(), refreshToken }
  }

  /** Whether an access token is one the mock issued, not revoked and not yet expired. */
  accepts(accessToken: string): boolean {
    return this.isLive(this.access, accessToken)
  }

  /** Revokes every access token, and every refresh token too unless `accessOnly`. Returns how many were revoked. */
  revoke(accessOnly = false): number {
    const n = this.access.size + (accessOnly ? 0 : this.refresh.size)
    this.access.clear()
    if (!accessOnly) this.refresh.clear()
    return n
  }

  reset(): void {
    this.revoke()
    this.counts.apiKey = 0
    this.counts.refreshToken = 0
  }

  private newAccess(): { accessToken: string; expiresIn: number } {
    const accessToken = `nft2-at-${randomHex(24)}`
    this.access.set(accessToken, this.clock.now().getTime() + NFT2_ACCESS_TOKEN_SECONDS * 1000)
    return { accessToken, expiresIn: NFT2_ACCESS_TOKEN_SECONDS }
  }

  private isLive(tokens: Map<string, number>, token: string): boolean {
    const expiresAt = tokens.get(token)
    if (expiresAt === undefined) return false
    if (this.clock.now().getTime() < expiresAt) return true
    tokens.delete(token)
    return false
  }
}
