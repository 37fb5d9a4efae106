import { dripBody, resetMidBody, sleep } from '../faults/effects.ts'
import type { Fault, StorageTarget } from '../faults/fault-book.ts'
import type { MockContext, MockEnv } from '../http/env.ts'
import { xmlErrorResponse } from '../http/xml-error.ts'
import type { MockState } from '../state.ts'

export type StorageEnv = MockEnv
export type StorageContext = MockContext

/** What S3 and GCS answer for throttling and outages, in their own words. */
const OUTAGE: Record<number, { code: string; message: string }> = {
  429: { code: 'SlowDown', message: 'Please reduce your request rate.' },
  500: { code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  503: { code: 'SlowDown', message: 'Please reduce your request rate.' },
}

/**
 * Runs a storage handler with the fault (if any) drawn for this request and counts the outcome. Faults that act
 * before the request is looked at (`delay`, `status`, `expire`, `reset`) are applied here; the handler applies the
 * ones that act on the body or the response (`drip`, `reset` mid-body, `hide-header`, `wrong-cid`).
 */
export async function storageRoute(
  c: StorageContext,
  state: MockState,
  target: StorageTarget,
  route: string,
  style: 's3' | 'gcs',
  expired: () => Response,
  handle: (fault: Fault | undefined) => Promise<Response>,
): Promise<Response> {
  // An upload target's faults hit its uploads only (not a preflight); a read target's hit its reads.
  const fault =
    c.req.method === 'PUT' || c.req.method === 'POST' || target === 'gcs-get' ? state.faults.draw(target) : undefined
  let response: Response
  if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000)
  if (fault?.kind === 'status') {
    const status = fault.status ?? 503
    const { code, message } = OUTAGE[status] ?? {
      code: 'ServiceUnavailable',
      message: 'Service is unable to handle request.',
    }
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {}
    response = xmlErrorResponse({ status, code, message }, style, headers)
  } else if (fault?.kind === 'expire') {
    response = expired()
  } else {
    response = await handle(fault)
  }
  state.stats.countStorage(route, response.status)
  return response
}

/** The request body as it arrives on the socket (never buffered), through the body faults if one was drawn. */
export function requestBody(c: StorageContext, state: MockState, fault: Fault | undefined): AsyncIterable<Uint8Array> {
  const incoming = state.platform.requestBody(c)
  if (fault?.kind === 'drip') return dripBody(incoming, fault)
  if (fault?.kind === 'reset') return resetMidBody(c, incoming, state.platform.resetConnection)
  return incoming
}

/**
 * After an early rejection, reads and discards the rest of the body so the browser gets to read the error
 * instead of a connection reset; past `capBytes` it closes the connection instead, as S3 does for huge bodies.
 */
export function discardRest(c: StorageContext, state: MockState, capBytes = 64 * 1024 * 1024): Promise<void> {
  return state.platform.discardRest(c, capBytes)
}
