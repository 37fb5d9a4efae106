import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import type { BodyBackend } from './object-store.ts'

/**
 * The Node mock's object bytes: one file per object under `dir`, streamed in and out, so a 2 GiB upload costs disk,
 * not memory. Hashes are node:crypto's (several times faster than a pure-JS hash on GiB bodies).
 */
export async function diskBodies(dir: string): Promise<BodyBackend> {
  await mkdir(dir, { recursive: true })
  return {
    create() {
      const path = join(dir, randomUUID())
      const file = createWriteStream(path)
      return {
        async write(chunk) {
          if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', () => resolve()))
        },
        async commit() {
          file.end()
          await finished(file)
          return path
        },
        async discard() {
          file.destroy()
          await rm(path, { force: true })
        },
      }
    },
    read: (path) => Readable.toWeb(createReadStream(path as string)) as ReadableStream<Uint8Array>,
    async head(path, length) {
      const handle = await open(path as string, 'r')
      try {
        const { buffer, bytesRead } = await handle.read(new Uint8Array(length), 0, length, 0)
        return buffer.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
    },
    remove: (path) => rm(path as string, { force: true }),
    hasher(algorithm) {
      const hash = createHash(algorithm)
      return { update: (chunk) => hash.update(chunk), digestHex: () => hash.digest('hex') }
    },
  }
}
