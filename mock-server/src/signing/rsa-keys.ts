// RSA keys for GOOG4 through WebCrypto, so the Node mock and the in-page mock hold the same kind of key.
import { fromString as bytesFrom, toString as bytesTo } from 'uint8arrays'
import { RSA_SHA256 } from './goog4.ts'

export interface RsaKeyPair {
  privateKey: CryptoKey
  publicKey: CryptoKey
  /** PKCS #8 PEM of the private key: what a service-account JSON holds in `private_key`. */
  privateKeyPem: string
}

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${(bytesTo(new Uint8Array(der), 'base64pad').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`

const derOf = (text: string) => bytesFrom(text.replace(/-----[^-]+-----|\s/g, ''), 'base64pad')

export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await crypto.subtle.generateKey(
    { ...RSA_SHA256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )
  return {
    privateKey,
    publicKey,
    privateKeyPem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', privateKey)),
  }
}

/** A `-----BEGIN PUBLIC KEY-----` (SPKI) PEM as a key that verifies GOOG4 signatures. */
export const importRsaPublicKey = (spkiPem: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('spki', derOf(spkiPem), RSA_SHA256, false, ['verify'])
