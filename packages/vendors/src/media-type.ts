// RFC 9110 §8.3.1 media-type = type "/" subtype parameters, with §5.6.2 tokens, §5.6.4 quoted strings (without
// obs-text) and §5.6.6 parameters: ASCII only, so the value is always a header value a storage can send back.
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const QUOTED = '"(?:[\\t !#-\\[\\]-~]|\\\\[\\t -~])*"'
const MEDIA_TYPE = `${TOKEN}/${TOKEN}(?:[\\t ]*;[\\t ]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*`
const ONE = new RegExp(`^${MEDIA_TYPE}$`)
const LIST = new RegExp(`^${MEDIA_TYPE}(?:[\\t ]*,[\\t ]*${MEDIA_TYPE})*$`)

/**
 * Whether a value is a media type as RFC 9110 writes it (`image/png`, `text/plain; charset=utf-8`): no CR/LF, no
 * non-ASCII, so a Content-Type stored from it can be sent back. `list`: a comma-separated list of them is one too
 * (S3's POST policy reads Content-Type as such a list for `starts-with`).
 */
export const isMediaType = (value: string, { list = false }: { list?: boolean } = {}): boolean =>
  (list ? LIST : ONE).test(value)
