import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { memoryBodies } from './memory-bodies.ts'
import { ObjectStore, StorageRejection } from './object-store.ts'

async function* chunks(...parts: string[]) {
  for (const part of parts) yield new TextEncoder().encode(part)
}
const write = (store: ObjectStore, key: string, ...parts: string[]) =>
  store.write(chunks(...parts), { bucket: 'b', key, contentType: 'text/plain', now: new Date() })

describe('memoryBodies (the in-page mock’s object bytes)', () => {
  it('stores, reads back and hashes like the disk store (node:crypto as the oracle)', async () => {
    const store = new ObjectStore(memoryBodies())
    const object = await write(store, 'a.txt', 'hello ', 'world\n')
    expect(object.size).toBe(12)
    expect(object.sha256).toBe(createHash('sha256').update('hello world\n').digest('hex'))
    expect(object.md5).toBe(createHash('md5').update('hello world\n').digest('hex'))
    expect(await new Response(store.read(object)).text()).toBe('hello world\n')
    expect(new TextDecoder().decode(await store.head(object, 5))).toBe('hello')
  })

  it('refuses past its cap with a message that says what to do, keeps nothing of the refused write', async () => {
    const store = new ObjectStore(memoryBodies(10))
    await write(store, 'six', '123456')
    const refused = await write(store, 'five', '12345').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(StorageRejection)
    expect((refused as StorageRejection).message).toMatch(/at most 10 bytes.*npm start/)
    expect(store.list().map((o) => o.key)).toEqual(['six'])
    // Space comes back when an object goes: overwriting and clearing release what they replace.
    await write(store, 'six', '1234')
    await write(store, 'five', '12345')
    await store.clear()
    await write(store, 'ten', '1234567890')
  })
})
