import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClockSkew, parseHttpDate } from './clock-skew.ts'

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

describe('ClockSkew', () => {
  it('is 0 until it has seen a Date header', () => {
    const skew = new ClockSkew({ now: () => 5000 })
    expect(skew.offsetMs).toBe(0)
    expect(skew.serverNow()).toBe(5000)
  })

  it('finds a server clock an hour ahead, to within the header’s one-second resolution', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0, 250)
    const skew = new ClockSkew({ now: () => local + 1000 })
    skew.observe(dateHeader(local + 100, 3_600_000), local, local + 200)
    expect(Math.abs(skew.offsetMs - 3_600_000)).toBeLessThanOrEqual(600)
    expect(Math.abs(skew.serverNow() - (local + 1000 + 3_600_000))).toBeLessThanOrEqual(600)
  })

  it('finds a server clock behind ours', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0)
    const skew = new ClockSkew()
    skew.observe(dateHeader(local, -90_000), local, local)
    expect(skew.offsetMs).toBe(-90_000 + 500)
  })

  it('keeps the most recent estimate: clocks drift, and a device may change its time', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0)
    const skew = new ClockSkew()
    skew.observe(dateHeader(local, 60_000), local, local)
    skew.observe(dateHeader(local, -60_000), local, local)
    expect(skew.offsetMs).toBe(-60_000 + 500)
  })

  it('ignores answers without a usable Date header, and measurements across a local clock jump', () => {
    const local = Date.UTC(2026, 10, 22, 12, 0, 0)
    const skew = new ClockSkew()
    skew.observe(dateHeader(local, 60_000), local, local)
    for (const header of [null, undefined, '', 'not a date', '1700000000']) skew.observe(header, local, local)
    skew.observe(dateHeader(local, -5_000_000), local, local - 10)
    skew.observe(dateHeader(local, -5_000_000), Number.NaN, local)
    expect(skew.offsetMs).toBe(60_500)
  })

  it('is never further off than half a second plus half the round trip', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (trueOffset, rtt, whenServerAnswered) => {
          const sentAt = Date.UTC(2026, 10, 22) + 123
          const receivedAt = sentAt + rtt
          const skew = new ClockSkew()
          skew.observe(dateHeader(sentAt + whenServerAnswered * rtt, trueOffset), sentAt, receivedAt)
          expect(Math.abs(skew.offsetMs - trueOffset)).toBeLessThanOrEqual(500 + rtt / 2 + 1)
        },
      ),
    )
  })
})
