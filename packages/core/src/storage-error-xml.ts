// The XML error document S3 and GCS answer a refused request with, read into fields: what the failure words are
// built from. See https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html and
// https://cloud.google.com/storage/docs/xml-api/reference-status for the two shapes.

/** Past this, a body is not an S3 / GCS error document (theirs are a few KiB), and scanning it is wasted work. */
const MAX_XML_CHARS = 256 * 1024

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (entity, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? entity
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity
  })
}

/** The text of an element's content: CDATA kept as is, entities decoded, any nested markup dropped. */
function elementText(content: string): string {
  let text = ''
  let i = 0
  while (i < content.length) {
    const lt = content.indexOf('<', i)
    if (lt < 0) {
      text += decodeEntities(content.slice(i))
      break
    }
    text += decodeEntities(content.slice(i, lt))
    if (content.startsWith('<![CDATA[', lt)) {
      const end = content.indexOf(']]>', lt + 9)
      text += content.slice(lt + 9, end < 0 ? undefined : end)
      i = end < 0 ? content.length : end + 3
      continue
    }
    const gt = content.indexOf('>', lt + 1)
    i = gt < 0 ? content.length : gt + 1
  }
  return text.trim()
}

/**
 * Reads the XML error document S3 and GCS send (`<Error><Code/><Message/>…</Error>`): `code`, `message`, and every
 * other child element as `details` (CanonicalRequest, StringToSign, ProposedSize, GCS's Details …), entities
 * decoded. Anything that is not such a document gives `{ details: {} }`; it never throws.
 *
 * A single forward scan, not a regex over the body: a body is whatever came back (an HTML page from a proxy, a
 * truncated stream), and backtracking patterns go quadratic on the wrong input.
 */
export function parseStorageErrorXml(body: string): {
  code?: string
  message?: string
  details: Record<string, string>
} {
  if (typeof body !== 'string') return { details: {} }
  const text = body.length > MAX_XML_CHARS ? body.slice(0, MAX_XML_CHARS) : body
  const fields = new Map<string, string>()
  let inError = false
  let child: { name: string; contentStart: number; depth: number } | undefined
  let i = 0
  while (i < text.length) {
    const lt = text.indexOf('<', i)
    if (lt < 0) break
    if (text.startsWith('<![CDATA[', lt) || text.startsWith('<!--', lt)) {
      const terminator = text.startsWith('<!--', lt) ? '-->' : ']]>'
      const end = text.indexOf(terminator, lt + 4)
      if (end < 0) break
      i = end + 3
      continue
    }
    const gt = text.indexOf('>', lt + 1)
    if (gt < 0) break
    i = gt + 1
    const tag = text.slice(lt + 1, gt)
    const closing = tag.startsWith('/')
    const selfClosing = !closing && tag.endsWith('/')
    const name = /^\/?([A-Za-z_][\w.:-]*)/.exec(tag)?.[1]
    if (!name) continue
    const localName = name.slice(name.indexOf(':') + 1)
    if (!inError) {
      if (!closing && localName === 'Error') {
        if (selfClosing) break
        inError = true
      }
      continue
    }
    if (!child) {
      if (closing) {
        if (localName === 'Error') break
      } else if (selfClosing) {
        if (!fields.has(localName)) fields.set(localName, '')
      } else {
        child = { name, contentStart: gt + 1, depth: 0 }
      }
      continue
    }
    if (name !== child.name || selfClosing) continue
    if (!closing) child.depth++
    else if (child.depth > 0) child.depth--
    else {
      if (!fields.has(localName)) fields.set(localName, elementText(text.slice(child.contentStart, lt)))
      child = undefined
    }
  }
  const code = fields.get('Code')
  const message = fields.get('Message')
  fields.delete('Code')
  fields.delete('Message')
  // Object.fromEntries defines own properties, so a `<__proto__>` element is just a detail.
  const details = Object.fromEntries(fields)
  return {
    ...(code ? { code } : {}),
    ...(message ? { message } : {}),
    details,
  }
}
