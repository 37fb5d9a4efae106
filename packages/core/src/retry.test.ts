import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { retryAfterMs, retryDelayMs } from './retry.ts'
import { isRetryableStatus } from './upload-error.ts'

const now = () => Date.UTC(2026, 10, 22, 12, 0, 0)
const almostOne = () => 0.999999

describe('retryDelayMs: backoff', () => {
  it('doubles the window with each attempt, from baseMs, up to maxMs', () => {
    expect(retryDelayMs(1, { random: almostOne })).toBe(499)
    expect(retryDelayMs(2, { random: almostOne })).toBe(999)
    expect(retryDelayMs(3, { random: almostOne })).toBe(1999)
    expect(retryDelayMs(20, { random: almostOne })).toBe(29_999)
    expect(retryDelayMs(5000, { random: almostOne, maxMs: 10_000 })).toBe(9_999)
  })

  it('draws the delay uniformly from the whole window (full jitter)', () => {
    expect(retryDelayMs(3, { random: () => 0 })).toBe(0)
    expect(retryDelayMs(3, { random: () => 0.5 })).toBe(1000)
    expect(retryDelayMs(3, { random: () => 0.25, baseMs: 100 })).toBe(100)
  })

  it('treats a nonsensical attempt number as the first retry', () => {
    for (const attempt of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(retryDelayMs(attempt, { random: almostOne })).toBe(499)
    }
  })

  it('stays within [0, maxMs] whatever the attempt and the random source return', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 100_000 }),
        fc.double(),
        fc.integer({ min: 0, max: 60_000 }),
        (attempt, r, maxMs) => {
          const delay = retryDelayMs(attempt, { random: () => r, maxMs })
          expect(Number.isInteger(delay)).toBe(true)
          expect(delay).toBeGreaterThanOrEqual(0)
          expect(delay).toBeLessThanOrEqual(maxMs)
        },
      ),
    )
  })
})

describe('retryDelayMs: Retry-After', () => {
  it('waits exactly the seconds the server asks for, whatever the attempt', () => {
    expect(retryDelayMs(1, { retryAfter: '2', random: almostOne })).toBe(2000)
    expect(retryDelayMs(7, { retryAfter: ' 0 ', random: almostOne })).toBe(0)
    // Beyond our own 30 s backoff cap: the server's answer has its own cap.
    expect(retryDelayMs(1, { retryAfter: '90' })).toBe(90_000)
  })

  it('reads an HTTP-date on the clock passed as now (the server clock, when a skew estimate exists)', () => {
    expect(retryDelayMs(1, { retryAfter: 'Sun, 22 Nov 2026 12:00:05 GMT', now })).toBe(5000)
  })

  it('shortens a wait longer than maxRetryAfterMs (120 s by default) to that cap', () => {
    expect(retryDelayMs(1, { retryAfter: '3600' })).toBe(120_000)
    expect(retryDelayMs(1, { retryAfter: '3600', maxRetryAfterMs: 10_000 })).toBe(10_000)
  })

  it('falls back to backoff for garbage, negative numbers or a date already past', () => {
    for (const retryAfter of ['soon', '-5', '1e3', '', null, 'Sun, 22 Nov 2026 11:59:00 GMT']) {
      expect(retryDelayMs(2, { retryAfter, now, random: almostOne })).toBe(999)
    }
  })

  it('retryAfterMs tells the engine what was asked, so it can give up on a long wait instead', () => {
    expect(retryAfterMs('3600')).toBe(3_600_000)
    expect(retryAfterMs('1.5')).toBe(1500)
    expect(retryAfterMs('Sun, 22 Nov 2026 12:01:00 GMT', now)).toBe(60_000)
    expect(retryAfterMs('tomorrow')).toBeUndefined()
    expect(retryAfterMs(undefined)).toBeUndefined()
  })

  it('never throws and never returns a negative or non-finite delay, for any header', () => {
    fc.assert(
      fc.property(fc.option(fc.string({ unit: 'binary' })), fc.integer({ min: 0, max: 50 }), (retryAfter, attempt) => {
        const delay = retryDelayMs(attempt, { retryAfter, now })
        expect(Number.isFinite(delay) && delay >= 0 && delay <= 120_000).toBe(true)
      }),
    )
  })
})

describe('isRetryableStatus', () => {
  it.each([0, 408, 429, 500, 502, 503, 504, 507, 520, 524])('%i may succeed on a retry', (status) => {
    expect(isRetryableStatus(status)).toBe(true)
  })

  it.each([200, 301, 400, 401, 403, 404, 409, 411, 412, 413, 422, 501, 505, 600, -1])(
    '%i will not succeed on a retry',
    (status) => {
      expect(isRetryableStatus(status)).toBe(false)
    },
  )
})
