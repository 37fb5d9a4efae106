import type { Body } from '@uppy/core'
import GcsSignedUrl, { type GcsResult, type StartrailReads } from '@uppy-presign/gcs'
import IpfsPresign, { type IpfsResult } from '@uppy-presign/ipfs'
import S3PostPolicy, { type S3PostResult } from '@uppy-presign/s3-post'
import { useStartrailResultActions } from './startrail-result-actions.tsx'
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

/**
 * `<Uploader plugin={GcsSignedUrl}>`: Google Cloud Storage V4 signed URLs (Startrail). With `reads`
 * (`startrailReads(…)`), each stored file's row gets a Download button.
 *
 * @example
 * <GcsUploader presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })} />
 */
export function GcsUploader({ reads, ...props }: GcsUploaderProps) {
  const downloads = useStartrailResultActions(reads)
  return (
    <Uploader<typeof GcsSignedUrl, GcsResult>
      plugin={GcsSignedUrl}
      {...props}
      resultActions={props.resultActions ?? downloads}
    />
  )
}

export type GcsUploaderProps = PresetProps<typeof GcsSignedUrl, GcsResult> & {
  /** Signs reads of stored files (`startrailReads` from `@uppy-presign/gcs`): adds a Download button per file. */
  reads?: StartrailReads
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
