/** The image types `imageTypeOf` tells from a file's first bytes. */
export type SniffedImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/svg+xml'

/**
 * How much of a file is read to find an SVG's root element: enough for an editor's XML declaration, comments and
 * doctype (an internal subset of entity declarations included), little enough to cost nothing per file.
 */
const HEAD_BYTES = 16 * 1024

/**
 * What an SVG may have before its root element: white space, the XML declaration and other processing instructions,
 * comments, and a doctype (with an internal subset). Each alternative consumes at least one character, and nothing
 * follows the group, so a failed alternative costs one scan of the head at most.
 */
const SVG_PROLOG = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s[^[>]*(?:\[[\s\S]*?\])?\s*>)*/
/** The root element `svg` (XML names are case-sensitive): its name ends at white space, `>` or `/`. */
const SVG_ROOT = /^<svg[\s>/]/

const isSvgHead = (head: Uint8Array): boolean => {
  // UTF-8, the BOM dropped (TextDecoder's default); a malformed byte becomes U+FFFD, which no prolog rule matches.
  const text = new TextDecoder().decode(head)
  const prolog = SVG_PROLOG.exec(text)?.[0].length ?? 0
  return SVG_ROOT.test(text.slice(prolog))
}

/**
 * The image type of a file, from its first bytes — PNG, JPEG and WebP by their magic numbers, SVG by its root
 * element — or undefined when they are none of these. A file's name and declared type can lie; its bytes cannot.
 * Reads at most the first 16 KiB.
 */
export async function imageTypeOf(data: Blob): Promise<SniffedImageType | undefined> {
  const b = new Uint8Array(await data.slice(0, HEAD_BYTES).arrayBuffer())
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'image/png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  if (isSvgHead(b)) return 'image/svg+xml'
  return undefined
}
