import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fitPlan } from './fit-image.ts'
import { assertFitTo, type FitTo } from './fit-to.ts'
import { leonardo } from './leonardo.ts'

const box = (width: number, height: number, mode: FitTo['mode']): FitTo => ({ width, height, mode })

describe('fitPlan contain', () => {
  it('scales 2000×1000 into 512×512 as 512×256, without cropping', () => {
    expect(fitPlan(2000, 1000, box(512, 512, 'contain'))).toEqual({
      sx: 0,
      sy: 0,
      sw: 2000,
      sh: 1000,
      outWidth: 512,
      outHeight: 256,
    })
  })

  it('scales a portrait image by its height', () => {
    expect(fitPlan(1000, 2000, box(512, 512, 'contain'))).toMatchObject({ outWidth: 256, outHeight: 512 })
    expect(fitPlan(600, 900, box(768, 512, 'contain'))).toMatchObject({ outWidth: 341, outHeight: 512 })
  })

  it('leaves an image that fits untouched (undefined), also when its aspect ratio differs: no upscaling', () => {
    expect(fitPlan(300, 200, box(512, 512, 'contain'))).toBeUndefined()
    expect(fitPlan(512, 512, box(512, 512, 'contain'))).toBeUndefined()
    expect(fitPlan(512, 100, box(512, 512, 'contain'))).toBeUndefined()
  })

  it('never makes a side 0 pixels', () => {
    expect(fitPlan(10_000, 1, box(512, 512, 'contain'))).toMatchObject({ outWidth: 512, outHeight: 1 })
  })
})

describe('fitPlan cover', () => {
  it('crops 2000×1000 to its centred 1000×1000 and scales that to 512×512', () => {
    expect(fitPlan(2000, 1000, box(512, 512, 'cover'))).toEqual({
      sx: 500,
      sy: 0,
      sw: 1000,
      sh: 1000,
      outWidth: 512,
      outHeight: 512,
    })
  })

  it('crops a portrait image top and bottom', () => {
    expect(fitPlan(1000, 2000, box(512, 512, 'cover'))).toEqual({
      sx: 0,
      sy: 500,
      sw: 1000,
      sh: 1000,
      outWidth: 512,
      outHeight: 512,
    })
    expect(fitPlan(1000, 1000, box(768, 512, 'cover'))).toEqual({
      sx: 0,
      sy: 166,
      sw: 1000,
      sh: 667,
      outWidth: 768,
      outHeight: 512,
    })
  })

  it('only crops an image smaller than the bounds (no upscaling)', () => {
    expect(fitPlan(300, 100, box(512, 512, 'cover'))).toEqual({
      sx: 100,
      sy: 0,
      sw: 100,
      sh: 100,
      outWidth: 100,
      outHeight: 100,
    })
  })

  it('treats a one-pixel difference as rounding, on either side', () => {
    expect(fitPlan(1024, 768, box(1024, 768, 'cover'))).toBeUndefined()
    expect(fitPlan(1023, 768, box(1024, 768, 'cover'))).toBeUndefined()
    // 1025 wide is as much 4:3 as 1023: scaled, not cropped.
    expect(fitPlan(1025, 768, box(1024, 768, 'cover'))).toEqual({
      sx: 0,
      sy: 0,
      sw: 1025,
      sh: 768,
      outWidth: 1024,
      outHeight: 767,
    })
    expect(fitPlan(1025, 768, box(512, 384, 'cover'))).toMatchObject({ sx: 0, sw: 1025, outWidth: 512 })
  })

  it('leaves an image of the bounds’ size and ratio untouched', () => {
    expect(fitPlan(512, 512, box(512, 512, 'cover'))).toBeUndefined()
  })
})

describe('fitPlan properties', () => {
  const side = fc.integer({ min: 1, max: 6000 })
  const bound = fc.integer({ min: 32, max: 1536 })

  it('contain: the output is within the bounds, keeps the aspect ratio, and only shrinks', () => {
    fc.assert(
      fc.property(side, side, bound, bound, (w, h, width, height) => {
        const plan = fitPlan(w, h, box(width, height, 'contain'))
        if (!plan) {
          expect(w <= width && h <= height).toBe(true)
          return
        }
        expect([plan.sx, plan.sy, plan.sw, plan.sh]).toEqual([0, 0, w, h])
        expect(plan.outWidth).toBeLessThanOrEqual(Math.min(width, w))
        expect(plan.outHeight).toBeLessThanOrEqual(Math.min(height, h))
        // One side meets its bound exactly.
        expect(plan.outWidth === width || plan.outHeight === height).toBe(true)
        // The side not at its bound is the image's ratio times the other, rounded to a whole pixel (or 1, the least).
        const widthFromHeight = plan.outHeight * (w / h)
        const heightFromWidth = plan.outWidth * (h / w)
        const keepsRatio =
          Math.abs(plan.outWidth - widthFromHeight) <= 0.5 + 1e-9 ||
          Math.abs(plan.outHeight - heightFromWidth) <= 0.5 + 1e-9
        expect(keepsRatio || Math.min(plan.outWidth, plan.outHeight) === 1).toBe(true)
      }),
    )
  })

  it('cover: the crop is centred inside the image and the output is within the bounds', () => {
    fc.assert(
      fc.property(side, side, bound, bound, (w, h, width, height) => {
        const plan = fitPlan(w, h, box(width, height, 'cover'))
        if (!plan) return
        expect(plan.sx).toBeGreaterThanOrEqual(0)
        expect(plan.sy).toBeGreaterThanOrEqual(0)
        expect(plan.sx + plan.sw).toBeLessThanOrEqual(w)
        expect(plan.sy + plan.sh).toBeLessThanOrEqual(h)
        expect(Math.abs(plan.sx - (w - plan.sw - plan.sx))).toBeLessThanOrEqual(1)
        expect(Math.abs(plan.sy - (h - plan.sh - plan.sy))).toBeLessThanOrEqual(1)
        // Only one direction is cropped.
        expect(plan.sw === w || plan.sh === h).toBe(true)
        expect(plan.outWidth).toBeLessThanOrEqual(width)
        expect(plan.outHeight).toBeLessThanOrEqual(height)
        expect(plan.outWidth).toBeGreaterThanOrEqual(1)
        expect(plan.outHeight).toBeGreaterThanOrEqual(1)
      }),
    )
  })
})

describe('fitTo validation', () => {
  it.each([
    [{ width: 0, height: 512, mode: 'contain' }, 'fitTo.width must be a whole number of pixels ≥ 1 (got 0)'],
    [{ width: 512, height: 51.5, mode: 'contain' }, 'fitTo.height must be a whole number of pixels ≥ 1 (got 51.5)'],
    [{ width: 512, height: Number.NaN, mode: 'cover' }, 'fitTo.height must be a whole number of pixels ≥ 1 (got NaN)'],
    [{ width: 512, height: 512, mode: 'fill' }, `fitTo.mode must be 'contain' or 'cover' (got "fill")`],
  ])('%j is refused', (fitTo, message) => {
    expect(() => assertFitTo(fitTo as FitTo)).toThrow(new RangeError(message))
    expect(() => fitPlan(100, 100, fitTo as FitTo)).toThrow(new RangeError(message))
    // When the adapter is made, not when a file is half-way through its upload.
    expect(() => leonardo.initImage({ endpoint: 'http://x/api/rest/v1', fitTo: fitTo as FitTo })).toThrow(
      new RangeError(message),
    )
  })

  it('refuses an image without pixels', () => {
    expect(() => fitPlan(0, 10, box(512, 512, 'contain'))).toThrow('the image must be at least 1×1 pixels (got 0×10)')
  })
})
