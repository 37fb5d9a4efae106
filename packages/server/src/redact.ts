// Keeping the keys out of what a vendor answer carries to the browser. Redaction works on the bytes that leave, not
// on one parse of them: a browser, a log viewer or a URL bar may read those bytes another way (the first of two
// duplicate properties, a JSON string inside a string, `%2f` for `/`, an encoding applied twice).

export const REDACTED = '[redacted]'
/** How many decodings are applied on top of each other: enough for a URL-encoded JSON string in JSON, encoded twice. */
const DECODING_STEPS = 4

/**
 * The secrets worth looking for. The marker itself is left out: NFT2's session may hold a token that an earlier
 * redaction already blanked out, and looking for `[redacted]` in redacted text would withhold every answer.
 */
const presentIn = (secrets: readonly string[]) => secrets.filter((secret) => secret && secret !== REDACTED)

/** The ways a secret is blanked out inside a string, keeping the rest readable: as is, and as encodeURIComponent writes it. */
const formsOf = (secrets: readonly string[]) => [
  ...new Set(presentIn(secrets).flatMap((secret) => [secret, encodeURIComponent(secret)])),
]

/** Percent-decoding in any case; where the text is not valid UTF-8 escapes, each ASCII `%XX` is still decoded. */
function percentDecoded(text: string): string {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
  }
}

/** Every string of a parsed JSON value, property names included. */
function stringsOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out)
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key)
      stringsOf(item, out)
    }
  }
}

/** What a text may read as: itself, its percent-decoding, and the strings of the JSON it holds, a few steps deep. */
function readingsOf(text: string): Set<string> {
  const readings = new Set([text])
  let frontier = [text]
  for (let step = 0; step < DECODING_STEPS && frontier.length > 0; step++) {
    const next: string[] = []
    for (const reading of frontier) {
      const found = [percentDecoded(reading)]
      // Only text that may be JSON is parsed: a plain message costs one test of its first character.
      if (/^\s*["[{]/.test(reading)) {
        try {
          stringsOf(JSON.parse(reading), found)
        } catch {
          // Not JSON after all.
        }
      }
      for (const item of found) {
        if (readings.has(item)) continue
        readings.add(item)
        next.push(item)
      }
    }
    frontier = next
  }
  return readings
}

/** Whether any reading of a text holds a secret. */
export function revealsSecret(text: string, secrets: readonly string[]): boolean {
  const present = presentIn(secrets)
  if (present.length === 0) return false
  for (const reading of readingsOf(text)) if (present.some((secret) => reading.includes(secret))) return true
  return false
}

/** One string with its secrets blanked out; when a secret can still be read in it (encoded, nested), all of it. */
function redactString(text: string, secrets: readonly string[]): string {
  let out = text
  for (const form of formsOf(secrets)) out = out.split(form).join(REDACTED)
  return revealsSecret(out, secrets) ? REDACTED : out
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactString(value, secrets)
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactString(key, secrets), redactValue(item, secrets)]),
    )
  }
  return value
}

/**
 * A vendor's parsed JSON written anew with every secret blanked out, or undefined when a secret can still be read
 * in the result (then nothing of it may leave). Always written anew, never passed byte for byte: duplicate
 * properties collapse to the one a browser reads, and no byte of the vendor's leaves without having been read.
 */
export function redactedJson(value: unknown, secrets: readonly string[]): string | undefined {
  const out = JSON.stringify(redactValue(value, secrets))
  return revealsSecret(out, secrets) ? undefined : out
}
