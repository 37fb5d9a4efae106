import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clockOffsetMs, parseHttpDate, retryAfterMs, retryDelayMs } from './recovery.ts'
import { isRetryableStatus } from './upload-error.ts'

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37)

describe('parseHttpDate', () => {
  it('reads the three forms RFC 9110 requires a recipient to accept', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(NOV_6_1994)
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(NOV_6_1994)
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(NOV_6_1994)
  })

  it('takes the names in any case, a leap second, and RFC 850 years on both sides of 70', () => {
    expect(parseHttpDate('SUN, 06 NOV 1994 08:49:37 gmt')).toBe(NOV_6_1994)
    expect(parseHttpDate('Sat, 31 Dec 2016 23:59:60 GMT')).toBe(Date.UTC(2016, 11, 31, 23, 59, 59))
    expect(parseHttpDate('Monday, 01-Jan-69 00:00:00 GMT')).toBe(Date.UTC(2069, 0, 1))
    expect(parseHttpDate('Thursday, 01-Jan-70 00:00:00 GMT')).toBe(Date.UTC(1970, 0, 1))
  })

  it('reads what the mock storage sends', () => {
    expect(parseHttpDate('Sun, 22 Nov 2026 02:53:14 GMT')).toBe(Date.UTC(2026, 10, 22, 2, 53, 14))
  })

  it.each([
    '',
    '2',
    '1700000000',
    'Sun, 31 Feb 2026 10:00:00 GMT',
    'Sun, 06 Nov 1994 25:00:00 GMT',
    'Sun, 06 Nov 1994 08:61:00 GMT',
    'Sun, 06 Nob 1994 08:49:37 GMT',
    'Sun, 06 anf 1994 08:49:37 GMT',
    'Sun Nov 31 08:49:37 1994',
    'yesterday',
    '2026-11-22T02:53:14Z',
  ])('is undefined for %j, which is not an HTTP-date', (text) => {
    expect(parseHttpDate(text)).toBeUndefined()
  })

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => void parseHttpDate(text)))
  })
})

/** The Date header a server whose clock is `offsetMs` ahead would write at local time `localMs`. */
const dateHeader = (localMs: number, offsetMs: number) => new Date(localMs + offsetMs).toUTCString()

describe('clockOffsetMs', () => {
  it('finds a server clock an hour ahead, to within the header’s one-second resolution', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0, 250)
    const offset = clockOffsetMs(dateHeader(local + 100, 3_600_000), local, local + 200) as number
    expect(Math.abs(offset - 3_600_000)).toBeLessThanOrEqual(600)
  })

  it('finds a server clock behind ours', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0)
    expect(clockOffsetMs(dateHeader(local, -90_000), local, local)).toBe(-90_000 + 500)
  })

  it('tells nothing from answers without a usable Date header, nor across a local clock jump', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0)
    for (const header of [null, undefined, '', 'not a date', '1700000000'])
      expect(clockOffsetMs(header, local, local)).toBeUndefined()
    expect(clockOffsetMs(dateHeader(local, -5_000_000), local, local - 10)).toBeUndefined()
    expect(clockOffsetMs(dateHeader(local, -5_000_000), Number.NaN, local)).toBeUndefined()
  })

  it('is never further off than half a second plus half the round trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (trueOffset, rtt, whenServerAnswered) => {
          const sentAt = Date.UTC(2026, 10, 22) + 123
          const offset = clockOffsetMs(dateHeader(sentAt + whenServerAnswered * rtt, trueOffset), sentAt, sentAt + rtt)
          expect(Math.abs((offset as number) - trueOffset)).toBeLessThanOrEqual(500 + rtt / 2 + 1)
        },
      ),
    )
  })
})

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
