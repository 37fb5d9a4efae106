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
  /** Where the bytes are (a file, or memory): never returned by `/__objects`. */
  body: BodyRef
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
  beforeCommit?: (object: Omit<StoredObject, 'body' | 'lastModified'>) => Promise<Partial<StoredObject> | undefined>
  now: Date
}

/** One object's bytes where a backend keeps them. */
type BodyRef = unknown

/** An incremental hash (node:crypto's or @noble/hashes'): the backend picks the faster one it has. */
interface Hasher {
  update(chunk: Uint8Array): void
  digestHex(): string
}

/** Where object bytes live: files on disk (the Node mock) or memory (the in-page mock of the static Storybook). */
export interface BodyBackend {
  /** A new body being written; `commit` makes it readable, `discard` drops it. */
  create(): { write(chunk: Uint8Array): Promise<void> | void; commit(): Promise<BodyRef>; discard(): Promise<void> }
  read(body: BodyRef): ReadableStream<Uint8Array>
  /** The first `length` bytes (fewer if the object is shorter). */
  head(body: BodyRef, length: number): Promise<Uint8Array>
  remove(body: BodyRef): Promise<void>
  hasher(algorithm: 'sha256' | 'md5'): Hasher
}

/**
 * Objects of every emulated bucket. A write goes to a fresh body and only becomes an object after its last byte: an
 * upload that breaks off, or breaks a rule mid-stream, leaves nothing behind — the same all-or-nothing that S3 and
 * GCS give a single PUT or POST.
 */
export class ObjectStore {
  readonly #objects = new Map<string, StoredObject>()

  constructor(readonly backend: BodyBackend) {}

  get(bucket: string, key: string): StoredObject | undefined {
    return this.#objects.get(`${bucket}/${key}`)
  }

  list(): StoredObject[] {
    return [...this.#objects.values()]
  }

  async write(body: AsyncIterable<Uint8Array>, opts: WriteOptions): Promise<StoredObject> {
    const target = this.backend.create()
    const sha256 = this.backend.hasher('sha256')
    const md5 = this.backend.hasher('md5')
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
        await target.write(chunk)
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
      const base = {
        bucket: opts.bucket,
        key: opts.key,
        size,
        sha256: sha256.digestHex(),
        md5: md5.digestHex(),
        contentType: opts.contentType,
      }
      const extra = (await opts.beforeCommit?.(base)) ?? {}
      const object: StoredObject = { ...base, ...extra, lastModified: opts.now, body: await target.commit() }
      const previous = this.#objects.get(`${opts.bucket}/${opts.key}`)
      this.#objects.set(`${opts.bucket}/${opts.key}`, object)
      if (previous) await this.backend.remove(previous.body)
      return object
    } catch (error) {
      await target.discard()
      throw error
    }
  }

  read(object: StoredObject): ReadableStream<Uint8Array> {
    return this.backend.read(object.body)
  }

  /** The first bytes of an object: enough for magic-number checks without reading the whole file. */
  head(object: StoredObject, length: number): Promise<Uint8Array> {
    return this.backend.head(object.body, length)
  }

  async clear(): Promise<void> {
    const bodies = [...this.#objects.values()].map((o) => o.body)
    this.#objects.clear()
    await Promise.all(bodies.map((body) => this.backend.remove(body)))
  }
}
