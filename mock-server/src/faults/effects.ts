import type { MockContext } from '../http/env.ts'
import type { Fault } from './fault-book.ts'

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Re-sends a response body in small pieces with pauses: a slow network or an overloaded server. */
export function drip(response: Response, fault: Fault): Response {
  const pause = fault.delayMs ?? 50
  const source = response.body
  if (!source) return response
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const reader = source.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        for (let i = 0; i < value.byteLength; i += 16) {
          controller.enqueue(value.subarray(i, i + 16))
          await sleep(pause)
        }
      }
      controller.close()
    },
  })
  return new Response(body, { status: response.status, headers: response.headers })
}

/** Passes a request body through with a pause between chunks: the upload drips into a slow server. */
export async function* dripBody(source: AsyncIterable<Uint8Array>, fault: Fault): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    await sleep(fault.delayMs ?? 50)
    yield chunk
  }
}

/**
 * Passes a request body through until about half of it (by Content-Length, else the second chunk), then resets
 * the connection: the "connection reset mid-upload" that retries must survive.
 */
export async function* resetMidBody(
  c: MockContext,
  source: AsyncIterable<Uint8Array>,
  resetConnection: (c: MockContext) => void,
): AsyncIterable<Uint8Array> {
  const length = Number(c.req.header('content-length') ?? 0)
  let seen = 0
  let chunks = 0
  for await (const chunk of source) {
    seen += chunk.byteLength
    chunks++
    if ((length > 0 && seen >= length / 2) || (length === 0 && chunks >= 2)) {
      resetConnection(c)
      throw new Error('connection reset by fault')
    }
    yield chunk
  }
  // A body too small to split still loses its connection: the fault promised a reset.
  resetConnection(c)
  throw new Error('connection reset by fault')
}
