/** The formats Leonardo accepts, by the first bytes of the file (its name and type can lie; its bytes cannot). */
export async function imageFormatOf(data: Blob): Promise<'png' | 'jpeg' | 'webp' | undefined> {
  const b = new Uint8Array(await data.slice(0, 12).arrayBuffer())
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  return undefined
}
