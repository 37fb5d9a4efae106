import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'

export interface StoredObject {
  bucket: string
  key: string
  size: number
  sha256: string
  /** S3-style ETag: the hex MD5 of the bytes (single-part upload). */
  md5: string
  contentType: string
  cid?: string
  lastModified: Date
  /** Where the bytes are on disk: never returned by `/__objects`. */
  path: string
}

/** Thrown by a write when a rule of the receiving service fails mid-stream; nothing is stored. */
export class StorageRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message)
  }
}

export interface WriteOptions {
  bucket: string
  key: string
  contentType: string
  /** Bytes beyond this reject the write as soon as they arrive, before the rest of the body is read. */
  maxBytes?: number
  minBytes?: number
  /** Sees every chunk after it is written (CID computation); awaited, so it applies backpressure. */
  onChunk?: (chunk: Uint8Array) => Promise<void> | void
  /** Runs after the last byte and before the object becomes visible; may still reject it. */
  beforeCommit?: (object: Omit<StoredObject, 'path' | 'lastModified'>) => Promise<Partial<StoredObject> | undefined>
  now: Date
}

/**
 * Objects of every emulated bucket, bodies streamed to files on disk. A write goes to a temporary file and only
 * becomes an object after its last byte: an upload that breaks off, or breaks a rule mid-stream, leaves nothing
 * behind — the same all-or-nothing that S3 and GCS give a single PUT or POST.
 */
export class ObjectStore {
  readonly #objects = new Map<string, StoredObject>()

  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.#objects.get(`${bucket}/${key}`)
  }

  list(): StoredObject[] {
    return [...this.#objects.values()]
  }

  async write(body: AsyncIterable<Uint8Array>, opts: WriteOptions): Promise<StoredObject> {
    const path = join(this.dir, randomUUID())
    const file = createWriteStream(path)
    const sha256 = createHash('sha256')
    const md5 = createHash('md5')
    let size = 0
    try {
      for await (const chunk of body) {
        size += chunk.byteLength
        if (opts.maxBytes !== undefined && size > opts.maxBytes) {
          throw new StorageRejection(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
            MaxSizeAllowed: String(opts.maxBytes),
          })
        }
        sha256.update(chunk)
        md5.update(chunk)
        if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', () => resolve()))
        await opts.onChunk?.(chunk)
      }
      if (opts.minBytes !== undefined && size < opts.minBytes) {
        throw new StorageRejection(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed size',
          {
            ProposedSize: String(size),
            MinSizeAllowed: String(opts.minBytes),
          },
        )
      }
      file.end()
      await finished(file)
      const base = {
        bucket: opts.bucket,
        key: opts.key,
        size,
        sha256: sha256.digest('hex'),
        md5: md5.digest('hex'),
        contentType: opts.contentType,
      }
      const extra = (await opts.beforeCommit?.(base)) ?? {}
      const object: StoredObject = { ...base, ...extra, lastModified: opts.now, path }
      const previous = this.#objects.get(`${opts.bucket}/${opts.key}`)
      this.#objects.set(`${opts.bucket}/${opts.key}`, object)
      if (previous) await rm(previous.path, { force: true })
      return object
    } catch (error) {
      file.destroy()
      await rm(path, { force: true })
      throw error
    }
  }

  read(object: StoredObject): NodeJS.ReadableStream {
    return createReadStream(object.path)
  }

  /** The first bytes of an object: enough for magic-number checks without reading the whole file. */
  async head(object: StoredObject, length: number): Promise<Uint8Array> {
    const handle = await open(object.path, 'r')
    try {
      const buffer = Buffer.alloc(Math.min(length, object.size))
      await handle.read(buffer, 0, buffer.length, 0)
      return buffer
    } finally {
      await handle.close()
    }
  }

  async clear(): Promise<void> {
    const paths = [...this.#objects.values()].map((o) => o.path)
    this.#objects.clear()
    await Promise.all(paths.map((p) => rm(p, { force: true })))
  }
}
