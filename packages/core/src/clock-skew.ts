const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// The three forms RFC 9110 §5.6.7 says a recipient must accept. Date.parse is not used: it accepts far more
// (`Date.parse('2')` is a date in 2001), and a header that is not a date must stay "no information".
const IMF_FIXDATE = /^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC)$/
const RFC_850 = /^[A-Za-z]{6,9}, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/

function utc(year: number, monthName: string, day: number, hour: number, minute: number, second: number) {
  const month = MONTHS.indexOf(monthName.toLowerCase())
  if (month < 0 || hour > 23 || minute > 59 || second > 60) return undefined
  const time = Date.UTC(year, month, day, hour, minute, Math.min(second, 59))
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is not a date.
  return new Date(time).getUTCDate() === day ? time : undefined
}

/** An HTTP-date (`Date`, `Retry-After`, `Expires`) → ms since epoch; anything else → undefined. */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim().replace(/\s+/g, ' ')
  let m = IMF_FIXDATE.exec(text)
  if (m) return utc(Number(m[3]), m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]))
  m = RFC_850.exec(text)
  if (m) {
    // RFC 850's two-digit year: the doc's rule is "within 50 years", which for any clock this code runs on means
    // 20xx below 70 and 19xx above; nobody sends these any more, but a recipient must accept them.
    const yy = Number(m[3])
    return utc(yy < 70 ? 2000 + yy : 1900 + yy, m[2] as string, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]))
  }
  m = ASCTIME.exec(text)
  if (m) return utc(Number(m[6]), m[1] as string, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]))
  return undefined
}

/**
 * How far the storage's clock is ahead of ours, learnt from the `Date` header of its answers, so that an
 * `expiresAt` given on the server's clock can be compared with `Date.now()` here.
 *
 * Resolution: `Date` has whole seconds and is truncated, so the server's real time when it wrote the header lies
 * somewhere in [Date, Date + 1 s); we take the middle (+500 ms). Its time is compared with the midpoint between
 * sending and receiving, which is off by up to half the round trip. The estimate is therefore only good to about
 * ±(0.5 s + RTT/2): fine for expiry decisions measured in minutes, useless for anything finer. The most recent
 * estimate wins, because clocks drift and a device may change its time while a page is open.
 */
export class ClockSkew {
  readonly #now: () => number
  #offsetMs = 0

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now
  }

  observe(dateHeader: string | null | undefined, sentAt: number, receivedAt: number): void {
    const serverTime = parseHttpDate(dateHeader)
    if (serverTime === undefined || !Number.isFinite(sentAt) || !Number.isFinite(receivedAt)) return
    // An answer received before it was sent means the local clock jumped in between: no usable measurement.
    if (receivedAt < sentAt) return
    this.#offsetMs = serverTime + 500 - (sentAt + receivedAt) / 2
  }

  /** Server time minus local time, in ms (0 until a `Date` header has been seen). */
  get offsetMs(): number {
    return this.#offsetMs
  }

  /** The server's clock now, as well as it can be estimated. */
  serverNow(): number {
    return this.#now() + this.#offsetMs
  }
}
