import { callVendor, type VendorAnswer } from './forward.ts'
import { isRecord, isRefusal, refuse } from './json.ts'
import { REDACTED } from './redact.ts'
import type { FetchFunction, Refusal } from './types.ts'

/**
 * The paths and rules of NFT2's token flow, as its Node SDK implements it (GitHub darenft-labs/nft2-client-nodejs):
 * `src/auth/constants.ts` (`AUTHENTICATION.API_KEY_PATH`, `REFRESH_TOKEN_PATH`, `ERROR_CODE.UNAUTHORIZED`) and
 * `src/auth/oauth2client.ts` (`getTokenAsync`, `refreshTokenNoCache`, `requestAsync`, `isTokenExpiring`).
 */
const API_KEY_PATH = '/auth/api-key'
const REFRESH_TOKEN_PATH = '/auth/refresh-token'
/** The one status after which the SDK renews its token and replays the call (`requestAsync`: `=== 401` only). */
const UNAUTHORIZED = 401
/** The SDK's `eagerRefreshThreshold`: renew a token this long before it expires (halved for shorter tokens). */
const EAGER_REFRESH_MS = 5 * 60 * 1000

interface Tokens {
  accessToken: string
  refreshToken: string | undefined
  /** When the access token expires, on this proxy's clock (ms); undefined when NFT2 gave no `expiresIn`. */
  expiresAt: number | undefined
  /** When to renew it: {@link EAGER_REFRESH_MS} before `expiresAt`. */
  renewAt: number | undefined
  /** NFT2 refused it (401): renew before the next call. */
  refused: boolean
}

export interface Nft2SessionOptions {
  baseUrl: string
  apiKey: string
  fetch: FetchFunction | undefined
  timeoutMs: number | undefined
  now: () => number
}

/** Headers to call NFT2 with. */
export interface Authorized {
  authHeaders: Record<string, string>
}

/**
 * One proxy's NFT2 credentials: the API key exchanged for a bearer token when first needed, the token kept in memory,
 * renewed with the refresh token before it expires and after NFT2 refuses it, and the API key exchanged again when
 * the refresh token is refused too. Concurrent calls share one exchange. Nothing here is ever sent to a browser.
 */
export class Nft2Session {
  private tokens: Tokens | undefined
  private renewing: Promise<Tokens | VendorAnswer | Refusal> | undefined
  /** Tokens this session held, kept for redaction in case NFT2 quotes an old one back. */
  private readonly retired: string[] = []

  constructor(private readonly options: Nft2SessionOptions) {}

  /** Headers with a live token, or why none could be had (NFT2's own answer to the exchange, or a refusal). */
  async authorize(): Promise<Authorized | VendorAnswer | Refusal> {
    const held = this.tokens
    if (held && !held.refused && (held.renewAt === undefined || this.options.now() < held.renewAt)) {
      return bearer(held)
    }
    this.renewing ??= this.renew(held).finally(() => {
      this.renewing = undefined
    })
    const renewed = await this.renewing
    if (isTokens(renewed)) return bearer(renewed)
    // A failed early renewal leaves a token that has not expired yet: use it rather than fail the upload.
    if (held && !held.refused && held.expiresAt !== undefined && this.options.now() < held.expiresAt) {
      return bearer(held)
    }
    return renewed
  }

  /** NFT2 answered `status` to a call made with `used`: true when the call is worth one replay with a new token. */
  refused(status: number, used: Authorized): boolean {
    if (status !== UNAUTHORIZED) return false
    const held = this.tokens
    if (held && used.authHeaders.Authorization === bearer(held).authHeaders.Authorization) held.refused = true
    return true
  }

  /** Everything of this session's that must never reach a browser. */
  secrets(): string[] {
    const held = this.tokens
    return [this.options.apiKey, ...(held ? [held.accessToken, held.refreshToken ?? ''] : []), ...this.retired]
  }

  private async renew(held: Tokens | undefined): Promise<Tokens | VendorAnswer | Refusal> {
    let got: Tokens | VendorAnswer | Refusal | undefined
    if (held?.refreshToken) {
      const path = `${REFRESH_TOKEN_PATH}/${encodeURIComponent(held.refreshToken)}`
      got = await this.exchange(path, 'refresh-token', undefined, held.refreshToken)
      // The SDK's `forceCallAPIKey`: a refused refresh token means starting over from the API key.
      if (!isTokens(got) && !isRefusal(got) && got.status === UNAUTHORIZED) got = undefined
    }
    got ??= await this.exchange(`${API_KEY_PATH}/${encodeURIComponent(this.options.apiKey)}`, 'api-key', {})
    if (isTokens(got)) {
      if (held) this.retire(held)
      this.tokens = got
    }
    return got
  }

  private retire(old: Tokens): void {
    this.retired.push(old.accessToken, ...(old.refreshToken ? [old.refreshToken] : []))
    this.retired.splice(0, Math.max(0, this.retired.length - 8))
  }

  /** One call to a token route; its 2xx answer read as the SDK reads it (`res.data as Credentials`). */
  private async exchange(
    path: string,
    route: string,
    body: unknown,
    previousRefreshToken?: string,
  ): Promise<Tokens | VendorAnswer | Refusal> {
    const answer = await callVendor(
      // The SDK sends `Content-Type: application/json` on both (a `{}` body on the API-key route, none on refresh).
      { url: this.options.baseUrl + path, method: 'POST', keyHeaders: { 'Content-Type': 'application/json' }, body },
      {
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
        label: 'NFT2',
        secrets: this.secrets(),
        // Shared by every call waiting for it: no one browser's disconnect may cancel it.
        signal: undefined,
      },
    )
    if (isRefusal(answer) || answer.status < 200 || answer.status > 299) return answer
    let data: unknown
    try {
      data = JSON.parse(answer.json)
    } catch {
      data = undefined
    }
    if (!isRecord(data) || typeof data.accessToken !== 'string' || !data.accessToken) {
      return refuse(502, `NFT2 API answered its ${route} exchange without an accessToken`)
    }
    // NFT2 may hand back the refresh token it was given: redacted on the way in, it is the one already held.
    const refreshToken =
      typeof data.refreshToken === 'string' && data.refreshToken && data.refreshToken !== REDACTED
        ? data.refreshToken
        : previousRefreshToken
    // `expiresIn` is a lifetime in seconds: the SDK adds it to its clock in seconds (`getCurrentTime()`).
    const lifetimeMs =
      typeof data.expiresIn === 'number' && Number.isFinite(data.expiresIn) && data.expiresIn > 0
        ? data.expiresIn * 1000
        : undefined
    const now = this.options.now()
    return {
      accessToken: data.accessToken,
      refreshToken,
      expiresAt: lifetimeMs === undefined ? undefined : now + lifetimeMs,
      renewAt: lifetimeMs === undefined ? undefined : now + lifetimeMs - Math.min(EAGER_REFRESH_MS, lifetimeMs / 2),
      refused: false,
    }
  }
}

const isTokens = (value: unknown): value is Tokens => isRecord(value) && typeof value.accessToken === 'string'

const bearer = (tokens: Tokens): Authorized => ({ authHeaders: { Authorization: `Bearer ${tokens.accessToken}` } })
