// The hashes the verifiers need, from @noble/hashes: synchronous and the same in Node and in a browser, so the
// one verifier runs in the Node mock and in the in-page mock of the static Storybook. The inputs are a canonical
// request or a policy (at most a few kB), where a pure-JS hash costs microseconds.
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

export { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js'

export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)))

export const hmacSha256 = (key: Uint8Array, text: string): Uint8Array => hmac(sha256, key, utf8ToBytes(text))
