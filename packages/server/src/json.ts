import type { Refusal } from './types.ts'

/** Presign requests are a few hundred bytes a file; anything much larger is not one. */
const MAX_BODY_BYTES = 64 * 1024

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export const refuse = (status: number, ...problems: string[]): Refusal => ({ status, problems })

export const isRefusal = (value: unknown): value is Refusal => isRecord(value) && Array.isArray(value.problems)

/**
 * The JSON body of a browser's presign request, read with a size cap (a stream is cut off once over it, so a
 * huge body costs the server nothing). Only `application/json` is taken: it cannot be sent cross-site without a
 * preflight, so a page from another origin cannot post to the proxy with a plain form.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<{ value: unknown } | Refusal> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return refuse(415, `body must be JSON: send Content-Type: application/json (got ${JSON.stringify(type)})`)
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  const tooLarge = () => refuse(413, `body must be at most ${maxBytes} bytes`)
  if (declared > maxBytes) return tooLarge()
  if (!request.body) return refuse(400, 'body must be JSON; it is empty')
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return { value: JSON.parse(new TextDecoder().decode(bytes)) }
  } catch {
    return refuse(400, 'body must be JSON; it does not parse')
  }
}
