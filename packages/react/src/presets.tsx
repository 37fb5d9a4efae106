import type { Body } from '@uppy/core'
import GcsSignedUrl, { type GcsResult, type StartrailCategory, type StartrailReads } from '@uppy-presign/gcs'
import IpfsPresign, { type IpfsResult } from '@uppy-presign/ipfs'
import S3PostPolicy, { type LeonardoInitImagePolicy, type S3PostResult } from '@uppy-presign/s3-post'
import { useMemo } from 'react'
import { type CategoryPickerOptions, categoryMetaField, withCategoryField } from './category-picker.ts'
import { LeonardoGeneration } from './LeonardoGeneration.tsx'
import type { LeonardoGenerateOptions } from './leonardo-generations.ts'
import { useStartrailResultActions } from './startrail-result-actions.tsx'
import type { UploadResultsStrings } from './strings.ts'
import type { UploadResultItem } from './types.ts'
import { Uploader, type UploaderProps } from './Uploader.tsx'
import type { UppyPluginClass } from './use-uppy-flow.ts'

// Each preset names its flow's result, so `onComplete` and `onError` items have typed bodies (`item.body?.cid`).
type PresetProps<P extends UppyPluginClass, R extends Body> = Omit<UploaderProps<P, R>, 'plugin'>

/** Filebase's public gateway: NFT2 stores into a Filebase IPFS bucket, so its CIDs resolve there first. */
const FILEBASE_GATEWAY = 'https://ipfs.filebase.io/ipfs/'

/**
 * `<Uploader plugin={IpfsPresign}>` with Filebase's gateway unless `gateway` says otherwise (`''`: none).
 *
 * @example
 * <IpfsUploader presign={nft2({ endpoint: '/api/nft2' })} onComplete={(results) => save(results)} />
 */
export function IpfsUploader({ gateway = FILEBASE_GATEWAY, ...props }: PresetProps<typeof IpfsPresign, IpfsResult>) {
  return <Uploader<typeof IpfsPresign, IpfsResult> plugin={IpfsPresign} {...props} gateway={gateway || undefined} />
}

/** `<GcsUploader>`'s props: `<Uploader>`'s for `GcsSignedUrl`, and the category picker. */
export type GcsUploaderProps = PresetProps<typeof GcsSignedUrl, GcsResult> & {
  /**
   * A Category field in the Dashboard's file editor (a file's Edit button): a `<select>` of `categories` (the
   * plugin's option, default all five of Startrail's) that sets the file's `meta.category`, which `GcsSignedUrl`
   * signs it for. Shows the default of `startrail({ category })` until another is chosen. `true`, or its words.
   */
  categoryPicker?: boolean | CategoryPickerOptions
  /** Signs reads of stored files (`startrailReads` from `@uppy-presign/gcs`): adds a Download button per file. */
  reads?: StartrailReads
}

/**
 * `<Uploader plugin={GcsSignedUrl}>`: Google Cloud Storage V4 signed URLs (Startrail), optionally with a category
 * picker per file. With `reads` (`startrailReads(…)`), each stored file's row gets a Download button.
 *
 * @example
 * <GcsUploader presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })} />
 * <GcsUploader
 *   presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })}
 *   categories={['artwork', 'certificate']}
 *   categoryPicker
 * />
 */
export function GcsUploader({ categoryPicker, reads, dashboardOptions, ...props }: GcsUploaderProps) {
  const downloads = useStartrailResultActions(reads)
  const { categories, presign } = props
  // startrail()'s default category, which a file without its own is signed for.
  const declared = (presign as { category?: unknown } | undefined)?.category
  const defaultCategory = typeof declared === 'string' ? (declared as StartrailCategory) : undefined
  const words = typeof categoryPicker === 'object' ? categoryPicker : undefined
  // Compared by content: apps write `categories={[…]}` inline, and a new field would re-render the Dashboard.
  const fieldKey = JSON.stringify([categoryPicker ? categories : null, defaultCategory, words])
  // biome-ignore lint/correctness/useExhaustiveDependencies: fieldKey holds every input by value
  const field = useMemo(
    () => (categoryPicker ? categoryMetaField({ ...words, categories, defaultCategory }) : undefined),
    [fieldKey],
  )
  const appFields = dashboardOptions?.metaFields
  // Kept while its inputs are: a new list each render would have the Dashboard set its options again each render.
  const metaFields = useMemo(() => (field ? withCategoryField(appFields, field) : appFields), [appFields, field])
  const options = field ? { ...dashboardOptions, metaFields } : dashboardOptions
  return (
    <Uploader<typeof GcsSignedUrl, GcsResult>
      plugin={GcsSignedUrl}
      {...props}
      dashboardOptions={options}
      renderResultExtra={props.renderResultExtra ?? downloads}
    />
  )
}

/** `<S3PostUploader>`'s props: `<Uploader>`'s for S3PostPolicy, and `generate`. */
export type S3PostUploaderProps = PresetProps<typeof S3PostPolicy, S3PostResult> & {
  /**
   * Leonardo's next step, in the results panel: each uploaded init image's generation is started and followed
   * there (status, then the generated images). Needs `presign={leonardo.initImage({ endpoint, generation })}`;
   * `true`, or options (`request: { prompt }`, `poll`, `onGenerated`).
   */
  generate?: boolean | LeonardoGenerateOptions
}

/**
 * `<Uploader plugin={S3PostPolicy}>`: S3 POST policies (Leonardo.ai, Typebot).
 *
 * @example
 * <S3PostUploader presign={leonardo.initImage({ endpoint: '/api/leonardo' })} />
 * @example
 * <S3PostUploader
 *   presign={leonardo.initImage({ endpoint: '/api/leonardo', generation: { prompt: 'a watercolour', width: 512, height: 512 } })}
 *   generate
 * />
 */
export function S3PostUploader({ generate, renderResultExtra, ...props }: S3PostUploaderProps) {
  const policy = props.presign as LeonardoInitImagePolicy
  if (generate && typeof policy.generate !== 'function') {
    throw new TypeError(
      '<S3PostUploader generate>: presign must be leonardo.initImage({ endpoint, generation: { width, height, … } }), which can start a generation',
    )
  }
  const options = generate === true ? undefined : generate || undefined
  const renderGeneration = useMemo(
    () =>
      generate
        ? (item: UploadResultItem<S3PostResult>, context: { words: UploadResultsStrings; nameId: string }) =>
            item.status === 'success' && typeof item.body?.id === 'string' ? (
              <>
                {renderResultExtra?.(item, context)}
                <LeonardoGeneration
                  policy={policy}
                  initImageId={item.body.id}
                  name={item.name}
                  options={options}
                  words={context.words}
                />
              </>
            ) : (
              renderResultExtra?.(item, context)
            )
        : renderResultExtra,
    [generate, policy, options, renderResultExtra],
  )
  return (
    <Uploader<typeof S3PostPolicy, S3PostResult>
      plugin={S3PostPolicy}
      {...props}
      renderResultExtra={renderGeneration}
    />
  )
}
