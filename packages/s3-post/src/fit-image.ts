/** Bounds a Leonardo generation will use; the init image should match them or the result looks deformed. */
export interface FitTo {
  width: number
  height: number
  /** `contain`: scale down to fit inside, keeping the aspect ratio. `cover`: crop to the bounds' aspect ratio (centred), then scale down to fit. */
  mode: 'contain' | 'cover'
}

const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const

/** The crop (source rectangle) and output size for an image of `w`×`h`; `undefined` when it already fits. */
export function fitPlan(w: number, h: number, { width, height, mode }: FitTo) {
  let sx = 0
  let sy = 0
  let sw = w
  let sh = h
  if (mode === 'cover') {
    const target = width / height
    // Tolerate a pixel of rounding: a 1023×768 image is 4:3 for every purpose here.
    if (Math.abs(w / h - target) > 1 / Math.min(w, h)) {
      if (w / h > target) {
        sw = Math.round(h * target)
        sx = Math.floor((w - sw) / 2)
      } else {
        sh = Math.round(w / target)
        sy = Math.floor((h - sh) / 2)
      }
    }
  }
  const scale = Math.min(1, width / sw, height / sh)
  if (sx === 0 && sy === 0 && sw === w && sh === h && scale === 1) return undefined
  return {
    sx,
    sy,
    sw,
    sh,
    outWidth: Math.max(1, Math.round(sw * scale)),
    outHeight: Math.max(1, Math.round(sh * scale)),
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
    if (!context) throw new Error('no 2D canvas context: cannot scale the image in this browser')
    context.imageSmoothingQuality = 'high'
    context.drawImage(bitmap, plan.sx, plan.sy, plan.sw, plan.sh, 0, 0, plan.outWidth, plan.outHeight)
    return await canvas.convertToBlob({ type: MIME[format], quality: 0.92 })
  } finally {
    bitmap.close()
  }
}
