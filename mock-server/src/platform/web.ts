import type { MockContext } from '../http/env.ts'
import { signGoog4Url } from '../signing/goog4-sign.ts'
import type { MockPlatform } from './platform.ts'

async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

const streamOf = (chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array<ArrayBuffer>> => {
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(value as Uint8Array<ArrayBuffer>)
    },
  })
}

/**
 * The in-page mock (static Storybook through MSW): the request arrives whole from the service worker, so a body
 * is read from the `Request` and a form parsed by the browser's own `formData()`; there is no socket to cut, so a
 * reset is marked on the request and answered as a network error by the MSW handler (`Response.error()`).
 */
export function webPlatform(): MockPlatform & { wasReset(request: Request): boolean } {
  const resets = new WeakSet<Request>()
  return {
    requestBody: (c: MockContext) => chunksOf(c.req.raw.body),
    // Nothing is left on a wire: the service worker has already read the whole body.
    discardRest: async () => {},
    resetConnection: (c) => {
      resets.add(c.req.raw)
    },
    wasReset: (request) => resets.has(request),
    async parseForm(body, contentType, handlers) {
      let form: FormData
      try {
        form = await new Response(streamOf(body), { headers: { 'content-type': contentType } }).formData()
      } catch (error) {
        throw new Error(error instanceof Error ? error.message : String(error))
      }
      for (const [name, value] of form) {
        if (typeof value === 'string') handlers.field(name, value)
        else handlers.file(name, value.name, chunksOf(value.stream()), () => {})
      }
    },
    signGcsUrl: (input) => signGoog4Url(input),
  }
}
