import { describe, expect, it } from 'vitest'
import { imageTypeOf } from './image-type.ts'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const blob = (...parts: Array<string | number[]>) =>
  new Blob(parts.map((p) => (typeof p === 'string' ? p : new Uint8Array(p))))

describe('imageTypeOf: the image type of a file, from its first bytes', () => {
  it('reads PNG, JPEG and WebP magic numbers', async () => {
    expect(await imageTypeOf(blob(PNG_SIGNATURE, [0, 0, 0, 13], 'IHDR'))).toBe('image/png')
    expect(await imageTypeOf(blob([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toBe('image/jpeg')
    expect(await imageTypeOf(blob('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp')
  })

  it('ignores the Blob’s own type: the bytes decide', async () => {
    const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xdb])], { type: 'image/png' })
    expect(await imageTypeOf(jpeg)).toBe('image/jpeg')
  })

  it.each([
    ['a bare <svg>', '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'],
    ['<svg> then a newline', '<svg\nxmlns="http://www.w3.org/2000/svg"></svg>'],
    ['an XML declaration first', '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['a byte order mark first', '\uFEFF<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['leading whitespace', '  \r\n\t<svg/>'],
    [
      'an editor’s comment and doctype',
      '<?xml version="1.0"?>\n<!-- Generator: Adobe Illustrator 27.0 -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg version="1.1"></svg>',
    ],
    [
      'a doctype with an internal subset',
      '<!DOCTYPE svg [\n  <!ENTITY ns_svg "http://www.w3.org/2000/svg">\n  <!ENTITY ns_xlink "http://www.w3.org/1999/xlink">\n]>\n<svg xmlns="&ns_svg;"/>',
    ],
  ])('reads an SVG: %s', async (_, text) => {
    expect(await imageTypeOf(blob(text))).toBe('image/svg+xml')
  })

  it.each([
    ['empty', blob()],
    ['plain text', blob('hello world\n')],
    ['another XML root', blob('<?xml version="1.0"?><html><svg/></html>')],
    ['an element whose name starts with svg', blob('<svgfoo/>')],
    ['<SVG> (XML names are case-sensitive)', blob('<SVG/>')],
    ['an unclosed comment before <svg>', blob('<!-- <svg/>')],
    ['the first 7 bytes of a PNG signature', blob(PNG_SIGNATURE.slice(0, 7))],
    ['a PNG signature one byte off', blob([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b])],
    ['two JPEG bytes', blob([0xff, 0xd8])],
    ['RIFF that is not WebP', blob('RIFF', [0, 0, 0, 0], 'WAVE')],
    ['GIF', blob('GIF89a', [1, 0, 1, 0])],
  ])('is undefined for %s', async (_, data) => {
    expect(await imageTypeOf(data)).toBeUndefined()
  })

  it('finds <svg> after a long prolog (several KiB of comments), but reads no further than its window', async () => {
    const comment = `<!-- ${'x'.repeat(6000)} -->\n`
    expect(await imageTypeOf(blob(comment, '<svg/>'))).toBe('image/svg+xml')
    expect(await imageTypeOf(blob(`<!-- ${'x'.repeat(70_000)} -->`, '<svg/>'))).toBeUndefined()
  })
})
