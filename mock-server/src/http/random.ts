import { bytesToHex } from '@noble/hashes/utils.js'

/** `bytes` random bytes as hex (object-key suffixes, request ids), from WebCrypto: the same in Node and a browser. */
export const randomHex = (bytes: number): string => bytesToHex(crypto.getRandomValues(new Uint8Array(bytes)))
