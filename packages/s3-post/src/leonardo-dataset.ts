import {
  isLeonardoDatasetAnswer,
  type LeonardoCreateDatasetRequest,
  leonardoDatasetProblems,
} from '@uppy-presign/vendors'
import { invalidRequest, type LeonardoApiOptions, LeonardoError, leonardoCall, wordsOf } from './leonardo-api.ts'

/**
 * `POST …/datasets`: creates a dataset to upload training images into (`leonardo.datasetImage({ datasetId })`);
 * answers its id. Behind `leonardoProxy`, the app allows it with `allow.createDatasets`.
 *
 * @example
 * const { id } = await createLeonardoDataset({ endpoint: '/app/leonardo' }, { name: 'faces' })
 */
export async function createLeonardoDataset(
  api: LeonardoApiOptions,
  dataset: LeonardoCreateDatasetRequest,
  { signal }: { signal?: AbortSignal } = {},
): Promise<{ id: string }> {
  const t = wordsOf(api)
  const what = t('whatDataset', { name: String(dataset?.name ?? '') })
  const problems = leonardoDatasetProblems(dataset)
  if (problems.length) throw invalidRequest(api, what, problems)
  const body = {
    name: dataset.name,
    ...(dataset.description === undefined ? {} : { description: dataset.description }),
  }
  const answer = await leonardoCall(api, what, 'POST', '/datasets', { body, signal })
  if (!isLeonardoDatasetAnswer(answer)) {
    throw new LeonardoError(t('malformedAnswer', { what, problem: t('noDatasetId') }), 'malformed-answer', {
      retryable: false,
    })
  }
  return { id: answer.insert_datasets_one.id }
}
