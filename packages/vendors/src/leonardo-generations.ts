// Leonardo.ai: the steps after an upload, from its API reference (https://docs.leonardo.ai/reference/creategeneration,
// getgenerationbyid, createdataset) as its TypeScript SDK `@leonardo-ai/sdk` types them
// (https://github.com/Leonardo-Interactive/leonardo-ts-sdk: CreateGenerationRequestBody, GetGenerationById,
// JobStatus, CreateDatasetRequestBody).
import { isRecord } from './json-values.ts'

/** "Must be between 32 and 1536 and be a multiple of 8" (width and height). */
export const LEONARDO_GENERATION_SIZE = { min: 32, max: 1536, multipleOf: 8 } as const
/** `init_strength`: "Must be a float between 0.1 and 0.9". */
export const LEONARDO_INIT_STRENGTH = { min: 0.1, max: 0.9 } as const
/** `num_images`: "Must be between 1 and 8". */
export const LEONARDO_MAX_IMAGES = 8
/** `JobStatus`: a generation is PENDING until it ends COMPLETE or FAILED. */
export const LEONARDO_JOB_STATUSES = ['PENDING', 'COMPLETE', 'FAILED'] as const
export type LeonardoJobStatus = (typeof LEONARDO_JOB_STATUSES)[number]

/** The fields of `POST …/generations` an init-image generation uses. */
export interface LeonardoGenerationFields {
  /** Required. */
  prompt: string
  negative_prompt?: string
  modelId?: string
  /** The id `POST …/init-image` answered (an init image's; a dataset image's id is not one). */
  init_image_id?: string
  /** 0.1–0.9: how strongly the result follows the init image. */
  init_strength?: number
  width?: number
  height?: number
  num_images?: number
  guidance_scale?: number
  seed?: number
  public?: boolean
}

/**
 * The body of `POST …/generations`: the fields above, and the many more Leonardo takes (`alchemy`, `presetStyle` …),
 * which pass as they are.
 */
export interface LeonardoGenerationRequest extends LeonardoGenerationFields {
  [other: string]: unknown
}

export interface LeonardoGenerationJobResponse {
  sdGenerationJob: { generationId: string; apiCreditCost?: number }
}

export interface LeonardoGeneratedImage {
  id: string
  url: string
  nsfw?: boolean
}

/** `generations_by_pk`, the fields the kit reads. */
export interface LeonardoGeneration {
  id: string
  status: LeonardoJobStatus
  prompt?: string
  imageWidth?: number
  imageHeight?: number
  createdAt?: string
  generated_images: LeonardoGeneratedImage[]
  [other: string]: unknown
}

/** `GET …/generations/{id}`: Hasura answers an unknown id with `null`, not 404. */
export interface LeonardoGenerationResponse {
  generations_by_pk: LeonardoGeneration | null
}

/** The body of `POST …/datasets`. */
export interface LeonardoCreateDatasetRequest {
  name: string
  description?: string
}
export interface LeonardoCreateDatasetResponse {
  insert_datasets_one: { id: string }
}

/** One broken rule of a request: what is wrong, and where (a JSON path, as Leonardo's errors have it). */
export interface LeonardoRequestProblem {
  message: string
  path: string
}

const TYPES: Record<string, 'string' | 'integer' | 'number' | 'boolean'> = {
  negative_prompt: 'string',
  modelId: 'string',
  init_image_id: 'string',
  guidance_scale: 'number',
  seed: 'integer',
  public: 'boolean',
}

function typeMatches(value: unknown, type: 'string' | 'integer' | 'number' | 'boolean'): boolean {
  if (type === 'integer') return Number.isSafeInteger(value)
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value)
  return typeof value === type
}

const shown = (value: unknown) => (value === undefined ? 'undefined' : JSON.stringify(value))

/**
 * What is wrong with a generation request by Leonardo's reference, or nothing: the browser kit checks it before
 * sending, and the proxy before forwarding, with the same words.
 */
export function leonardoGenerationProblems(body: unknown): LeonardoRequestProblem[] {
  if (!isRecord(body)) return [{ message: 'the generation request must be a JSON object', path: '$' }]
  const problems: LeonardoRequestProblem[] = []
  if (typeof body.prompt !== 'string' || !body.prompt.trim()) {
    problems.push({ message: `prompt is required: a non-empty string (got ${shown(body.prompt)})`, path: '$.prompt' })
  }
  const { min, max, multipleOf } = LEONARDO_GENERATION_SIZE
  for (const side of ['width', 'height'] as const) {
    const value = body[side]
    if (value === undefined) continue
    if (
      !(
        Number.isInteger(value) &&
        (value as number) >= min &&
        (value as number) <= max &&
        (value as number) % multipleOf === 0
      )
    ) {
      problems.push({
        message: `${side} must be a multiple of ${multipleOf} from ${min} to ${max} (got ${shown(value)})`,
        path: `$.${side}`,
      })
    }
  }
  const strength = body.init_strength
  if (
    strength !== undefined &&
    !(typeof strength === 'number' && strength >= LEONARDO_INIT_STRENGTH.min && strength <= LEONARDO_INIT_STRENGTH.max)
  ) {
    problems.push({
      message: `init_strength must be a number from ${LEONARDO_INIT_STRENGTH.min} to ${LEONARDO_INIT_STRENGTH.max} (got ${shown(strength)})`,
      path: '$.init_strength',
    })
  }
  const count = body.num_images
  if (
    count !== undefined &&
    !(Number.isInteger(count) && (count as number) >= 1 && (count as number) <= LEONARDO_MAX_IMAGES)
  ) {
    problems.push({
      message: `num_images must be a whole number from 1 to ${LEONARDO_MAX_IMAGES} (got ${shown(count)})`,
      path: '$.num_images',
    })
  }
  for (const [field, type] of Object.entries(TYPES)) {
    if (body[field] !== undefined && !typeMatches(body[field], type)) {
      problems.push({
        message: `${field} must be ${type === 'integer' ? 'an' : 'a'} ${type} (got ${shown(body[field])})`,
        path: `$.${field}`,
      })
    }
  }
  return problems
}

/** What is wrong with a dataset to create, or nothing. */
export function leonardoDatasetProblems(body: unknown): LeonardoRequestProblem[] {
  const { name, description } = isRecord(body) ? body : {}
  const problems: LeonardoRequestProblem[] = []
  if (typeof name !== 'string' || !name.trim()) problems.push({ message: 'name is required', path: '$.name' })
  if (description !== undefined && typeof description !== 'string') {
    problems.push({ message: 'description must be a string', path: '$.description' })
  }
  return problems
}

/** A `generations_by_pk` answer as the kit reads it; undefined when it is not one. */
export function readLeonardoGeneration(body: unknown): LeonardoGeneration | null | undefined {
  if (!isRecord(body) || !('generations_by_pk' in body)) return undefined
  const g = body.generations_by_pk
  if (g === null) return null
  if (!isRecord(g) || typeof g.id !== 'string') return undefined
  if (!(LEONARDO_JOB_STATUSES as readonly unknown[]).includes(g.status)) return undefined
  const images = Array.isArray(g.generated_images) ? g.generated_images : []
  return {
    ...g,
    id: g.id,
    status: g.status as LeonardoJobStatus,
    generated_images: images.filter(
      (i): i is LeonardoGeneratedImage => isRecord(i) && typeof i.id === 'string' && typeof i.url === 'string',
    ),
  }
}

/** Whether an answer is `POST …/generations`' `{ sdGenerationJob: { generationId } }`. */
export function isLeonardoGenerationJob(body: unknown): body is LeonardoGenerationJobResponse {
  return isRecord(body) && isRecord(body.sdGenerationJob) && typeof body.sdGenerationJob.generationId === 'string'
}

/** Whether an answer is `POST …/datasets`' `{ insert_datasets_one: { id } }`. */
export function isLeonardoDatasetAnswer(body: unknown): body is LeonardoCreateDatasetResponse {
  return isRecord(body) && isRecord(body.insert_datasets_one) && typeof body.insert_datasets_one.id === 'string'
}
