/** The longest run after the last dot still taken for an extension; past it, the dot is part of the name. */
const MAX_EXTENSION_LENGTH = 16
const EXTENSION = new RegExp(`^[A-Za-z0-9]{1,${MAX_EXTENSION_LENGTH}}$`)

/**
 * Characters removed outright: invisible formatting (zero-width spaces and joiners, BOM, the bidi embeddings,
 * overrides and isolates U+202A–U+202E and U+2066–U+2069 that make `gpj.exe` display as `exe.jpg`, tag
 * characters), controls other than whitespace (NUL and friends), and the Hangul fillers, letters that render as
 * nothing. None of them can be seen, so keeping them would give two names that look equal and are not.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u115F\u1160\u3164\uFFA0]/gu
/** Letters and digits of any script (with their combining marks), `.`, `_` and `-`: everything else is replaced. */
const NOT_ALLOWED = /[^\p{L}\p{M}\p{N}._-]+/gu
/** A combining mark only means something on a letter or digit; left alone after `-` it would stack on nothing. */
const ORPHAN_MARKS = /(^|[^\p{L}\p{M}\p{N}])\p{M}+/gu
const MARK = /^\p{M}$/u

const lastSegment = (name: string) => name.split(/[/\\]/).findLast(Boolean) ?? ''

const utf8Length = (text: string) => new TextEncoder().encode(text).length

/** How many of `chars`, from the first, fit in `maxBytes` of UTF-8. */
function fitting(chars: string[], maxBytes: number): number {
  let bytes = 0
  for (let n = 0; n < chars.length; n++) {
    bytes += utf8Length(chars[n] as string)
    if (bytes > maxBytes) return n
  }
  return chars.length
}

/** The longest start of `text` within `maxBytes` that does not cut a letter off its combining marks. */
function truncateUtf8(text: string, maxBytes: number): string {
  const chars = Array.from(text)
  let keep = fitting(chars, maxBytes)
  if (keep < chars.length) while (keep > 0 && MARK.test(chars[keep] as string)) keep--
  return chars.slice(0, keep).join('')
}

/** Collapses runs of separators (`--`, `..`, `-.-` → one) and trims them from both ends. */
function tidy(text: string): string {
  return text.replace(/[.-]{2,}/g, (run) => (run.includes('.') ? '.' : '-')).replace(/^[.-]+|[.-]+$/g, '')
}

function clean(text: string): string {
  // NFC after the removal: taking out a NUL between `e` and U+0301 leaves a pair that composes.
  const visible = text.replace(INVISIBLE, '').normalize('NFC')
  return visible.replace(NOT_ALLOWED, '-').replace(ORPHAN_MARKS, '$1')
}

/** The longest end of `text` within `maxBytes`, starting neither with a separator nor with a combining mark. */
function keepEnd(text: string, maxBytes: number): string {
  const chars = Array.from(text)
  let start = chars.length - fitting([...chars].reverse(), maxBytes)
  while (start < chars.length && (MARK.test(chars[start] as string) || /^[.-]$/.test(chars[start] as string))) start++
  return chars.slice(start).join('')
}

export interface SanitizeFileNameOptions {
  /** Inserted before the extension (`photo-1700000000000.jpg`), e.g. a `Date.now()`-based suffix. */
  unique?: string
  /**
   * The longest result, in UTF-8 bytes: the unit S3 and GCS limit keys in (1024 bytes for a whole key), the same
   * as characters for ASCII names. Default 200. The extension is never cut, so a limit shorter than one character
   * plus the extension is exceeded rather than broken.
   */
  maxLength?: number
}

/**
 * Turns any user file name into one safe object-key segment: the last path segment, NFC, invisible and control
 * characters removed, letters and digits of every script kept (S3 and GCS keys are UTF-8, and a user who named a
 * file `写真.jpg` expects to see that name again), anything else (spaces, punctuation, emoji) replaced by `-`,
 * repeats collapsed, leading dots and dashes removed so the result is never `..` or a hidden file (`.env` →
 * `file.env`). The extension
 * (ASCII letters and digits after the last dot) is kept as written. Never ''.
 */
export function sanitizeFileName(name: string, opts: SanitizeFileNameOptions = {}): string {
  const maxLength = opts.maxLength ?? 200
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`maxLength must be a whole number ≥ 1, got ${String(maxLength)}`)
  }
  const cleaned = clean(lastSegment(String(name ?? '')))
  // The extension is found before separators are trimmed, so `-.png` and `.png` keep it (and become `file.png`).
  const dot = cleaned.lastIndexOf('.')
  const hasExtension = dot >= 0 && EXTENSION.test(cleaned.slice(dot + 1))
  const extension = hasExtension ? cleaned.slice(dot) : ''
  const stem = tidy(hasExtension ? cleaned.slice(0, dot) : cleaned) || 'file'
  let unique = opts.unique === undefined ? '' : tidy(clean(String(opts.unique)).replace(/\./g, '-'))

  const room = maxLength - utf8Length(extension)
  // The unique suffix gives way before the name does, keeping its end: a timestamp's last digits change fastest.
  const uniqueRoom = room - utf8Length(Array.from(stem)[0] as string) - 1
  if (utf8Length(unique) > uniqueRoom) unique = keepEnd(unique, Math.max(0, uniqueRoom))
  const suffix = unique ? `-${unique}` : ''
  const shortened = tidy(truncateUtf8(stem, room - utf8Length(suffix)))
  return `${shortened || (Array.from(stem)[0] as string)}${suffix}${extension}`
}

/** Invisible, control, private-use and lone-surrogate characters written as `\u{…}`, so that text shows what it holds. */
export function escapeInvisible(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/gu,
    (ch) => `\\u{${(ch.codePointAt(0) as number).toString(16).toUpperCase()}}`,
  )
}

/**
 * A file name as it may be shown in a message: invisible and control characters written as `\u{…}` (a bidi
 * override in a name would otherwise reverse the message around it), very long names shortened in the middle.
 */
export function displayFileName(name: string): string {
  const text = escapeInvisible(String(name ?? ''))
  const chars = Array.from(text)
  return chars.length > 120 ? `${chars.slice(0, 80).join('')}…${chars.slice(-30).join('')}` : text
}
