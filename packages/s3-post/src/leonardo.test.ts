import { translator } from '@uppy-presign/core'
import { describe, expect, it } from 'vitest'
import { leonardo } from './leonardo.ts'

/** Leonardo's own rule check, before any request, worded with the adapter's strings as the plugin words them. */
async function refusal(name: string, extension: string, content: string | number[]): Promise<string | undefined> {
  const adapter = leonardo.initImage({ endpoint: 'https://app.example/leonardo' })
  const data = new Blob([typeof content === 'string' ? content : new Uint8Array(content)])
  const words = async () => translator([adapter.locale])
  try {
    await adapter.check?.({ name, type: '', extension, size: data.size, data }, words)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

describe('leonardo: the bytes must be the format the extension declares', () => {
  it('takes a PNG named .png, a JPEG named .jpg and a WebP named .webp', async () => {
    expect(await refusal('a.png', 'png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])).toBeUndefined()
    expect(await refusal('b.jpg', 'jpg', [0xff, 0xd8, 0xff, 0xe0])).toBeUndefined()
    expect(await refusal('c.webp', 'webp', 'RIFF\u0024\u0000\u0000\u0000WEBPVP8 ')).toBeUndefined()
  })

  it('names a JPEG named .png as a JPEG image', async () => {
    expect(await refusal('a.png', 'png', [0xff, 0xd8, 0xff, 0xe0])).toBe(
      'a.png: the name says .png but the bytes are a JPEG image; Leonardo needs the format the extension declares. Rename the file to match its content, or export it again as PNG.',
    )
  })

  it('calls an SVG named .png none of the formats it takes (the shared sniffer knows SVG; Leonardo does not)', async () => {
    expect(await refusal('logo.png', 'png', '<svg xmlns="http://www.w3.org/2000/svg"/>')).toBe(
      'logo.png: the name says .png but the bytes are not a PNG, JPEG or WebP image; Leonardo needs the format the extension declares. Rename the file to match its content, or export it again as PNG.',
    )
  })
})
