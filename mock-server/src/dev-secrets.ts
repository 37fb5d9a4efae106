import type { MockSecrets } from './config.ts'

/**
 * The Node mock's fixed dev keys, named in mock-server/README.md. Imported by the Node entry only: the in-page mock
 * makes random keys, so none of these strings can end up in a browser bundle.
 */
export const DEV_SECRETS: MockSecrets = {
  nft2ApiKey: 'nft2-dev-key-7f3a91c2',
  startrailApiKey: 'startrail-dev-key-5b8e04d6',
  leonardoApiKey: 'leonardo-dev-key-2c9d77e1',
  typebotToken: 'typebot-dev-token-a41f08b3',
  s3AccessKeyId: 'AKIAMOCKDEV000000001',
  s3SecretAccessKey: 'mockSecretKeyForDevOnly/0123456789abcdefgh',
}
