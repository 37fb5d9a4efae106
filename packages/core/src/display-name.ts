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
