import type { MockCredentials } from '../config.ts'

/**
 * The JSON the dev controls answer, typed once here, where it is produced: test harnesses (node and browser),
 * stories and benchmarks import these types instead of restating the shapes.
 */
export interface MockConfig extends Omit<MockCredentials, 's3' | 'gcs'> {
  api: string
  s3: MockCredentials['s3'] & { endpoint: string }
  gcs: Omit<MockCredentials['gcs'], 'keys'> & { endpoint: string }
}

export interface MockObject {
  bucket: string
  key: string
  size: number
  sha256: string
  contentType: string
  cid?: string
  lastModified: string
}

export interface MockStats {
  presign: Record<string, number>
  /** NFT2 token exchanges that succeeded: API key → tokens, refresh token → new access token. */
  tokens: { nft2: { apiKey: number; refreshToken: number } }
  storage: Record<string, Record<string, number>>
}
