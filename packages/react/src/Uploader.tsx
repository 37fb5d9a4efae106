import { type Body, EventManager, type Meta, type UppyFile } from '@uppy/core'
import type { Locale } from '@uppy/core/utils'
import type { DashboardOptions } from '@uppy/dashboard'
import Dashboard, { type DashboardProps } from '@uppy/react/dashboard'
import { type CSSProperties, useEffect, useRef } from 'react'
import { getUploadResultItems, toResultItem } from './result-items.ts'
import type { UploadResultsStrings } from './strings.ts'
import type { UploaderTheme, UploadResultItem, UppyOptions } from './types.ts'
import { type RenderResultExtra, UploadResults } from './UploadResults.tsx'
import { type PluginOptionsOf, type UppyFlowOptions, type UppyPluginClass, useUppyFlow } from './use-uppy-flow.ts'

/** Dashboard options the uploader components pass through as they are (the rest have props of their own). */
type UploaderDashboardOptions = Omit<
  DashboardProps<Meta, Body>,
  'uppy' | 'target' | 'theme' | 'locale' | 'height' | 'width' | 'note'
>

/** What `<Uploader>` takes beside the plugin and its options; `R` is the plugin's result (the `upload-success` body). */
interface UploaderOwnProps<R extends Body = Body> {
  /** Options for `new Uppy()`: `restrictions`, `autoProceed`, `meta` … Changes after mount are applied in place. */
  uppyOptions?: UppyOptions
  /**
   * Called after each upload run with every file's item, failed ones too: on Uppy's `complete`, and when a Retry
   * (which Uppy runs without a `complete`) has settled.
   */
  onComplete?: (results: Array<UploadResultItem<R>>) => void
  /** Called for each failed file, with its item and the error (an `UploadError` from the flow plugins). */
  onError?: (item: UploadResultItem<R>, error: Error) => void
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
  /** More to show in each file's row of the results panel (`<UploadResults renderExtra>`). */
  renderResultExtra?: RenderResultExtra<R>
}

const OWN_PROPS = [
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
  'renderResultExtra',
] as const satisfies ReadonlyArray<keyof UploaderOwnProps>

/** The locale reaches Uppy with the app's other Uppy options; Uppy hands it to every plugin. */
const withLocale = (options: UppyOptions | undefined, locale: Locale | undefined): UppyOptions | undefined =>
  locale ? { ...options, locale } : options

/** Without the keys whose value is undefined: a plugin's defaults are spread under its options, and undefined wins. */
function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * `<Uploader>`'s props: `plugin`, that plugin's options (`presign`, `batchSize` … as `uppy.use(plugin, options)` takes
 * them), and the component's own. A plugin option named like one of the component's props (`locale`) is left to
 * the component: its `locale` reaches Uppy, which hands it to every plugin.
 */
export type UploaderProps<P extends UppyPluginClass, R extends Body = Body> = { plugin: P } & UploaderOwnProps<R> &
  Omit<PluginOptionsOf<P>, keyof UploaderOwnProps>

/** The component's own props on one side, the plugin's options on the other. */
function splitProps(props: Record<string, unknown>) {
  const own: Record<string, unknown> = {}
  const options: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(props)) {
    if ((OWN_PROPS as readonly string[]).includes(key)) own[key] = value
    else options[key] = value
  }
  return { own: own as UploaderOwnProps<Body>, options }
}

/**
 * Uploads with any Uppy uploader plugin and shows each file's outcome: `useUppyFlow(plugin, options)` +
 * `@uppy/react`'s inline Dashboard + `<UploadResults>`. The plugin class and its `id` are fixed at mount; every other
 * prop may change.
 *
 * @example
 * <Uploader plugin={GcsSignedUrl} presign={startrail({ endpoint: '/api/startrail', category: 'artwork' })} />
 */
export function Uploader<P extends UppyPluginClass, R extends Body = Body>({ plugin, ...props }: UploaderProps<P, R>) {
  const { own, options } = splitProps(props)
  const {
    uppyOptions,
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
    renderResultExtra,
  } = own
  const uppy = useUppyFlow(plugin, { ...options, uppy: withLocale(uppyOptions, locale) } as UppyFlowOptions<P>)
  // A plugin that makes gateway URLs (IpfsPresign's `gateway`) names the gateway the panel links CIDs through.
  const gateway = typeof options.gateway === 'string' && options.gateway ? options.gateway : undefined

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
    // Uppy's own EventManager: one `remove()` takes off every listener added through it.
    const events = new EventManager(uppy)
    events.on('complete', complete)
    events.on('upload-error', failed)
    events.on('upload-retry', retried)
    events.on('upload-success', settled)
    events.on('upload-error', settled)
    events.on('file-removed', removed)
    return () => events.remove()
  }, [uppy])

  const style = { '--uppy-presign-width': typeof width === 'number' ? `${width}px` : width } as CSSProperties
  return (
    <div
      className={['uppy-presign-uploader', className].filter(Boolean).join(' ')}
      data-theme={theme}
      style={width === undefined ? undefined : style}
    >
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
      {showResults && (
        <UploadResults
          uppy={uppy}
          gateway={gateway}
          theme={theme}
          strings={resultsStrings}
          renderExtra={renderResultExtra}
        />
      )}
    </div>
  )
}
