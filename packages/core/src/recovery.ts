// What the engine needs only once something went wrong, or for an unusual expiry: the backoff before a retry
// (`Retry-After` may be an HTTP-date), and the storage's clock (an expiry given without a signing time). One chunk,
// loaded on first use: an upload that succeeds at once with a self-dating URL never needs it.

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

export interface RetryDelayOptions {
  /** The ceiling of the first retry's delay; it doubles with each attempt. Default 500 ms. */
  baseMs?: number
  /** The ceiling of any backoff delay. Default 30 s. */
  maxMs?: number
  /** The answer's `Retry-After` header (seconds or an HTTP-date). */
  retryAfter?: string | null
  /** The longest `Retry-After` obeyed; a longer one is shortened to this. Default 120 s. */
  maxRetryAfterMs?: number
  /** In [0, 1); injectable for tests. */
  random?: () => number
  /** Now, for an HTTP-date `Retry-After`; the date is on the server's clock, so pass its estimate when known. */
  now?: () => number
}

/**
 * How long `Retry-After` asks to wait, in ms, or undefined when it says nothing usable (absent, garbage, or a
 * date already past, which on a skewed clock says nothing about the server's wish).
 */
export function retryAfterMs(retryAfter: string | null | undefined, now: () => number = Date.now): number | undefined {
  if (typeof retryAfter !== 'string') return undefined
  const text = retryAfter.trim()
  // delta-seconds is whole seconds; some servers send fractions, which mean the same thing.
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const date = parseHttpDate(text)
  if (date === undefined) return undefined
  const wait = date - now()
  return wait > 0 ? wait : undefined
}

/**
 * The delay before retry number `attempt` (1 = the first retry after one failure).
 *
 * A sane `Retry-After` wins: the server knows when it will take the request again, and coming back earlier only
 * earns another 429 and spends an attempt. It has its own cap (`maxRetryAfterMs`, 120 s) rather than `maxMs`,
 * because `maxMs` bounds our own guesses, not the server's answer; above 120 s a browser upload would look hung,
 * so the wait is shortened to the cap (call `retryAfterMs` to give up instead).
 *
 * Otherwise exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a
 * uniform random delay in [0, min(maxMs, baseMs · 2^(attempt-1))), which spreads many files retrying together
 * across the window instead of having them collide again in step.
 */
export function retryDelayMs(attempt: number, opts: RetryDelayOptions = {}): number {
  const { baseMs = 500, maxMs = 30_000, maxRetryAfterMs = 120_000, random = Math.random, now = Date.now } = opts
  const asked = retryAfterMs(opts.retryAfter, now)
  if (asked !== undefined) return Math.min(asked, Math.max(0, maxRetryAfterMs))
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt) - 1) : 0
  // 2 ** 1075 is Infinity; Math.min below turns any overflow into maxMs.
  const ceiling = Math.max(0, Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 1024)))
  const r = random()
  const fraction = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5
  return Math.floor(fraction * ceiling)
}

/**
 * A batch the vendor refused because of the files it named (`named`, positions in `files`), presigned apart: the
 * other files again together, each named file alone, with `presignEach`; an answer per file, in `files`' order.
 */
export function presignApart<F, P, H>(
  files: F[],
  previous: P[],
  named: number[],
  presignEach: (files: F[], previous: P[]) => Array<Promise<H>>,
): Array<Promise<H>> {
  const others = files.flatMap((_, i) => (named.includes(i) ? [] : [i]))
  const answers: Array<Promise<H>> = []
  const othersAnswers = presignEach(
    others.map((i) => files[i] as F),
    others.map((i) => previous[i] as P),
  )
  for (const [k, i] of others.entries()) answers[i] = othersAnswers[k] as Promise<H>
  for (const i of named) answers[i] = presignEach([files[i] as F], [previous[i] as P])[0] as Promise<H>
  return answers
}
