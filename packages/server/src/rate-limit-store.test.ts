import { describe, expect, it } from 'vitest'
import { memoryRateLimitStore } from './rate-limit-store.ts'

/** A clock the test moves by hand: window boundaries are crossed exactly, never waited for. */
function manualClock(start = 1_000_000) {
  let now = start
  return {
    now: () => now,
    advance(ms: number) {
      now += ms
    },
  }
}

describe('memoryRateLimitStore', () => {
  it('counts each key on its own, within a fixed window that starts at its first call', async () => {
    const clock = manualClock()
    const store = memoryRateLimitStore({ now: clock.now })
    expect(await store.increment('a', 1000)).toEqual({ count: 1, resetsInMs: 1000 })
    clock.advance(400)
    expect(await store.increment('a', 1000)).toEqual({ count: 2, resetsInMs: 600 })
    expect(await store.increment('b', 1000)).toEqual({ count: 1, resetsInMs: 1000 })
    clock.advance(599)
    expect(await store.increment('a', 1000)).toEqual({ count: 3, resetsInMs: 1 })
  })

  it('starts a new window exactly when the old one ends', async () => {
    const clock = manualClock()
    const store = memoryRateLimitStore({ now: clock.now })
    await store.increment('a', 1000)
    await store.increment('a', 1000)
    clock.advance(1000)
    expect(await store.increment('a', 1000)).toEqual({ count: 1, resetsInMs: 1000 })
    clock.advance(2500)
    expect(await store.increment('a', 1000)).toEqual({ count: 1, resetsInMs: 1000 })
  })

  it('drops expired keys, so memory holds only the clients of the current window', async () => {
    const clock = manualClock()
    const store = memoryRateLimitStore({ now: clock.now })
    for (let i = 0; i < 1000; i++) await store.increment(`client-${i}`, 1000)
    expect(store.size).toBe(1000)
    clock.advance(500)
    await store.increment('late', 1000)
    expect(store.size).toBe(1001)
    clock.advance(500)
    await store.increment('next', 1000)
    // The first thousand expired; `late` is still inside its window.
    expect(store.size).toBe(2)
  })

  it('counts concurrent calls one by one', async () => {
    const store = memoryRateLimitStore()
    const counts = await Promise.all(Array.from({ length: 20 }, () => store.increment('a', 60_000)))
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })
})
