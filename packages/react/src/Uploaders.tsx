import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import type { Locale } from '@uppy/core/utils'
import type { DashboardOptions } from '@uppy/dashboard'
import { UppyContextProvider } from '@uppy/react'
import Dashboard, { type DashboardProps } from '@uppy/react/dashboard'
import type { GcsSignedUrlOptions } from '@uppy-presign/gcs'
import type { IpfsPresignOptions } from '@uppy-presign/ipfs'
import type { S3PostPolicyOptions } from '@uppy-presign/s3-post'
import { type CSSProperties, type ReactNode, useEffect, useRef } from 'react'
import { useGcsUppy, useIpfsUppy, useS3PostUppy } from './hooks.ts'
import { getUploadResultItems, toResultItem } from './result-items.ts'
import type { UploadResultsStrings } from './strings.ts'
import type { UploaderTheme, UploadResultItem, UppyOptions } from './types.ts'
import { UploadResults } from './UploadResults.tsx'

/** Filebase's public gateway: NFT2 stores into a Filebase IPFS bucket, so its CIDs resolve there first. */
export const FILEBASE_GATEWAY = 'https://ipfs.filebase.io/ipfs/'

/** Dashboard options the uploader components pass through as they are (the rest have props of their own). */
export type UploaderDashboardOptions = Omit<
  DashboardProps<Meta, Body>,
  'uppy' | 'target' | 'theme' | 'locale' | 'height' | 'width' | 'note'
>

/** What every uploader component takes beside its flow's options. */
export interface CommonUploaderProps {
  /** Options for `new Uppy()`: `restrictions`, `autoProceed`, `meta` … Changes after mount are applied in place. */
  uppyOptions?: UppyOptions
  /**
   * Called after each upload run with every file's item, failed ones too: on Uppy's `complete`, and when a Retry
   * (which Uppy runs without a `complete`) has settled.
   */
  onComplete?: (results: UploadResultItem[]) => void
  /** Called for each failed file, with its item and the error (an `UploadError` from the flow plugins). */
  onError?: (item: UploadResultItem, error: Error) => void
  /** Colour scheme of the Dashboard and the results panel; `auto` follows the system. Default `light`. */
  theme?: UploaderTheme
  /** An Uppy locale (e.g. from `@uppy/locales`), given to Uppy (so to its plugins) and to the Dashboard. */
  locale?: Locale
  /** Dashboard height in pixels (Dashboard default 550). */
  height?: number
  /** Dashboard width, in pixels or any CSS length (Dashboard default 750); the results panel is as wide at most. */
  width?: number | string
  /** A line of text under the Dashboard's drop area, e.g. the accepted types and sizes. */
  note?: string
  /** Show the results panel under the Dashboard. Default `true`. */
  showResults?: boolean
  /** Extra class names for the wrapping `<div>`. */
  className?: string
  /** Replacements for the results panel's words. */
  resultsStrings?: Partial<UploadResultsStrings>
  /** Further Dashboard options (e.g. `proudlyDisplayPoweredByUppy`, `metaFields`, `hideUploadButton`). */
  dashboardOptions?: UploaderDashboardOptions
}

const COMMON_PROPS = [
  'uppyOptions',
  'onComplete',
  'onError',
  'theme',
  'locale',
  'height',
  'width',
  'note',
  'showResults',
  'className',
  'resultsStrings',
  'dashboardOptions',
] as const satisfies ReadonlyArray<keyof CommonUploaderProps>

/** The component's own props on one side, the flow plugin's options on the other. */
function splitProps<P extends CommonUploaderProps>(props: P) {
  const common: CommonUploaderProps = {}
  const flow: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(props)) {
    if ((COMMON_PROPS as readonly string[]).includes(key)) (common as Record<string, unknown>)[key] = value
    else flow[key] = value
  }
  return { common, flow: flow as Omit<P, keyof CommonUploaderProps> }
}

/**
 * `@uppy/react`'s `UppyContextProvider` for any instance. Its prop is typed with the non-generic `Uppy`, to which the
 * hooks' `Uppy<Meta, Body>` is not assignable although it is the same object: this spares every app the cast, for
 * `@uppy/react`'s headless components (`Dropzone`, `FilesList`, `UploadButton` …) over a hook's instance.
 */
export function UppyProvider<M extends Meta, B extends Body>({
  uppy,
  children,
}: {
  /** The instance the components below use (from `useIpfsUppy`, `useGcsUppy`, `useS3PostUppy`, or your own). */
  uppy: Uppy<M, B>
  /** The components that read the context. */
  children?: ReactNode
}) {
  return <UppyContextProvider uppy={uppy as unknown as Uppy}>{children}</UppyContextProvider>
}

/** The locale reaches Uppy with the app's other Uppy options; Uppy hands it to every plugin. */
const withLocale = (options: UppyOptions | undefined, locale: Locale | undefined): UppyOptions | undefined =>
  locale ? { ...options, locale } : options

/** Without the keys whose value is undefined: a plugin's defaults are spread under its options, and undefined wins. */
function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>
}

interface FrameProps extends CommonUploaderProps {
  uppy: Uppy<Meta, Body>
  gateway?: string
}

/** The part every uploader shares: context, Dashboard, results, callbacks. */
function UploaderFrame({
  uppy,
  gateway,
  onComplete,
  onError,
  theme = 'light',
  locale,
  height,
  width,
  note,
  showResults = true,
  className,
  resultsStrings,
  dashboardOptions,
}: FrameProps) {
  // The latest callbacks, read when an event fires: inline arrow props then never re-subscribe to Uppy.
  const callbacks = useRef({ onComplete, onError })
  useEffect(() => {
    callbacks.current = { onComplete, onError }
  })

  useEffect(() => {
    const complete = () => callbacks.current.onComplete?.(getUploadResultItems(uppy))
    const failed = (file: UppyFile<Meta, Body> | undefined, error: { message: string }) => {
      if (!file) return
      callbacks.current.onError?.(toResultItem(uppy, uppy.getFile(file.id) ?? file), error as Error)
    }
    // Uppy emits no `complete` for `retryUpload` (the Retry buttons, ours and the Dashboard's): a run of single-file
    // retries is complete when the last retried file has settled.
    const retrying = new Set<string>()
    const retried = (file: UppyFile<Meta, Body> | undefined) => {
      if (file) retrying.add(file.id)
    }
    const settled = (file: UppyFile<Meta, Body> | undefined) => {
      if (file && retrying.delete(file.id) && retrying.size === 0) complete()
    }
    const removed = (file: UppyFile<Meta, Body>) => {
      retrying.delete(file.id)
    }
    uppy.on('complete', complete)
    uppy.on('upload-error', failed)
    uppy.on('upload-retry', retried)
    uppy.on('upload-success', settled)
    uppy.on('upload-error', settled)
    uppy.on('file-removed', removed)
    return () => {
      uppy.off('complete', complete)
      uppy.off('upload-error', failed)
      uppy.off('upload-retry', retried)
      uppy.off('upload-success', settled)
      uppy.off('upload-error', settled)
      uppy.off('file-removed', removed)
    }
  }, [uppy])

  const style = { '--uppy-presign-width': typeof width === 'number' ? `${width}px` : width } as CSSProperties
  return (
    <div
      className={['uppy-presign-uploader', className].filter(Boolean).join(' ')}
      data-theme={theme}
      style={width === undefined ? undefined : style}
    >
      <UppyProvider uppy={uppy}>
        <Dashboard
          uppy={uppy}
          {...defined({
            ...dashboardOptions,
            theme,
            height,
            width,
            note,
            // Dashboard's locale type lists its own keys; an Uppy locale carries those among others.
            locale: locale as DashboardOptions<Meta, Body>['locale'],
          })}
        />
        {showResults && <UploadResults uppy={uppy} gateway={gateway} theme={theme} strings={resultsStrings} />}
      </UppyProvider>
    </div>
  )
}

/** `<IpfsUploader>`'s props: `IpfsPresignOptions` (from `@uppy-presign/ipfs`) and the common ones. */
export interface IpfsUploaderProps extends Omit<IpfsPresignOptions, 'locale' | 'gateway'>, CommonUploaderProps {
  /**
   * IPFS gateway prefix for the results' gateway link and Uppy's `uploadURL` (gateway + CID). Default
   * `https://ipfs.filebase.io/ipfs/` (NFT2's storage is Filebase); `''` for no gateway link.
   */
  gateway?: string
}

/**
 * Uploads images to an S3-style IPFS bucket (NFT2 / Filebase) and shows each file's CID: `useIpfsUppy` +
 * `@uppy/react`'s Dashboard + `<UploadResults>`.
 *
 * @example
 * <IpfsUploader presign={nft2({ endpoint: '/api/nft2' })} onComplete={(results) => save(results)} />
 */
export function IpfsUploader(props: IpfsUploaderProps) {
  const { common, flow } = splitProps(props)
  const gateway = props.gateway === undefined ? FILEBASE_GATEWAY : props.gateway || undefined
  const uppy = useIpfsUppy({ ...flow, gateway, uppy: withLocale(common.uppyOptions, common.locale) })
  return <UploaderFrame uppy={uppy} gateway={gateway} {...common} />
}

/** `<GcsUploader>`'s props: `GcsSignedUrlOptions` (from `@uppy-presign/gcs`) and the common ones. */
export interface GcsUploaderProps extends Omit<GcsSignedUrlOptions, 'locale'>, CommonUploaderProps {}

/**
 * Uploads through Google Cloud Storage V4 signed URLs (Startrail) and shows each file's `finalUrl`: `useGcsUppy` +
 * `@uppy/react`'s Dashboard + `<UploadResults>`.
 *
 * @example
 * <GcsUploader presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })} />
 */
export function GcsUploader(props: GcsUploaderProps) {
  const { common, flow } = splitProps(props)
  const uppy = useGcsUppy({ ...flow, uppy: withLocale(common.uppyOptions, common.locale) })
  return <UploaderFrame uppy={uppy} {...common} />
}

/** `<S3PostUploader>`'s props: `S3PostPolicyOptions` (from `@uppy-presign/s3-post`) and the common ones. */
export interface S3PostUploaderProps extends Omit<S3PostPolicyOptions, 'locale'>, CommonUploaderProps {}

/**
 * Uploads through S3 POST policies (Leonardo.ai, Typebot) and shows Leonardo's image id or Typebot's `fileUrl`:
 * `useS3PostUppy` + `@uppy/react`'s Dashboard + `<UploadResults>`.
 *
 * @example
 * <S3PostUploader presign={leonardo.initImage({ endpoint: '/api/leonardo' })} />
 */
export function S3PostUploader(props: S3PostUploaderProps) {
  const { common, flow } = splitProps(props)
  const uppy = useS3PostUppy({ ...flow, uppy: withLocale(common.uppyOptions, common.locale) })
  return <UploaderFrame uppy={uppy} {...common} />
}
