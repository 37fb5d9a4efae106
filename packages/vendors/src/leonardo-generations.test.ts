import { describe, expect, it } from 'vitest'
import { leonardoDatasetProblems, leonardoGenerationProblems, readLeonardoGeneration } from './leonardo-generations.ts'

describe('leonardoGenerationProblems: the reference rules, with where they are broken', () => {
  it('takes a prompt with an init image, its strength and a size in bounds', () => {
    expect(
      leonardoGenerationProblems({
        prompt: 'a cat',
        init_image_id: 'abc',
        init_strength: 0.5,
        width: 512,
        height: 768,
        num_images: 4,
        alchemy: true,
      }),
    ).toEqual([])
  })

  it('prompt is required, init image or not', () => {
    for (const prompt of [undefined, '', '  ', 3]) {
      expect(leonardoGenerationProblems({ init_image_id: 'abc', prompt })).toEqual([
        {
          message: `prompt is required: a non-empty string (got ${prompt === undefined ? 'undefined' : JSON.stringify(prompt)})`,
          path: '$.prompt',
        },
      ])
    }
  })

  it('names each broken bound', () => {
    expect(
      leonardoGenerationProblems({ prompt: 'x', width: 500, height: 1544, init_strength: 1, num_images: 9, seed: 1.5 }),
    ).toEqual([
      { message: 'width must be a multiple of 8 from 32 to 1536 (got 500)', path: '$.width' },
      { message: 'height must be a multiple of 8 from 32 to 1536 (got 1544)', path: '$.height' },
      { message: 'init_strength must be a number from 0.1 to 0.9 (got 1)', path: '$.init_strength' },
      { message: 'num_images must be a whole number from 1 to 8 (got 9)', path: '$.num_images' },
      { message: 'seed must be an integer (got 1.5)', path: '$.seed' },
    ])
  })

  it('a body that is no object', () => {
    expect(leonardoGenerationProblems([1])).toEqual([
      { message: 'the generation request must be a JSON object', path: '$' },
    ])
  })
})

describe('leonardoDatasetProblems', () => {
  it('a name is required; a description is text', () => {
    expect(leonardoDatasetProblems({ name: 'faces' })).toEqual([])
    expect(leonardoDatasetProblems({ name: ' ', description: 4 })).toEqual([
      { message: 'name is required', path: '$.name' },
      { message: 'description must be a string', path: '$.description' },
    ])
  })
})

describe('readLeonardoGeneration', () => {
  it('reads generations_by_pk, keeping the images that have an id and a url', () => {
    const g = readLeonardoGeneration({
      generations_by_pk: {
        id: 'g',
        status: 'COMPLETE',
        generated_images: [{ id: 'i', url: 'https://x/0.png' }, { id: 2 }],
      },
    })
    expect(g).toMatchObject({ id: 'g', status: 'COMPLETE', generated_images: [{ id: 'i', url: 'https://x/0.png' }] })
  })

  it('null for an unknown id; undefined for what is not the shape (an unknown status too)', () => {
    expect(readLeonardoGeneration({ generations_by_pk: null })).toBeNull()
    expect(readLeonardoGeneration({ generations_by_pk: { id: 'g', status: 'DONE' } })).toBeUndefined()
    expect(readLeonardoGeneration({ sdGenerationJob: {} })).toBeUndefined()
  })
})
