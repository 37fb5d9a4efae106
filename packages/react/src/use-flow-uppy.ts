import Uppy, { type Body, type Meta, type PluginOpts } from '@uppy/core'
import { useEffect, useRef, useState } from 'react'
import { trackUploadErrors } from './result-items.ts'
import type { UppyOptions } from './types.ts'

/** How a hook installs its flow plugin, and the id it is found under afterwards. */
export interface FlowPluginSpec<O extends PluginOpts> {
  defaultId: string
  install(uppy: Uppy<Meta, Body>, options: O): void
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

function createUppy<O extends PluginOpts>(spec: FlowPluginSpec<O>, uppyOptions: UppyOptions | undefined, options: O) {
  const uppy = new Uppy<Meta, Body>(uppyOptions)
  spec.install(uppy, options)
  pluginIds.set(uppy, options.id ?? spec.defaultId)
  trackUploadErrors(uppy)
  return uppy
}

/**
 * One Uppy instance with one flow plugin, owned by the calling component: created once, reconfigured in place when
 * the options change, destroyed when the component unmounts.
 *
 * Created in the `useState` initialiser: `new Uppy()` and the flow plugins touch `window` only behind a
 * `typeof window` check, so a server render creates an inert instance (no listeners, no timers) and nothing else.
 * The close waits one task: React's StrictMode unmounts and remounts every effect once in development, and closing
 * for that pretend unmount would leave the page with a dead instance.
 */
export function useFlowUppy<O extends PluginOpts>(
  spec: FlowPluginSpec<O>,
  options: O & { uppy?: UppyOptions },
): Uppy<Meta, Body> {
  const { uppy: uppyOptions, ...rest } = options
  const pluginOptions = rest as unknown as O
  const [uppy, setUppy] = useState(() => createUppy(spec, uppyOptions, pluginOptions))
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
        uppy.getPlugin(pluginIds.get(uppy) ?? spec.defaultId)?.setOptions(pluginPatch)
      }
    }
    applied.current = { uppy, uppyOptions, pluginOptions }
  })

  useEffect(() => {
    if (closed.has(uppy)) {
      // Shown again after a real close (React's <Activity> hides by unmounting effects): a fresh instance.
      const { uppyOptions, pluginOptions } = applied.current
      setUppy(createUppy(spec, uppyOptions, pluginOptions))
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
  }, [uppy, spec])

  return uppy
}
