import CRC32 from 'crc-32'
import { zlibSync } from 'fflate'
import { concat } from 'uint8arrays'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes)

/** Magic numbers of the formats Leonardo takes: the first bytes decide what a file really is, not its name. */
export function imageFormatOf(head: Uint8Array): 'png' | 'jpeg' | 'webp' | undefined {
  if (PNG_SIGNATURE.every((byte, i) => head[i] === byte)) return 'png'
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  if (ascii(head.subarray(0, 4)) === 'RIFF' && ascii(head.subarray(8, 12)) === 'WEBP') return 'webp'
  return undefined
}

/** A PNG chunk: big-endian length, type, data, CRC-32 of type and data. */
function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, CRC32.buf(out.subarray(4, 8 + data.length)) >>> 0)
  return out
}

/** A small gradient PNG: what a prompt-only mock "generation" returns, so a demo has a real image to show. */
export function gradientPng(width: number, height: number, seed: number): Uint8Array<ArrayBuffer> {
  const stride = 1 + width * 3 // a filter byte (0: none), then RGB
  const pixels = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + 1 + x * 3
      pixels[at] = (x * 255) / width
      pixels[at + 1] = (y * 255) / height
      pixels[at + 2] = (seed * 37) % 256
    }
  }
  const header = new Uint8Array(13)
  new DataView(header.buffer).setUint32(0, width)
  new DataView(header.buffer).setUint32(4, height)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  return concat([
    Uint8Array.from(PNG_SIGNATURE),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlibSync(pixels)),
    pngChunk('IEND', new Uint8Array(0)),
  ])
}
