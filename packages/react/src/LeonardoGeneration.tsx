import { displayFileName } from '@uppy-presign/core'
import type { LeonardoInitImagePolicy } from '@uppy-presign/s3-post'
import { type LeonardoGenerateOptions, useLeonardoGeneration } from './leonardo-generations.ts'
import type { UploadResultsStrings } from './strings.ts'
import { httpUrl } from './urls.ts'

export interface LeonardoGenerationProps {
  /** The adapter the image was uploaded with: `leonardo.initImage({ endpoint, generation })`. */
  policy: LeonardoInitImagePolicy
  /** The uploaded init image's id (the upload's `body.id`). */
  initImageId: string
  /** The uploaded file's name, for the images' alt text. */
  name: string
  options?: LeonardoGenerateOptions
  words: UploadResultsStrings
}

/**
 * One init image's generation in a results row: its status (with a progress bar while Leonardo works), then the
 * generated images, each a link to itself; on failure the reason and a button to generate again.
 */
export function LeonardoGeneration({ policy, initImageId, name, options, words }: LeonardoGenerationProps) {
  const { state, retry } = useLeonardoGeneration(policy, initImageId, options)
  if (state.status === 'idle') return null
  const label =
    state.status === 'PENDING'
      ? words.generationPending
      : state.status === 'COMPLETE'
        ? words.generationComplete
        : words.generationFailed
  const images = state.status === 'COMPLETE' ? state.images.filter((image) => httpUrl(image.url)) : []
  const shownName = displayFileName(name)
  return (
    <div className="uppy-presign-results__generation" data-generation-status={state.status}>
      <p className="uppy-presign-results__generation-status">
        <span className="uppy-presign-results__generation-label">{words.generation}</span>{' '}
        <span role="status" data-testid="generation-status">
          {label}
        </span>
        {state.status === 'PENDING' && (
          <>
            {' '}
            {/* No value: Leonardo says PENDING until it is done, not how far it is. */}
            <progress className="uppy-presign-results__progress" aria-label={`${words.generation}: ${shownName}`} />
          </>
        )}
      </p>
      {images.length > 0 && (
        <ul className="uppy-presign-results__generated">
          {images.map((image, index) => (
            <li key={image.id}>
              <a href={httpUrl(image.url)} target="_blank" rel="noopener noreferrer">
                <img
                  className="uppy-presign-results__generated-image"
                  src={httpUrl(image.url)}
                  alt={`${words.generatedImage} ${index + 1} ${words.of} ${images.length}: ${shownName}`}
                  width={96}
                  height={96}
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      {state.status === 'FAILED' && (
        <>
          <p role="alert" className="uppy-presign-results__error">
            {state.message}
          </p>
          <button type="button" className="uppy-presign-results__button" onClick={retry}>
            {words.generateAgain}
          </button>
        </>
      )}
    </div>
  )
}
