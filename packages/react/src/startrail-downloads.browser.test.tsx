import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import './upload-results.css'
import Uppy, { type Body, type Meta } from '@uppy/core'
import GcsSignedUrl, { type GcsResult, startrail, startrailReads } from '@uppy-presign/gcs'
import { describe, expect, it, vi } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { bytesOf, objects, pngBlob, stats, useMockServer } from '../../../test/browser-harness.ts'
import { useReactMount } from '../../../test/react-mount.ts'
import { GcsUploader } from './presets.tsx'
import { StartrailFiles } from './StartrailFiles.tsx'

/**
 * The kit's read side as a person uses it, in Chromium, against the mock through the demo app's Startrail proxy: a
 * Download button on each stored file of the results panel, and `<StartrailFiles>` listing stored files with image
 * previews, each read through a signed GET sent with the signed Content-Type.
 */
const mock = useMockServer()
const endpoint = () => `${mock.url}/app/startrail`

const mount = useReactMount()

/** Catches the save-file links the kit clicks (the page stays put), with the bytes each one offers. */
function catchSaves() {
  const saves: Array<{ download: string; href: string }> = []
  const onClick = (event: MouseEvent) => {
    const link = event.target
    if (!(link instanceof HTMLAnchorElement) || !link.download) return
    saves.push({ download: link.download, href: link.href })
    event.preventDefault()
  }
  document.addEventListener('click', onClick, true)
  return { saves, stop: () => document.removeEventListener('click', onClick, true) }
}

const bytesAt = async (href: string) => new Uint8Array(await (await fetch(href)).arrayBuffer())
const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())

async function drawnPng(width: number, height: number): Promise<Blob> {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d') as CanvasRenderingContext2D
  context.fillStyle = '#264653'
  context.fillRect(0, 0, width, height)
  return new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob as Blob), 'image/png'))
}

/** Uploads as artwork with GcsSignedUrl (names as given when `exact`), returning the results in order. */
async function write(files: Array<[string, Blob]>, exact = false): Promise<GcsResult[]> {
  const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, {
    presign: startrail({ endpoint: endpoint(), category: 'artwork' }),
    uniqueNames: !exact,
  })
  const ids = files.map(([name, data]) => uppy.addFile({ name, type: data.type, data }))
  const results = new Map<string, GcsResult>()
  uppy.on('upload-success', (file, response) => {
    if (file) results.set(file.id, response.body as unknown as GcsResult)
  })
  await uppy.upload()
  return ids.map((id) => results.get(id) as GcsResult)
}

const storedList = () => page.getByRole('region', { name: 'Stored files' })

describe('Startrail downloads in React, against the mock', () => {
  it('<GcsUploader reads>: each stored file gets a Download button that saves its bytes', async () => {
    mount(
      <GcsUploader
        presign={startrail({ endpoint: endpoint(), category: 'artwork' })}
        reads={startrailReads({ endpoint: endpoint(), category: 'artwork' })}
      />,
    )
    const input = await vi.waitFor(() => {
      const found = document.querySelector<HTMLInputElement>(
        'input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])',
      )
      if (!found) throw new Error('no Dashboard input yet')
      return found
    })
    const data = pngBlob(25_000, 31)
    await userEvent.upload(input, [new File([data], 'sunset.png', { type: 'image/png' })])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()

    const results = page.getByRole('region', { name: 'Upload results' })
    const download = results.getByRole('button', { name: 'Download' })
    await expect.element(download, { timeout: 20_000 }).toBeVisible()
    // Described by the file's name, as the panel's other buttons are.
    await expect.element(download).toHaveAccessibleDescription('sunset.png')
    expect((await stats()).presign.startrail).toBe(1)

    const { saves, stop } = catchSaves()
    try {
      await download.click()
      await vi.waitFor(() => expect(saves).toHaveLength(1), { timeout: 10_000 })
    } finally {
      stop()
    }
    const [stored] = (await objects()).filter((o) => o.bucket === mock.config.gcs.bucket)
    expect(saves[0]?.download).toBe(stored?.key.split('/').pop())
    expect(await bytesAt(saves[0]?.href as string)).toEqual(await blobBytes(data))
    const after = await stats()
    expect(after.presign.startrail).toBe(2)
    expect(after.storage['gcs-get']).toEqual({ total: 1, '200': 1 })
  })

  it('<StartrailFiles>: image previews signed in one call; a PDF downloads on its button', async () => {
    const [first, second, terms] = await write([
      ['one.png', await drawnPng(40, 30)],
      ['two.png', await drawnPng(20, 10)],
      ['terms.pdf', new Blob([bytesOf(2048, 4)], { type: 'application/pdf' })],
    ])
    const reads = startrailReads({ endpoint: endpoint(), category: 'artwork' })
    mount(<StartrailFiles reads={reads} files={[first, second, terms] as GcsResult[]} theme="dark" />)

    const preview = storedList().getByRole('img', { name: `Preview of ${first?.fileName}` })
    await expect.element(preview, { timeout: 15_000 }).toBeVisible()
    const image = preview.element() as HTMLImageElement
    await image.decode()
    expect([image.naturalWidth, image.naturalHeight]).toEqual([40, 30])
    await expect.element(storedList().getByRole('img', { name: `Preview of ${second?.fileName}` })).toBeVisible()
    // One write call; one read call for both previews. The PDF is not fetched until asked for.
    let counted = await stats()
    expect(counted.presign.startrail).toBe(2)
    expect(counted.storage['gcs-get']).toEqual({ total: 2, '200': 2 })
    // Keyed by category and name: the write result says which category the file was stored under.
    expect(terms?.category).toBe('artwork')
    const pdfRow = document.querySelector(`li[data-file-key="artwork/${terms?.fileName}"]`) as HTMLElement
    expect(pdfRow.dataset.status).toBe('idle')

    const { saves, stop } = catchSaves()
    try {
      const button = pdfRow.querySelector('button') as HTMLButtonElement
      expect(button.textContent).toBe('Download')
      await userEvent.click(button)
      await vi.waitFor(() => expect(saves).toHaveLength(1), { timeout: 10_000 })
    } finally {
      stop()
    }
    expect(saves[0]?.download).toBe(terms?.fileName)
    expect(await bytesAt(saves[0]?.href as string)).toEqual(bytesOf(2048, 4))
    await vi.waitFor(() => expect(pdfRow.dataset.status).toBe('done'))
    counted = await stats()
    expect(counted.storage['gcs-get']).toEqual({ total: 3, '200': 3 })
  })

  it('<StartrailFiles>: a file not stored shows why, and Retry reads it once it is', async () => {
    const reads = startrailReads({ endpoint: endpoint(), category: 'artwork' })
    mount(<StartrailFiles reads={reads} files={[{ fileName: 'later.png' }]} />)

    const alert = storedList().getByRole('alert')
    await expect
      .element(alert, { timeout: 15_000 })
      .toHaveTextContent(
        'later.png (artwork): nothing is stored under this name (404 NoSuchKey). Check the file name and category (as the upload result gave them), or upload the file first.',
      )
    await write([['later.png', await drawnPng(12, 8)]], true)
    await storedList().getByRole('button', { name: 'Retry' }).click()

    const preview = storedList().getByRole('img', { name: 'Preview of later.png' })
    await expect.element(preview, { timeout: 15_000 }).toBeVisible()
    await (preview.element() as HTMLImageElement).decode()
    expect((preview.element() as HTMLImageElement).naturalWidth).toBe(12)
    await expect.element(storedList().getByRole('alert')).not.toBeInTheDocument()
  })
})
