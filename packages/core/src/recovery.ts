// What the engine needs only once something went wrong, or for an unusual expiry: the backoff before a retry
// (`Retry-After` may be an HTTP-date), and the storage's clock (an expiry given without a signing time). One chunk,
// loaded on first use: an upload that succeeds at once with a self-dating URL never needs it.
export { clockOffsetMs } from './clock-skew.ts'
export { retryDelayMs } from './retry.ts'
