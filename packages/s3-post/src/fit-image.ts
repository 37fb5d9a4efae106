import { assertFitTo, type FitTo, isPixels } from './fit-to.ts'

const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const

/** The crop (source rectangle) and output size for an image of `w`×`h`; `undefined` when it already fits. */
export function fitPlan(w: number, h: number, fitTo: FitTo) {
  assertFitTo(fitTo)
  if (!isPixels(w) || !isPixels(h)) throw new RangeError(`the image must be at least 1×1 pixels (got ${w}×${h})`)
  const { width, height, mode } = fitTo
  let sx = 0
  let sy = 0
  let sw = w
  let sh = h
  if (mode === 'cover') {
    const target = width / height
    // The image's size at the bounds' aspect ratio, in whole pixels. A crop of one pixel is rounding, not a
    // different aspect ratio (1023×768 and 1025×768 are both 4:3 here), and is not made.
    const cropWidth = Math.round(h * target)
    const cropHeight = Math.round(w / target)
    if (w - cropWidth > 1) {
      sw = cropWidth
      sx = Math.floor((w - sw) / 2)
    } else if (h - cropHeight > 1) {
      sh = cropHeight
      sy = Math.floor((h - sh) / 2)
    }
  }
  const scale = Math.min(1, width / sw, height / sh)
  if (sw === w && sh === h && scale === 1) return undefined
  return {
    sx,
    sy,
    sw,
    sh,
    outWidth: Math.min(width, Math.max(1, Math.round(sw * scale))),
    outHeight: Math.min(height, Math.max(1, Math.round(sh * scale))),
  }
}

/** Why this browser cannot scale an image: a locale key of the Leonardo adapter, and the format it is about. */
export class FitImageError extends Error {
  constructor(
    readonly key: 'leonardoFitNoCanvas' | 'leonardoFitCannotEncode',
    readonly format = '',
  ) {
    super(key)
    this.name = 'FitImageError'
  }
}

/**
 * Scales (and for `cover`, crops) an image in the browser to the generation's bounds, keeping its format — so the
 * extension the policy was asked for stays true. Images that already fit are returned untouched, byte for byte.
 */
export async function fitImage(data: Blob, format: keyof typeof MIME, fitTo: FitTo): Promise<Blob> {
  const bitmap = await createImageBitmap(data)
  try {
    const plan = fitPlan(bitmap.width, bitmap.height, fitTo)
    if (!plan) return data
    const canvas = new OffscreenCanvas(plan.outWidth, plan.outHeight)
    const context = canvas.getContext('2d')
    if (!context) throw new FitImageError('leonardoFitNoCanvas')
    context.imageSmoothingQuality = 'high'
    context.drawImage(bitmap, plan.sx, plan.sy, plan.sw, plan.sh, 0, 0, plan.outWidth, plan.outHeight)
    const scaled = await canvas.convertToBlob({ type: MIME[format], quality: 0.92 })
    // A browser that cannot encode the format silently gives a PNG, which would contradict the extension signed for.
    if (scaled.type !== MIME[format]) throw new FitImageError('leonardoFitCannotEncode', format.toUpperCase())
    return scaled
  } finally {
    bitmap.close()
  }
}
