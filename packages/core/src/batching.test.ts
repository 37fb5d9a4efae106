import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { planBatches } from './batching.ts'

describe('planBatches', () => {
  it('splits 120 NFT2 files into the 3 calls its 50-file limit allows, order kept', () => {
    const files = Array.from({ length: 120 }, (_, i) => i)
    const batches = planBatches(files, 50)
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20])
    expect(batches.flat()).toEqual(files)
  })

  it('gives one batch per item for one-file-per-call vendors, and none for no items', () => {
    expect(planBatches(['a', 'b'], 1)).toEqual([['a'], ['b']])
    expect(planBatches([], 50)).toEqual([])
  })

  it('puts everything in one batch when the vendor has no limit (Infinity)', () => {
    expect(planBatches([1, 2, 3], Number.POSITIVE_INFINITY)).toEqual([[1, 2, 3]])
  })

  it('does not hand out the input array itself', () => {
    const items = [1, 2]
    const [batch] = planBatches(items, 5)
    expect(batch).toEqual(items)
    expect(batch).not.toBe(items)
  })

  it.each([0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY])('refuses maxPerBatch %s with a RangeError', (max) => {
    expect(() => planBatches([1], max)).toThrow(RangeError)
  })

  it('keeps every item once, in order, in batches of at most maxPerBatch, as few as possible', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 60 }), (items, max) => {
        const batches = planBatches(items, max)
        expect(batches.flat()).toEqual(items)
        expect(batches.every((b) => b.length >= 1 && b.length <= max)).toBe(true)
        expect(batches.length).toBe(Math.ceil(items.length / max))
      }),
    )
  })
})
