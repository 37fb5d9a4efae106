import { randomHex } from './http/random.ts'
import { generateRsaKeyPair } from './signing/rsa-keys.ts'

/**
 * Credentials of one mock instance. The vendor keys come from the caller: the Node mock uses the fixed dev keys of
 * `dev-secrets.ts` (so demos and docs can name them), the in-page mock of the static Storybook makes random ones per
 * page load (so no key is ever written into a browser bundle). The GCS service-account key is generated per start
 * either way, because a private key committed to a repo teaches the wrong habit. Browser code of the kit never needs
 * any of these: only the app-backend proxies and tests read them from `/__config`.
 */
export interface MockSecrets {
  nft2ApiKey: string
  startrailApiKey: string
  leonardoApiKey: string
  typebotToken: string
  s3AccessKeyId: string
  s3SecretAccessKey: string
}

export interface MockCredentials {
  nft2: { apiKey: string }
  startrail: { apiKey: string; issuerAddress: string }
  leonardo: { apiKey: string }
  typebot: { token: string }
  s3: { region: string; accessKeyId: string; secretAccessKey: string; buckets: { ipfs: string; uploads: string } }
  gcs: {
    bucket: string
    serviceAccount: { client_email: string; private_key: string }
    /** The same key pair as WebCrypto keys: the public half verifies, the private half signs in the in-page mock. */
    keys: CryptoKeyPair
  }
}

export async function createCredentials(secrets: MockSecrets): Promise<MockCredentials> {
  const { privateKey, publicKey, privateKeyPem } = await generateRsaKeyPair()
  return {
    nft2: { apiKey: secrets.nft2ApiKey },
    startrail: { apiKey: secrets.startrailApiKey, issuerAddress: '0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17' },
    leonardo: { apiKey: secrets.leonardoApiKey },
    typebot: { token: secrets.typebotToken },
    s3: {
      region: 'us-east-1',
      accessKeyId: secrets.s3AccessKeyId,
      secretAccessKey: secrets.s3SecretAccessKey,
      buckets: { ipfs: 'nft2-protocol', uploads: 'uploads' },
    },
    gcs: {
      bucket: 'artwork-staging-images',
      serviceAccount: {
        client_email: 'startrail-signer@mock-project.iam.gserviceaccount.com',
        private_key: privateKeyPem,
      },
      keys: { privateKey, publicKey },
    },
  }
}

/** Fresh random secrets, shaped like the real ones (an AWS access key id is 20 upper-case characters). */
export function randomSecrets(): MockSecrets {
  const hex = randomHex
  return {
    nft2ApiKey: `nft2-${hex(12)}`,
    startrailApiKey: `startrail-${hex(12)}`,
    leonardoApiKey: `leonardo-${hex(12)}`,
    typebotToken: `typebot-${hex(12)}`,
    s3AccessKeyId: `AKIA${hex(8).toUpperCase()}`,
    s3SecretAccessKey: hex(20),
  }
}
