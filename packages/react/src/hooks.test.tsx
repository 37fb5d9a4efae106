import { act, render, renderHook } from '@testing-library/react'
import type { Body, Meta, Uppy } from '@uppy/core'
import { useUppyContext } from '@uppy/react'
import type { IpfsPresignOptions } from '@uppy-presign/ipfs'
import { StrictMode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { useGcsUppy, useIpfsUppy, useS3PostUppy } from './hooks.ts'
import type { UppyOptions } from './types.ts'
import { UppyProvider } from './Uploaders.tsx'

const presign: IpfsPresignOptions['presign'] = async (files) => ({ urls: files.map(() => 'https://bucket.test/x') })

/** The close is deferred by one task (StrictMode's pretend unmount must not close the instance): let it run. */
const nextTask = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))

type Props = { batchSize?: number; presign?: IpfsPresignOptions['presign']; uppy?: UppyOptions }

function renderIpfs(initial: Props, options?: { strict?: boolean }) {
  return renderHook((props: Props) => useIpfsUppy({ presign, ...props }), {
    initialProps: initial,
    ...(options?.strict ? { wrapper: StrictMode } : {}),
  })
}

describe('useIpfsUppy / useGcsUppy / useS3PostUppy', () => {
  it('each creates one Uppy with its flow plugin installed', () => {
    const ipfs = renderHook(() => useIpfsUppy({ presign })).result.current
    const gcs = renderHook(() => useGcsUppy({ presign: async () => [] })).result.current
    const s3 = renderHook(() => useS3PostUppy({ presign: async () => ({ url: 'https://b.test', fields: {} }) })).result
      .current
    expect(ipfs.getPlugin('IpfsPresign')?.type).toBe('uploader')
    expect(gcs.getPlugin('GcsSignedUrl')?.type).toBe('uploader')
    expect(s3.getPlugin('S3PostPolicy')?.type).toBe('uploader')
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
      (props: { id: string; batchSize: number }) => useIpfsUppy({ presign, ...props }),
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

  it('hands its instance to @uppy/react’s context through UppyProvider', () => {
    let seen: unknown
    function Probe() {
      seen = useUppyContext().uppy
      return null
    }
    function App() {
      const uppy = useIpfsUppy({ presign })
      return (
        <UppyProvider uppy={uppy}>
          <Probe />
        </UppyProvider>
      )
    }
    render(<App />)
    expect((seen as Uppy<Meta, Body>).getPlugin('IpfsPresign')).toBeDefined()
  })
})
