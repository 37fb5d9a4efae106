import type { Body } from '@uppy/core'
import GcsSignedUrl, { type GcsResult, type StartrailCategory } from '@uppy-presign/gcs'
import IpfsPresign, { type IpfsResult } from '@uppy-presign/ipfs'
import S3PostPolicy, { type S3PostResult } from '@uppy-presign/s3-post'
import { useMemo } from 'react'
import { type CategoryPickerOptions, categoryMetaField, withCategoryField } from './category-picker.ts'
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
}

/**
 * `<Uploader plugin={GcsSignedUrl}>`: Google Cloud Storage V4 signed URLs (Startrail), optionally with a category
 * picker per file.
 *
 * @example
 * <GcsUploader presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })} />
 * <GcsUploader
 *   presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })}
 *   categories={['artwork', 'certificate']}
 *   categoryPicker
 * />
 */
export function GcsUploader({ categoryPicker, dashboardOptions, ...props }: GcsUploaderProps) {
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
  return <Uploader<typeof GcsSignedUrl, GcsResult> plugin={GcsSignedUrl} {...props} dashboardOptions={options} />
}

/**
 * `<Uploader plugin={S3PostPolicy}>`: S3 POST policies (Leonardo.ai, Typebot).
 *
 * @example
 * <S3PostUploader presign={leonardo.initImage({ endpoint: '/api/leonardo' })} />
 */
export const S3PostUploader = (props: PresetProps<typeof S3PostPolicy, S3PostResult>) => (
  <Uploader<typeof S3PostPolicy, S3PostResult> plugin={S3PostPolicy} {...props} />
)
