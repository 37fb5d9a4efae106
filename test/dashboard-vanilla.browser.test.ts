import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import Uppy, { type Body, type Meta, type UppyFile } from '@uppy/core'
import Dashboard from '@uppy/dashboard'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { type GcsResult, startrail } from '@uppy-presign/gcs'
import IpfsPresign, { type IpfsResult, nft2 } from '@uppy-presign/ipfs'
import { afterEach, describe, expect, it } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { faults, objects, pngBlob, setFault, useMockServer } from './browser-harness.ts'

/**
 * The plugins from plain JS, no React: `@uppy/dashboard` mounted inline, files attached through its own file input,
 * the upload started and retried with its buttons, as a person would, against the mock through the app's proxies.
 */
const mock = useMockServer()

let unmount: (() => void) | undefined
afterEach(() => {
  unmount?.()
  unmount = undefined
})

function mountDashboard(uppy: Uppy<Meta, Body>) {
  const target = document.createElement('div')
  document.body.append(target)
  uppy.use(Dashboard, { inline: true, target, proudlyDisplayPoweredByUppy: false, width: 750, height: 450 })
  unmount = () => {
    uppy.destroy()
    target.remove()
  }
  return target
}

/** Through the Dashboard's own `<input type=file>` (the files one, not the folder one), as its browse button does. */
async function attach(target: HTMLElement, files: File[]) {
  const input = [...target.querySelectorAll<HTMLInputElement>('input.uppy-Dashboard-input')].find(
    (el) => el.name === 'files[]' && !el.webkitdirectory,
  )
  if (!input) throw new Error('the Dashboard rendered no file input')
  await userEvent.upload(input, files)
}

function record(uppy: Uppy<Meta, Body>) {
  const successes: Array<{ file?: UppyFile<Meta, Body>; body?: Body }> = []
  const errors: Error[] = []
  uppy.on('upload-success', (file, response) => successes.push({ file, body: response.body }))
  uppy.on('upload-error', (_file, error) => errors.push(error as Error))
  return { successes, errors }
}

const pngFile = (name: string, size: number, seed: number) =>
  new File([pngBlob(size, seed)], name, { type: 'image/png' })
const statusBar = () => page.getByRole('status')

describe('the flow plugins in @uppy/dashboard, plain JS', () => {
  it('IpfsPresign: Upload, Complete, and the CID the gateway stored', async () => {
    const uppy = new Uppy<Meta, Body>().use(IpfsPresign, { presign: nft2({ endpoint: `${mock.url}/app/nft2` }) })
    const target = mountDashboard(uppy)
    const seen = record(uppy)

    await attach(target, [pngFile('cat.png', 300_000, 11)])
    await expect.element(page.getByText('cat.png')).toBeVisible()
    await page.getByRole('button', { name: 'Upload 1 file' }).click()
    await expect.element(statusBar(), { timeout: 20_000 }).toHaveTextContent('Complete')

    expect(seen.errors).toEqual([])
    expect(seen.successes).toHaveLength(1)
    const stored = (await objects()).filter((o) => o.bucket === mock.config.s3.buckets.ipfs)
    expect(stored).toHaveLength(1)
    expect((seen.successes[0]?.body as IpfsResult | undefined)?.cid).toBe(stored[0]?.cid)
  })

  it('GcsSignedUrl: a storage failure shows in the Dashboard with its text, and Retry succeeds once it is cleared', async () => {
    await setFault({ target: 'gcs', kind: 'status', status: 503 })
    // No automatic retries: the failure must reach the UI, and the person retries.
    const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, {
      presign: startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' }),
      retries: 0,
    })
    const target = mountDashboard(uppy)
    const seen = record(uppy)

    await attach(target, [pngFile('my cat.png', 120_000, 12)])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()
    // A string would have to match the whole text, and the status line also holds its "?" details button.
    await expect.element(page.getByText(/^Upload failed/), { timeout: 20_000 }).toBeVisible()

    expect(seen.errors).toHaveLength(1)
    expect(seen.errors[0]).toBeInstanceOf(UploadError)
    expect((seen.errors[0] as UploadError).info).toMatchObject({ kind: 'rate-limited', status: 503, retryable: true })
    const message = seen.errors[0]?.message ?? ''
    expect(message).toContain('my cat.png')
    expect(message).toContain('503')
    // The file's error button carries the plugin's message as its accessible name (and shows it on hover).
    await expect.element(page.getByRole('button', { name: message, exact: true })).toBeInTheDocument()
    expect(await objects()).toEqual([])

    await fetch(`${mock.url}/__faults`, { method: 'DELETE' })
    expect(await faults()).toEqual([])
    // The status bar's Retry (the file row has an icon-only one with the same name).
    await page.getByRole('button', { name: 'Retry upload' }).filter({ hasText: 'Retry' }).click()
    await expect.element(statusBar(), { timeout: 20_000 }).toHaveTextContent('Complete')

    expect(seen.successes).toHaveLength(1)
    const stored = (await objects()).filter((o) => o.bucket === mock.config.gcs.bucket)
    expect(stored).toHaveLength(1)
    const body = seen.successes[0]?.body as GcsResult
    expect(body.contentType).toBe('image/png')
    expect(stored[0]?.key.endsWith(`/${body.fileName}`)).toBe(true)
    expect(body.finalUrl).toBe(`${mock.url}/startrail/static-files/${stored[0]?.key}`)
    expect(target.querySelector('.uppy-Dashboard-Item-errorDetails')).toBeNull()
  })
})
