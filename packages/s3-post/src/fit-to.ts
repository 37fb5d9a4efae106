/** Bounds a Leonardo generation will use; the init image should match them or the result looks deformed. */
export interface FitTo {
  width: number
  height: number
  /** `contain`: scale down to fit inside, keeping the aspect ratio. `cover`: crop to the bounds' aspect ratio (centred), then scale down to fit. */
  mode: 'contain' | 'cover'
}

export const isPixels = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 1

/** Throws a RangeError naming what is wrong with `fitTo`, so a typo fails when the adapter is made, not mid-upload. */
export function assertFitTo(fitTo: FitTo): void {
  const { width, height, mode } = (fitTo ?? {}) as Partial<FitTo>
  if (!isPixels(width)) throw new RangeError(`fitTo.width must be a whole number of pixels ≥ 1 (got ${String(width)})`)
  if (!isPixels(height))
    throw new RangeError(`fitTo.height must be a whole number of pixels ≥ 1 (got ${String(height)})`)
  if (mode !== 'contain' && mode !== 'cover')
    throw new RangeError(`fitTo.mode must be 'contain' or 'cover' (got ${JSON.stringify(mode)})`)
}
