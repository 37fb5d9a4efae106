import { act, render, screen } from '@testing-library/react'
import type { LeonardoGenerationOutcome, LeonardoInitImagePolicy } from '@uppy-presign/s3-post'
import { StrictMode } from 'react'
import { describe, expect, it } from 'vitest'
import { LeonardoGeneration } from './LeonardoGeneration.tsx'
import { defaultUploadResultsStrings } from './strings.ts'

/**
 * The generation view with a policy whose `generate` the test settles by hand: what a person sees at each stage,
 * and that a view mounted twice (StrictMode) starts one generation, not two.
 */
function policyWithHandles() {
  const calls: Array<{
    initImageId: string
    resolve: (outcome: LeonardoGenerationOutcome) => void
    reject: (error: unknown) => void
  }> = []
  const generate: NonNullable<LeonardoInitImagePolicy['generate']> = (initImageId) =>
    new Promise((resolve, reject) => {
      calls.push({ initImageId, resolve, reject })
    })
  const policy = Object.assign(async () => ({ url: '', fields: {} }), { generate }) as LeonardoInitImagePolicy
  return { policy, calls }
}

const outcome = (generationId: string, count: number): LeonardoGenerationOutcome => ({
  generationId,
  status: 'COMPLETE',
  images: Array.from({ length: count }, (_, n) => ({ id: `${generationId}-${n}`, url: `https://cdn.test/${n}.png` })),
  generation: { id: generationId, status: 'COMPLETE', generated_images: [] },
})

describe('<LeonardoGeneration>', () => {
  it('one generation under StrictMode, shown Generating, then its images with alt text', async () => {
    const { policy, calls } = policyWithHandles()
    render(
      <StrictMode>
        <LeonardoGeneration policy={policy} initImageId="img-1" name="cat.png" words={defaultUploadResultsStrings} />
      </StrictMode>,
    )
    expect(calls.map((c) => c.initImageId)).toEqual(['img-1'])
    expect(screen.getByTestId('generation-status').textContent).toBe('Generating')
    expect(screen.getByRole('progressbar', { name: 'Generation: cat.png' })).toBeTruthy()
    await act(async () => calls[0]?.resolve(outcome('g1', 2)))
    expect(screen.getByTestId('generation-status').textContent).toBe('Generated')
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.getAllByRole('img').map((img) => [img.getAttribute('alt'), img.getAttribute('src')])).toEqual([
      ['Generated image 1 of 2: cat.png', 'https://cdn.test/0.png'],
      ['Generated image 2 of 2: cat.png', 'https://cdn.test/1.png'],
    ])
  })

  it('a failure in words; Generate again starts a new one', async () => {
    const { policy, calls } = policyWithHandles()
    render(
      <LeonardoGeneration policy={policy} initImageId="img-2" name="cat.png" words={defaultUploadResultsStrings} />,
    )
    await act(async () => calls[0]?.reject(new Error('Generation g2 FAILED at Leonardo.')))
    expect(screen.getByTestId('generation-status').textContent).toBe('Failed')
    expect(screen.getByRole('alert').textContent).toBe('Generation g2 FAILED at Leonardo.')
    await act(async () => screen.getByRole('button', { name: 'Generate again' }).click())
    expect(calls).toHaveLength(2)
    expect(screen.getByTestId('generation-status').textContent).toBe('Generating')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('an image URL that is not http(s) is not shown', async () => {
    const { policy, calls } = policyWithHandles()
    render(
      <LeonardoGeneration policy={policy} initImageId="img-3" name="cat.png" words={defaultUploadResultsStrings} />,
    )
    const bad = outcome('g3', 1)
    bad.images = [{ id: 'x', url: 'javascript:alert(1)' }]
    await act(async () => calls[0]?.resolve(bad))
    expect(screen.queryAllByRole('img')).toHaveLength(0)
  })
})
