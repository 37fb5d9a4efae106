import statuses from 'statuses'
import { drip, sleep } from '../faults/effects.ts'
import type { Fault } from '../faults/fault-book.ts'
import type { MockContext } from '../http/env.ts'
import type { MockState } from '../state.ts'
import type { Vendor } from '../stats.ts'

export type VendorContext = MockContext

/** A vendor's documented error body for a status and a message. */
export type ErrorShape = (status: number, message: string) => unknown

/** A JSON error in the vendor's own shape. */
export function vendorError(
  errorShape: ErrorShape,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(errorShape(status, message), { status, headers })
}

/**
 * Runs a vendor API handler under the fault drawn for this request and counts presign calls. The handler gets
 * `malformed` to break its own response schema in a vendor-specific way (the fault only it knows how to commit).
 */
export async function vendorRoute(
  c: VendorContext,
  state: MockState,
  vendor: Vendor,
  errorShape: ErrorShape,
  handle: (malformed: boolean) => Promise<Response> | Response,
  { presign = true } = {},
): Promise<Response> {
  if (presign) state.stats.countPresign(vendor)
  const fault: Fault | undefined = presign ? state.faults.draw(vendor) : undefined
  if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000)
  if (fault?.kind === 'reset') {
    state.platform.resetConnection(c)
    return new Response(null, { status: 500 })
  }
  if (fault?.kind === 'status') {
    const status = fault.status ?? 503
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {}
    // The status text, as NestJS words it: Startrail documents `{"statusCode": 502, "message": "Bad Gateway"}`.
    const message = statuses.message[status] ?? 'Request failed'
    return vendorError(errorShape, status, message, headers)
  }
  const response = await handle(fault?.kind === 'malformed')
  return fault?.kind === 'drip' ? drip(response, fault) : response
}

/** Reads a JSON body; `undefined` when it is not JSON (each vendor words that error its own way). */
export async function jsonBody(c: VendorContext): Promise<unknown> {
  try {
    return await c.req.json()
  } catch {
    return undefined
  }
}

/** The Bearer token of a request, if it has a well-formed `Authorization` header. */
export function bearer(c: VendorContext): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
