import { VENDORS, type Vendor } from '../stats.ts'

/** Uploads (`s3-put`, `s3-post`, `gcs`), and reads of GCS objects (`gcs-get`: GET and HEAD, signed or public). */
export type StorageTarget = 's3-put' | 's3-post' | 'gcs' | 'gcs-get'
export type FaultTarget = Vendor | StorageTarget
const FAULT_TARGETS: readonly FaultTarget[] = [...VENDORS, 's3-put', 's3-post', 'gcs', 'gcs-get']

export type FaultKind =
  | 'status'
  | 'expire'
  | 'reset'
  | 'delay'
  | 'drip'
  | 'malformed'
  | 'hide-header'
  | 'wrong-cid'
  | 'generation-failed'

/**
 * Kinds about a vendor's asynchronous job, not about the request that starts it: the request routes (presign,
 * storage) never draw them, and the job drawn for them ends in its failure state.
 */
export const JOB_FAULT_KINDS: readonly FaultKind[] = ['generation-failed']

/** Which targets each kind makes sense for: a fault that could never fire is refused when it is set, not ignored. */
// A read sends no body to drip or break off, and hides no header the kit needs.
const APPLIES_TO: Record<FaultKind, (target: FaultTarget) => boolean> = {
  status: () => true,
  delay: () => true,
  drip: (t) => t !== 'gcs-get',
  reset: (t) => t !== 'gcs-get',
  malformed: (t) => (VENDORS as readonly string[]).includes(t),
  expire: (t) => !(VENDORS as readonly string[]).includes(t),
  'hide-header': (t) => !(VENDORS as readonly string[]).includes(t) && t !== 'gcs-get',
  'wrong-cid': (t) => t === 's3-put',
  // Leonardo's generations end COMPLETE or FAILED; this makes the next one started end FAILED.
  'generation-failed': (t) => t === 'leonardo',
}

interface FaultSpec {
  target: FaultTarget
  kind: FaultKind
  /** Fires this many times, then is gone; unlimited when absent. */
  count?: number
  /** Chance (0–1] that a matching request is hit; 1 when absent. */
  probability?: number
  /** For `status`: the HTTP status to answer (default 503). */
  status?: number
  /** For `status`: sent as `Retry-After`. */
  retryAfterSeconds?: number
  /** For `delay` (before answering) and `drip` (between pieces of a body); defaults 1000 and 50. */
  delayMs?: number
  /** For `hide-header`: the header still sent but left out of `Access-Control-Expose-Headers` (default `x-amz-meta-cid`). */
  header?: string
}

export interface Fault extends FaultSpec {
  id: number
  fired: number
}

export class FaultBook {
  #faults: Fault[] = []
  #nextId = 1

  /** Validates and stores a fault; returns the reason when the spec cannot be used. */
  add(input: unknown): Fault | string {
    const spec = input as Partial<FaultSpec> | null
    if (!spec || typeof spec !== 'object') return 'body must be a JSON object {target, kind, …}'
    if (!FAULT_TARGETS.includes(spec.target as FaultTarget)) {
      return `target must be one of ${FAULT_TARGETS.join(', ')}`
    }
    const target = spec.target as FaultTarget
    // Own keys only: `'constructor' in APPLIES_TO` is true, and such a kind was accepted as a fault that never fires.
    if (!(typeof spec.kind === 'string' && Object.hasOwn(APPLIES_TO, spec.kind))) {
      return `kind must be one of ${Object.keys(APPLIES_TO).join(', ')}`
    }
    if (!APPLIES_TO[spec.kind](target)) return `kind ${spec.kind} does not apply to target ${target}`
    if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count > 0)) {
      return 'count must be a positive integer'
    }
    // typeof: a string such as "0.5" passes the comparisons by coercion and would be stored as a string.
    if (
      spec.probability !== undefined &&
      !(typeof spec.probability === 'number' && spec.probability > 0 && spec.probability <= 1)
    ) {
      return 'probability must be in (0, 1]'
    }
    if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599)) {
      return 'status must be an HTTP error status (400–599)'
    }
    // Refused rather than used: a delayMs of "slow" would sleep NaN ms (no delay at all), a header of 5 would hide
    // nothing, and a Retry-After of -1 is not a value a client can act on.
    if (
      spec.delayMs !== undefined &&
      !(typeof spec.delayMs === 'number' && Number.isFinite(spec.delayMs) && spec.delayMs >= 0)
    ) {
      return 'delayMs must be a number of milliseconds ≥ 0'
    }
    if (
      spec.retryAfterSeconds !== undefined &&
      !(Number.isInteger(spec.retryAfterSeconds) && spec.retryAfterSeconds >= 0)
    ) {
      return 'retryAfterSeconds must be an integer ≥ 0'
    }
    if (spec.header !== undefined && !(typeof spec.header === 'string' && /^[A-Za-z0-9-]+$/.test(spec.header))) {
      return 'header must be a response header name'
    }
    const fault: Fault = { ...(spec as FaultSpec), target, id: this.#nextId++, fired: 0 }
    this.#faults.push(fault)
    return fault
  }

  /**
   * The fault that hits this request, if any: at most one per request, the oldest matching first, and a counted
   * fault is spent by the draw, so `count: 1` means exactly one request sees it. Without `kinds`, a request's
   * faults (every kind but the job kinds); with them, only those kinds.
   */
  draw(target: FaultTarget, kinds?: readonly FaultKind[]): Fault | undefined {
    for (const fault of this.#faults) {
      if (fault.target !== target) continue
      // A request draws the faults of its own nature: a job fault waits for a job, a request fault for a request.
      if (kinds ? !kinds.includes(fault.kind) : JOB_FAULT_KINDS.includes(fault.kind)) continue
      if (fault.probability !== undefined && Math.random() >= fault.probability) continue
      fault.fired++
      if (fault.count !== undefined && fault.fired >= fault.count) {
        this.#faults = this.#faults.filter((f) => f !== fault)
      }
      return fault
    }
    return undefined
  }

  list(): Fault[] {
    return [...this.#faults]
  }

  clear(): void {
    this.#faults = []
  }
}
