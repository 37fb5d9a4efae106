import { generateKeyPairSync, type KeyObject } from 'node:crypto'

/**
 * Dev credentials of one mock server instance. They are fixed strings so demos and docs can name them; the GCS
 * service-account key is generated per start because a private key committed to a repo teaches the wrong habit.
 * Browser code never needs any of these: only the app-backend proxies and tests read them from `/__config`.
 */
export interface MockCredentials {
  nft2: { apiKey: string }
  startrail: { apiKey: string; issuerAddress: string }
  leonardo: { apiKey: string }
  typebot: { token: string }
  s3: { region: string; accessKeyId: string; secretAccessKey: string; buckets: { ipfs: string; uploads: string } }
  gcs: { bucket: string; serviceAccount: { client_email: string; private_key: string }; publicKey: KeyObject }
}

export function createCredentials(): MockCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    nft2: { apiKey: 'nft2-dev-key-7f3a91c2' },
    startrail: { apiKey: 'startrail-dev-key-5b8e04d6', issuerAddress: '0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17' },
    leonardo: { apiKey: 'leonardo-dev-key-2c9d77e1' },
    typebot: { token: 'typebot-dev-token-a41f08b3' },
    s3: {
      region: 'us-east-1',
      accessKeyId: 'AKIAMOCKDEV000000001',
      secretAccessKey: 'mockSecretKeyForDevOnly/0123456789abcdefgh',
      buckets: { ipfs: 'nft2-protocol', uploads: 'uploads' },
    },
    gcs: {
      bucket: 'artwork-staging-images',
      serviceAccount: {
        client_email: 'startrail-signer@mock-project.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      publicKey,
    },
  }
}
