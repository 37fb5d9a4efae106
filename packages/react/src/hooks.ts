import type { Body, Meta, Uppy } from '@uppy/core'
import GcsSignedUrl, { type GcsSignedUrlOptions } from '@uppy-presign/gcs'
import IpfsPresign, { type IpfsPresignOptions } from '@uppy-presign/ipfs'
import S3PostPolicy, { type S3PostPolicyOptions } from '@uppy-presign/s3-post'
import type { UppyOptions } from './types.ts'
import { type FlowPluginSpec, useFlowUppy } from './use-flow-uppy.ts'

/** `useIpfsUppy`'s options: the plugin's, plus `uppy` for the instance itself. */
export type UseIpfsUppyOptions = IpfsPresignOptions & {
  /** Options for `new Uppy()`: restrictions, autoProceed, meta, locale … */
  uppy?: UppyOptions
}
/** `useGcsUppy`'s options: the plugin's, plus `uppy` for the instance itself. */
export type UseGcsUppyOptions = GcsSignedUrlOptions & {
  /** Options for `new Uppy()`: restrictions, autoProceed, meta, locale … */
  uppy?: UppyOptions
}
/** `useS3PostUppy`'s options: the plugin's, plus `uppy` for the instance itself. */
export type UseS3PostUppyOptions = S3PostPolicyOptions & {
  /** Options for `new Uppy()`: restrictions, autoProceed, meta, locale … */
  uppy?: UppyOptions
}

// Module constants: the hooks' effects depend on the spec, which must never change between renders.
const ipfs: FlowPluginSpec<IpfsPresignOptions> = {
  defaultId: 'IpfsPresign',
  install: (uppy, options) => uppy.use(IpfsPresign, options),
}
const gcs: FlowPluginSpec<GcsSignedUrlOptions> = {
  defaultId: 'GcsSignedUrl',
  install: (uppy, options) => uppy.use(GcsSignedUrl, options),
}
const s3Post: FlowPluginSpec<S3PostPolicyOptions> = {
  defaultId: 'S3PostPolicy',
  install: (uppy, options) => uppy.use(S3PostPolicy, options),
}

/**
 * An Uppy instance that uploads to an S3-style IPFS bucket (NFT2 / Filebase) with `IpfsPresign`, owned by the
 * calling component: created once, reconfigured with `setOptions` when the options change, destroyed on unmount.
 * Safe in a server render (nothing touches `window`).
 *
 * @example
 * const uppy = useIpfsUppy({ presign: nft2({ endpoint: '/api/nft2' }), uppy: { restrictions: { maxNumberOfFiles: 10 } } })
 */
export function useIpfsUppy(options: UseIpfsUppyOptions): Uppy<Meta, Body> {
  return useFlowUppy(ipfs, options)
}

/**
 * An Uppy instance that uploads through Google Cloud Storage V4 signed URLs (Startrail) with `GcsSignedUrl`; same
 * lifetime as `useIpfsUppy`.
 *
 * @example
 * const uppy = useGcsUppy({ presign: startrail({ endpoint: '/api/startrail', category: 'artwork' }) })
 */
export function useGcsUppy(options: UseGcsUppyOptions): Uppy<Meta, Body> {
  return useFlowUppy(gcs, options)
}

/**
 * An Uppy instance that uploads through S3 POST policies (Leonardo.ai, Typebot) with `S3PostPolicy`; same lifetime
 * as `useIpfsUppy`.
 *
 * @example
 * const uppy = useS3PostUppy({ presign: leonardo.initImage({ endpoint: '/api/leonardo' }) })
 */
export function useS3PostUppy(options: UseS3PostUppyOptions): Uppy<Meta, Body> {
  return useFlowUppy(s3Post, options)
}
