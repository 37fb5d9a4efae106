import { act, render, renderHook } from '@testing-library/react'
import type { Body, Meta, Uppy } from '@uppy/core'
import { UppyContextProvider, useUppyContext } from '@uppy/react'
import GcsSignedUrl from '@uppy-presign/gcs'
import IpfsPresign, { type IpfsPresignOptions } from '@uppy-presign/ipfs'
import S3PostPolicy from '@uppy-presign/s3-post'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import EchoUpload from '../test/echo-upload.ts'
import type { UppyOptions } from './types.ts'
import { useUppyFlow } from './use-uppy-flow.ts'

const presign: IpfsPresignOptions['presign'] = async (files) => ({ urls: files.map(() => 'https://bucket.test/x') })

/** The close is deferred by one task (StrictMode's pretend unmount must not close the instance): let it run. */
const nextTask = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

type Props = { batchSize?: number; presign?: IpfsPresignOptions['presign']; uppy?: UppyOptions }

function renderIpfs(initial: Props, options?: { strict?: boolean }) {
  return renderHook((props: Props) => useUppyFlow(IpfsPresign, { presign, ...props }), {
    initialProps: initial,
    ...(options?.strict ? { wrapper: StrictMode } : {}),
  })
}

describe('useUppyFlow', () => {
  it('creates one Uppy with the plugin given installed, for each of the three flows', () => {
    const ipfs = renderHook(() => useUppyFlow(IpfsPresign, { presign })).result.current
    const gcs = renderHook(() => useUppyFlow(GcsSignedUrl, { presign: async () => [] })).result.current
    const s3 = renderHook(() =>
      useUppyFlow(S3PostPolicy, { presign: async () => ({ url: 'https://b.test', fields: {} }) }),
    ).result.current
    expect(ipfs.getPlugin('IpfsPresign')?.type).toBe('uploader')
    expect(gcs.getPlugin('GcsSignedUrl')?.type).toBe('uploader')
    expect(s3.getPlugin('S3PostPolicy')?.type).toBe('uploader')
  })

  it('takes a plugin of the app’s own, reconfigures it under its own id, and uploads with it', async () => {
    const { result, rerender } = renderHook(
      (props: { base: string }) =>
        useUppyFlow(EchoUpload, { urlFor: (name) => `${props.base}/${name}`, uppy: { autoProceed: false } }),
      { initialProps: { base: 'https://a.test' } },
    )
    const uppy = result.current
    const plugin = uppy.getPlugin('EchoUpload')
    expect(plugin).toBeInstanceOf(EchoUpload)

    rerender({ base: 'https://b.test' })
    expect(result.current).toBe(uppy)
    const id = uppy.addFile({ name: 'cat.png', type: 'image/png', data: new Blob(['x']), source: 'test' })
    await act(() => uppy.upload())
    expect(uppy.getFile(id)?.uploadURL).toBe('https://b.test/cat.png')
    expect(uppy.getFile(id)?.response?.body).toEqual({ fileUrl: 'https://b.test/cat.png' })
  })

  it('keeps the same instance across renders and applies Uppy options at creation', () => {
    const { result, rerender } = renderIpfs({ uppy: { restrictions: { maxNumberOfFiles: 3 }, autoProceed: true } })
    const first = result.current
    rerender({ uppy: { restrictions: { maxNumberOfFiles: 3 }, autoProceed: true } })
    rerender({ uppy: { restrictions: { maxNumberOfFiles: 3 }, autoProceed: true } })
    expect(result.current).toBe(first)
    expect(first.opts.restrictions.maxNumberOfFiles).toBe(3)
    expect(first.opts.autoProceed).toBe(true)
  })

  it('destroys the instance when the component unmounts', async () => {
    const { result, unmount } = renderIpfs({})
    const uppy = result.current
    const destroy = vi.spyOn(uppy, 'destroy')
    unmount()
    await nextTask()
    expect(destroy).toHaveBeenCalledTimes(1)
    expect(uppy.getPlugin('IpfsPresign')).toBeUndefined()
  })

  it('survives StrictMode’s pretend unmount, and is destroyed by the real one', async () => {
    const { result, unmount } = renderIpfs({}, { strict: true })
    const uppy = result.current
    const destroy = vi.spyOn(uppy, 'destroy')
    await nextTask()
    expect(destroy).not.toHaveBeenCalled()
    expect(uppy.getPlugin('IpfsPresign')).toBeDefined()
    unmount()
    await nextTask()
    expect(destroy).toHaveBeenCalledTimes(1)
  })

  it('pushes changed plugin options with setOptions, without recreating Uppy', () => {
    const { result, rerender } = renderIpfs({ batchSize: 10 })
    const uppy = result.current
    const plugin = uppy.getPlugin('IpfsPresign') as NonNullable<ReturnType<Uppy<Meta, Body>['getPlugin']>>
    const setOptions = vi.spyOn(plugin, 'setOptions')

    rerender({ batchSize: 10 })
    expect(setOptions).not.toHaveBeenCalled()

    rerender({ batchSize: 5 })
    expect(setOptions).toHaveBeenCalledExactlyOnceWith({ batchSize: 5 })
    expect((plugin.opts as { batchSize: number }).batchSize).toBe(5)

    // A new presign function (an inline adapter whose endpoint changed) is a change the plugin must see.
    const next: IpfsPresignOptions['presign'] = async () => ({ urls: [] })
    rerender({ batchSize: 5, presign: next })
    expect(setOptions).toHaveBeenLastCalledWith({ presign: next })
    expect((plugin.opts as IpfsPresignOptions).presign).toBe(next)
    expect(result.current).toBe(uppy)
  })

  it('pushes changed Uppy options with uppy.setOptions, ignoring inline objects with the same content', () => {
    const { result, rerender } = renderIpfs({ uppy: { restrictions: { maxNumberOfFiles: 2 } } })
    const uppy = result.current
    const setOptions = vi.spyOn(uppy, 'setOptions')

    rerender({ uppy: { restrictions: { maxNumberOfFiles: 2 } } })
    expect(setOptions).not.toHaveBeenCalled()

    rerender({ uppy: { restrictions: { maxNumberOfFiles: 4 } } })
    expect(setOptions).toHaveBeenCalledExactlyOnceWith({ restrictions: { maxNumberOfFiles: 4 } })
    expect(uppy.opts.restrictions.maxNumberOfFiles).toBe(4)
    expect(result.current).toBe(uppy)
  })

  it('keeps reconfiguring the plugin under the id it was installed with, whatever id comes later', () => {
    const { result, rerender } = renderHook(
      (props: { id: string; batchSize: number }) => useUppyFlow(IpfsPresign, { presign, ...props }),
      {
        initialProps: { id: 'nft2', batchSize: 10 },
      },
    )
    rerender({ id: 'renamed', batchSize: 3 })
    const plugin = result.current.getPlugin('nft2')
    expect((plugin?.opts as { batchSize?: number } | undefined)?.batchSize).toBe(3)
    expect(result.current.getPlugin('renamed')).toBeUndefined()
  })

  it('keeps an option the app stops passing at its last value, never at undefined', () => {
    const { result, rerender } = renderIpfs({ batchSize: 7 })
    const plugin = result.current.getPlugin('IpfsPresign')
    rerender({})
    expect((plugin?.opts as { batchSize?: number } | undefined)?.batchSize).toBe(7)
  })

  it('hands its instance to @uppy/react’s context (for its headless components) with the cast the README shows', () => {
    let seen: unknown
    function Probe() {
      seen = useUppyContext().uppy
      return null
    }
    function App() {
      const uppy = useUppyFlow(IpfsPresign, { presign })
      return (
        <UppyContextProvider uppy={uppy as unknown as Uppy}>
          <Probe />
        </UppyContextProvider>
      )
    }
    render(<App />)
    expect((seen as Uppy<Meta, Body>).getPlugin('IpfsPresign')).toBeDefined()
  })
})
