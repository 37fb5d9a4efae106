import { randomHex } from './random.ts'

export const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch)

export interface XmlError {
  status: number
  code: string
  message: string
  details?: Record<string, string>
}

/**
 * The XML error body S3 and GCS send: `<Error><Code/><Message/>…details…</Error>`. Details carry what the real
 * services add (CanonicalRequest, StringToSign, Details, ProposedSize …), which a client needs to say *why*.
 */
export function xmlErrorResponse(
  { status, code, message, details = {} }: XmlError,
  style: 's3' | 'gcs',
  headers: Record<string, string> = {},
): Response {
  const extra = Object.entries(details)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('')
  const requestId = style === 's3' ? `<RequestId>${randomHex(8).toUpperCase()}</RequestId>` : ''
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${extra}${requestId}</Error>`
  return new Response(body, { status, headers: { 'Content-Type': 'application/xml', ...headers } })
}
