import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayFileName, sanitizeFileName } from './file-names.ts'

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length

const nasty = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '/',
        '\\',
        '.',
        '..',
        '-',
        '_',
        ' ',
        '\t',
        '\0',
        '\u202e',
        '\u2066',
        '\u200b',
        '\ufeff',
        '\u0301',
        '\u3164',
      ),
      fc.constantFrom('é', 'e\u0301', '写', 'ß', '١', '😀', '\ud800', '\udc00', 'CON', 'jpg', 'PNG', '%2e', '~'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''))
const anyName = fc.oneof(nasty, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }))

describe('sanitizeFileName', () => {
  it.each([
    ['my photo.jpg', 'my-photo.jpg'],
    ['  Summer   2024 (final) .PNG', 'Summer-2024-final.PNG'],
    ['C:\\fakepath\\scan 1.pdf', 'scan-1.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['folder/', 'folder'],
    ['..', 'file'],
    ['.htaccess', 'file.htaccess'],
    ['.png', 'file.png'],
    ['-.png', 'file.png'],
    ['photo..jpg', 'photo.jpg'],
    ['photo - final.jpg', 'photo-final.jpg'],
    ['100%+fun&games#1?.gif', '100-fun-games-1.gif'],
    ['', 'file'],
    ['???', 'file'],
    ['🎉🎉.png', 'file.png'],
    ['a_b-c.d.txt', 'a_b-c.d.txt'],
  ])('%j → %j', (name, safe) => {
    expect(sanitizeFileName(name)).toBe(safe)
  })

  it('keeps letters and digits of every script, composed (NFC)', () => {
    expect(sanitizeFileName('写真 2024.jpg')).toBe('写真-2024.jpg')
    expect(sanitizeFileName('Фото отпуск.png')).toBe('Фото-отпуск.png')
    expect(sanitizeFileName('caf\u0065\u0301.png')).toBe('café.png')
    expect(sanitizeFileName('caf\u0065\u0301.png')).toBe('caf\u00e9.png')
    expect(sanitizeFileName('नमस्ते.png')).toBe('नमस्ते.png')
    expect(sanitizeFileName('صورة ١.jpg')).toBe('صورة-١.jpg')
  })

  it('removes invisible and control characters, so no two different names look the same', () => {
    expect(sanitizeFileName('in\u0000voice.pdf')).toBe('invoice.pdf')
    expect(sanitizeFileName('photo\u200b\u200d.png')).toBe('photo.png')
    expect(sanitizeFileName('\ufeffbom.txt')).toBe('bom.txt')
    expect(sanitizeFileName('\u3164\u3164.png')).toBe('file.png')
    // U+202E would display "harmless\u202Egpj.exe" as "harmlessexe.jpg": the override goes, the real extension stays.
    expect(sanitizeFileName('harmless\u202Egpj.exe')).toBe('harmlessgpj.exe')
    expect(sanitizeFileName('a\u2066b\u2069c.png')).toBe('abc.png')
    expect(sanitizeFileName('tab\tand\nnewline.txt')).toBe('tab-and-newline.txt')
  })

  it('drops combining marks left with nothing to combine with', () => {
    expect(sanitizeFileName('\u0301\u0301a.png')).toBe('a.png')
    expect(sanitizeFileName('x-\u0301y.png')).toBe('x-y.png')
  })

  it('inserts the unique suffix before the extension', () => {
    expect(sanitizeFileName('photo.jpg', { unique: '1700000000000' })).toBe('photo-1700000000000.jpg')
    expect(sanitizeFileName('README', { unique: '1700000000000' })).toBe('README-1700000000000')
    expect(sanitizeFileName('my photo.jpg', { unique: ' 17/00.1 ' })).toBe('my-photo-17-00-1.jpg')
    expect(sanitizeFileName('photo.jpg', { unique: '???' })).toBe('photo.jpg')
  })

  it('caps the length in UTF-8 bytes without cutting the extension, a letter from its marks, or the suffix first', () => {
    const long = `${'a'.repeat(300)}.jpeg`
    expect(sanitizeFileName(long)).toBe(`${'a'.repeat(195)}.jpeg`)
    expect(sanitizeFileName(long, { maxLength: 20, unique: '1700000000000' })).toBe('a-1700000000000.jpeg')
    // The unique suffix gives way last, keeping its fast-changing end.
    expect(sanitizeFileName(long, { maxLength: 12, unique: '1700000000000' })).toBe('a-00000.jpeg')
    expect(utf8Bytes(sanitizeFileName('写'.repeat(100), { maxLength: 200 }))).toBe(198)
    // q + U+0301 has no composed form: cutting between them would leave a bare q.
    expect(sanitizeFileName('xq\u0301y', { maxLength: 3 })).toBe('x')
    expect(sanitizeFileName('ab\u0915\u094d\u0937.png', { maxLength: 10 })).toBe('ab.png')
  })

  it('exceeds a limit shorter than one character plus the extension rather than lose the extension', () => {
    expect(sanitizeFileName('photo.jpeg', { maxLength: 3 })).toBe('p.jpeg')
  })

  it.each([0, -1, 2.5, Number.NaN])('refuses maxLength %s', (maxLength) => {
    expect(() => sanitizeFileName('a.png', { maxLength })).toThrow(RangeError)
  })

  it('gives a non-empty, visible, safe segment for any input', () => {
    fc.assert(
      fc.property(
        anyName,
        fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: undefined }),
        (name, unique) => {
          const safe = sanitizeFileName(name, { unique })
          expect(safe).not.toBe('')
          expect(safe).toMatch(/^[\p{L}\p{N}_][\p{L}\p{M}\p{N}._-]*$/u)
          expect(safe).not.toMatch(/\.\.|--|[.-]$/)
          expect(safe.normalize('NFC')).toBe(safe)
          expect(() => encodeURIComponent(safe)).not.toThrow()
          expect(utf8Bytes(safe)).toBeLessThanOrEqual(200)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('respects any maxLength that leaves room for a character and the extension', () => {
    fc.assert(
      fc.property(
        anyName,
        fc.integer({ min: 21, max: 300 }),
        fc.option(fc.string(), { nil: undefined }),
        (name, maxLength, unique) => {
          expect(utf8Bytes(sanitizeFileName(name, { maxLength, unique }))).toBeLessThanOrEqual(maxLength)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('is idempotent: a safe name stays as it is', () => {
    fc.assert(
      fc.property(anyName, fc.integer({ min: 21, max: 300 }), (name, maxLength) => {
        const once = sanitizeFileName(name, { maxLength })
        expect(sanitizeFileName(once, { maxLength })).toBe(once)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps a plain extension', () => {
    fc.assert(
      fc.property(anyName, fc.stringMatching(/^[A-Za-z0-9]{1,16}$/), (stem, extension) => {
        expect(sanitizeFileName(`${stem}.${extension}`).endsWith(`.${extension}`)).toBe(true)
      }),
    )
  })
})

describe('displayFileName', () => {
  it('shows invisible characters instead of letting them act on the message', () => {
    expect(displayFileName('harmless\u202Egpj.exe')).toBe('harmless\\u{202E}gpj.exe')
    expect(displayFileName('a\u0000b')).toBe('a\\u{0}b')
    expect(displayFileName('写真.jpg')).toBe('写真.jpg')
  })

  it('shortens very long names in the middle, keeping the end where the extension is', () => {
    const shown = displayFileName(`${'a'.repeat(500)}.png`)
    expect(shown).toHaveLength(111)
    expect(shown.endsWith('a.png')).toBe(true)
  })
})
