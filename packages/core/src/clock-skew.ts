const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec'

// The three forms RFC 9110 §5.6.7 says a recipient must accept, with where each keeps its day, month, year and time.
// Date.parse is not used on them: it accepts far more (`Date.parse('2')` is a date in 2001), reads asctime as local
// time, and a header that is not a date must stay "no information".
const FORMS: Array<[form: RegExp, day: number, month: number, year: number, time: number]> = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  [/^[a-z]{3}, (\d\d) ([a-z]{3}) (\d{4}) (\d\d:\d\d:\d\d) (?:GMT|UTC)$/i, 1, 2, 3, 4],
  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  [/^[a-z]{6,9}, (\d\d)-([a-z]{3})-(\d\d) (\d\d:\d\d:\d\d) GMT$/i, 1, 2, 3, 4],
  // asctime: Sun Nov  6 08:49:37 1994
  [/^[a-z]{3} ([a-z]{3}) (\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})$/i, 2, 1, 4, 3],
]

/** An HTTP-date (`Date`, `Retry-After`, `Expires`) → ms since epoch; anything else → undefined. */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim().replace(/\s+/g, ' ')
  for (const [form, day, month, year, time] of FORMS) {
    const m = form.exec(text) as string[] | null
    if (!m) continue
    const monthIndex = MONTHS.indexOf((m[month] as string).toLowerCase()) / 3
    // RFC 850's two-digit year: "within 50 years" means 20xx below 70 and 19xx above for any clock this runs on.
    const yy = m[year] as string
    const fullYear = yy.length === 2 ? `${Number(yy) < 70 ? 20 : 19}${yy}` : yy
    // A leap second (:60) is the second before the next minute.
    const iso = `${fullYear}-${String(monthIndex + 1).padStart(2, '0')}-${(m[day] as string).padStart(2, '0')}T${(m[time] as string).replace(/:60$/, ':59')}.000Z`
    const parsed = Date.parse(iso)
    // Date.parse rolls 31 February and 25:00 over: a date that does not print back as written does not exist.
    return Number.isInteger(monthIndex) && Number.isFinite(parsed) && new Date(parsed).toISOString() === iso
      ? parsed
      : undefined
  }
  return undefined
}

/**
 * One measurement of how far a server's clock is ahead of ours (ms), from the `Date` header of an answer to a
 * request sent at `sentAt` and received at `receivedAt` (local time); undefined when it tells nothing.
 */
export function clockOffsetMs(
  dateHeader: string | null | undefined,
  sentAt: number,
  receivedAt: number,
): number | undefined {
  const serverTime = parseHttpDate(dateHeader)
  if (serverTime === undefined || !Number.isFinite(sentAt) || !Number.isFinite(receivedAt)) return undefined
  // An answer received before it was sent means the local clock jumped in between: no usable measurement.
  if (receivedAt < sentAt) return undefined
  return serverTime + 500 - (sentAt + receivedAt) / 2
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
    this.#offsetMs = clockOffsetMs(dateHeader, sentAt, receivedAt) ?? this.#offsetMs
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
