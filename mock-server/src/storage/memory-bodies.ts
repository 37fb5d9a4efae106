import { md5 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { concat } from 'uint8arrays'
import { type BodyBackend, StorageRejection } from './object-store.ts'

/** What the in-page mock holds at most, all objects together: a browser tab is not a disk. */
const MEMORY_CAP_BYTES = 512 * 1024 ** 2

/**
 * The in-page mock's object bytes (static Storybook, no Node): kept in memory as one `Uint8Array` per object, with
 * @noble/hashes for the hashes (WebCrypto has no incremental SHA-256 and no MD5).
 */
export function memoryBodies(capBytes = MEMORY_CAP_BYTES): BodyBackend {
  let held = 0
  return {
    create() {
      const chunks: Uint8Array[] = []
      let size = 0
      return {
        write(chunk) {
          size += chunk.byteLength
          if (held + size > capBytes) {
            throw new StorageRejection(
              507,
              'InsufficientStorage',
              `The in-page mock keeps objects in memory and holds at most ${capBytes} bytes in all; delete objects (POST /__reset) or run the Node mock (npm start) for larger files.`,
            )
          }
          // The caller may reuse its buffer: keep a copy.
          chunks.push(chunk.slice())
        },
        async commit() {
          held += size
          return concat(chunks, size)
        },
        async discard() {
          chunks.length = 0
        },
      }
    },
    read: (body) => new Blob([body as Uint8Array<ArrayBuffer>]).stream(),
    head: async (body, length) => (body as Uint8Array).slice(0, length),
    async remove(body) {
      held -= (body as Uint8Array).byteLength
    },
    hasher(algorithm) {
      const hash = (algorithm === 'sha256' ? sha256 : md5).create()
      return { update: (chunk) => hash.update(chunk), digestHex: () => bytesToHex(hash.digest()) }
    },
  }
}
