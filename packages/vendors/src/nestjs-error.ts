import { anyAsText, asText, isRecord, parsedBody } from './json-values.ts'
import type { VendorErrorReading } from './vendor-error.ts'

/**
 * NestJS's error shape, which Startrail and NFT2 answer with: `{statusCode, message, error?}`, `message` the
 * class-validator sentences on a 400 (`payload.0.category must be …`) or one string. `statusCode` is what tells it
 * from Typebot's and Leonardo's shapes, which carry no status. Sentences that start with `<listName>.<n>` are about
 * the request's n-th file.
 */
export function readNestJsError(body: unknown, listName: string): VendorErrorReading | undefined {
  const record = parsedBody(body)
  if (!isRecord(record) || typeof record.statusCode !== 'number') return undefined
  const messages = (Array.isArray(record.message) ? record.message.map(anyAsText) : [asText(record.message) ?? ''])
    .map((message) => message.trim())
    .filter(Boolean)
  const error = asText(record.error)?.trim() || undefined
  if (messages.length === 0 && error === undefined) return undefined

  const indexed = new RegExp(`^${listName}\\.(\\d+)\\b`)
  const issues =
    messages.length > 0
      ? messages.map((message) => {
          const index = Number(indexed.exec(message)?.[1])
          return Number.isSafeInteger(index) ? { message, fileIndex: index } : { message }
        })
      : [{ message: error as string }]
  const details: Record<string, string> = { statusCode: String(record.statusCode) }
  // Beside a message, `error` is only the status's reason phrase: kept, but not an issue of its own.
  if (messages.length > 0 && error !== undefined) details.error = error
  const code = asText(record.code)
  return { issues, ...(code ? { code } : {}), details }
}
