import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { extensionOf, isPlainFileName } from './file-names.ts'

describe('extensionOf', () => {
  it.each([
    ['photo.JPG', 'jpg'],
    ['archive.tar.gz', 'gz'],
    ['C:\\Users\\me\\scan.PDF', 'pdf'],
    ['dir/sub/clip.mp4', 'mp4'],
    ['folder/photo.png/', 'png'],
    ['photo.jpg ', 'jpg'],
    ['README', ''],
    ['.png', 'png'],
    ['name.', ''],
    ['report.final version', ''],
    ['dir.d/README', ''],
    ['x.abcdefghijklmnop', 'abcdefghijklmnop'],
    ['x.abcdefghijklmnopq', ''],
    ['photo.jp-g', ''],
    ['photo.jpé', ''],
    ['', ''],
  ])('%j → %j', (name, extension) => {
    expect(extensionOf(name)).toBe(extension)
  })

  it('never throws, and returns 0–16 lower-case ASCII letters or digits found at the end of the name', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (name) => {
        const extension = extensionOf(name)
        expect(extension).toMatch(/^[a-z0-9]{0,16}$/)
        const lastSegment = name.split(/[/\\]/).findLast(Boolean) ?? ''
        if (extension) expect(lastSegment.trim().toLowerCase().endsWith(`.${extension}`)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('takes what is not a string without throwing', () => {
    for (const value of [undefined, null, 42, {}]) expect(extensionOf(value as unknown as string)).toBe('')
  })
})

describe('isPlainFileName', () => {
  it.each([
    ['photo.png', true],
    ['写真 1.jpg', true],
    ['..png', true],
    ['photos/c.png', false],
    ['C:\\fakepath\\c.png', false],
    ['a\u0000.png', false],
    ['line\nbreak.png', false],
    ['del\u007f.png', false],
    ['.', false],
    ['..', false],
    ['', false],
  ])('%j → %s', (name, plain) => {
    expect(isPlainFileName(name)).toBe(plain)
  })
})
