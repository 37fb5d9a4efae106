/**
 * The mock's notion of "now". Tests move it forward with `POST /__clock` to see URLs expire without waiting, so
 * every expiry decision and every signature the mock makes reads this clock, never `Date.now()` directly.
 */
export class MockClock {
  offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  advance(ms: number): void {
    this.offsetMs += ms
  }
  reset(): void {
    this.offsetMs = 0
  }
}
