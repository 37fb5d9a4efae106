import Uppy, { type BasePlugin, type Body, type Meta, type PluginOpts } from '@uppy/core'
import { useEffect, useRef, useState } from 'react'
import { trackUploadErrors } from './result-items.ts'
import type { UppyOptions } from './types.ts'

/**
 * An Uppy plugin class, as `uppy.use()` takes it: `IpfsPresign`, `GcsSignedUrl`, `S3PostPolicy`, an app's own
 * `PresignPlugin` subclass, or any other uploader. `opts: never` accepts a constructor whatever its options type.
 */
export type UppyPluginClass = new (uppy: Uppy<Meta, Body>, opts: never) => BasePlugin<PluginOpts, Meta, Body>

/** A plugin class's options: the second parameter of its constructor. */
export type PluginOptionsOf<P extends UppyPluginClass> = NonNullable<ConstructorParameters<P>[1]>

/** `useUppyFlow`'s options: the plugin's own, plus `uppy` for the instance itself. */
export type UppyFlowOptions<P extends UppyPluginClass> = PluginOptionsOf<P> & {
  /** Options for `new Uppy()`: restrictions, autoProceed, meta, locale … */
  uppy?: UppyOptions
}

type Options = Record<string, unknown>

const isPlainObject = (value: unknown): value is Options =>
  typeof value === 'object' &&
  value !== null &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)

/**
 * Equal for the purpose of "did the app change this option": the same value, or a plain object / array with the
 * same entries one level down. Apps write `restrictions={{ maxFileSize }}` inline, which is a new object on every
 * render; without this, each render would reconfigure Uppy and re-render everything subscribed to its store.
 */
function sameOption(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && Object.is(a[k], b[k]))
  }
  return false
}

/**
 * The options that differ from those last applied, or `undefined` when none does. A key the app stopped passing is
 * left at its last value: sending `undefined` would replace the plugin's default with nothing.
 */
function changedOptions(previous: Options, next: Options): Options | undefined {
  const patch: Options = {}
  let changed = false
  for (const [key, value] of Object.entries(next)) {
    if (value !== undefined && !sameOption(previous[key], value)) {
      patch[key] = value
      changed = true
    }
  }
  return changed ? patch : undefined
}

/** Instances whose close is scheduled, by the timer that will close them. */
const closing = new WeakMap<Uppy<Meta, Body>, ReturnType<typeof setTimeout>>()
const closed = new WeakSet<Uppy<Meta, Body>>()
/** The id each instance's flow plugin was installed under: fixed then, whatever `id` the app passes later. */
const pluginIds = new WeakMap<Uppy<Meta, Body>, string>()

function createUppy(Plugin: UppyPluginClass, uppyOptions: UppyOptions | undefined, options: PluginOpts) {
  const uppy = new Uppy<Meta, Body>(uppyOptions)
  // `use()` wants `typeof BasePlugin` itself (its statics and prototype too); any plugin class is one at run time.
  uppy.use(Plugin as unknown as typeof BasePlugin<PluginOpts, Meta, Body>, options)
  // The id is the plugin's own choice (its default, or `options.id`): read it from the instance, not a table.
  uppy.iteratePlugins((plugin) => {
    if (plugin instanceof Plugin) pluginIds.set(uppy, plugin.id)
  })
  trackUploadErrors(uppy)
  return uppy
}

/**
 * One Uppy instance with `Plugin` installed, owned by the calling component: created once, reconfigured in place when
 * the options change (`uppy.setOptions`, `plugin.setOptions`), destroyed when the component unmounts. The plugin
 * class and its `id` are fixed at creation.
 *
 * Created in the `useState` initialiser: `new Uppy()` and the flow plugins touch `window` only behind a
 * `typeof window` check, so a server render creates an inert instance (no listeners, no timers) and nothing else.
 * The close waits one task: React's StrictMode unmounts and remounts every effect once in development, and closing
 * for that pretend unmount would leave the page with a dead instance.
 *
 * @example
 * const uppy = useUppyFlow(IpfsPresign, { presign: nft2({ endpoint: '/api/nft2' }), uppy: { autoProceed: true } })
 */
export function useUppyFlow<P extends UppyPluginClass>(Plugin: P, options: UppyFlowOptions<P>): Uppy<Meta, Body> {
  // Read as plain options: what they are for this plugin matters to the plugin only.
  const { uppy: uppyOptions, ...pluginOptions } = options as PluginOpts & { uppy?: UppyOptions }
  const [uppy, setUppy] = useState(() => createUppy(Plugin, uppyOptions, pluginOptions))
  const applied = useRef({ uppy, uppyOptions, pluginOptions })

  // After every render: options are usually inline literals, so only what really changed is pushed to Uppy.
  useEffect(() => {
    const last = applied.current
    if (last.uppy === uppy) {
      const uppyPatch = changedOptions((last.uppyOptions ?? {}) as Options, (uppyOptions ?? {}) as Options)
      if (uppyPatch) uppy.setOptions(uppyPatch)
      // A plugin's id is its key in Uppy, set at install: a new `id` is not an option it can take.
      const { id: _fixedAtInstall, ...pluginPatch } =
        changedOptions(last.pluginOptions as Options, pluginOptions as Options) ?? {}
      if (Object.keys(pluginPatch).length > 0) {
        const id = pluginIds.get(uppy)
        if (id !== undefined) uppy.getPlugin(id)?.setOptions(pluginPatch)
      }
    }
    applied.current = { uppy, uppyOptions, pluginOptions }
  })

  useEffect(() => {
    if (closed.has(uppy)) {
      // Shown again after a real close (React's <Activity> hides by unmounting effects): a fresh instance.
      const { uppyOptions, pluginOptions } = applied.current
      setUppy(createUppy(Plugin, uppyOptions, pluginOptions))
      return
    }
    clearTimeout(closing.get(uppy))
    closing.delete(uppy)
    return () => {
      closing.set(
        uppy,
        setTimeout(() => {
          closing.delete(uppy)
          closed.add(uppy)
          uppy.destroy()
        }, 0),
      )
    }
  }, [uppy, Plugin])

  return uppy
}
