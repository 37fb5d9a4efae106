import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import './upload-results.css'
import { UploadError } from '@uppy-presign/core'
import { startrail } from '@uppy-presign/gcs'
import { nft2 } from '@uppy-presign/ipfs'
import S3PostPolicy, { leonardo, typebot } from '@uppy-presign/s3-post'
import { describe, expect, it, vi } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import {
  advanceClock,
  bytesOf,
  faults,
  objects,
  pngBlob,
  setFault,
  stats,
  typebotSession,
  useMockServer,
} from '../../../test/browser-harness.ts'
import { useReactMount } from '../../../test/react-mount.ts'
import { GcsUploader, IpfsUploader, S3PostUploader } from './presets.tsx'
import type { UploadResultItem } from './types.ts'
import { Uploader } from './Uploader.tsx'

/**
 * The components as a person uses them, in Chromium, against the mock server through the demo app's presign
 * proxies: a file attached through the Dashboard's own input, Upload clicked, and what the results panel shows
 * compared with what the storage holds.
 */
const mock = useMockServer()

const mount = useReactMount()

/** Through the Dashboard's `<input type=file>` for files (not the folder one), as its browse button does. */
async function attach(files: File[]) {
  // React renders after this tick, and the Dashboard mounts in its effect: wait for its input.
  const input = await vi.waitFor(() => {
    const found = [...document.querySelectorAll<HTMLInputElement>('input.uppy-Dashboard-input')].find(
      (el) => el.name === 'files[]' && !el.webkitdirectory,
    )
    if (!found) throw new Error('the Dashboard rendered no file input')
    return found
  })
  await userEvent.upload(input, files)
}

const pngFile = (name: string, size: number, seed: number) =>
  new File([pngBlob(size, seed)], name, { type: 'image/png' })

/** A PNG the browser can decode (the harness's PNGs are magic bytes and filler), for the thumbnail. */
async function drawnPng(name: string): Promise<File> {
  const canvas = document.createElement('canvas')
  canvas.width = 320
  canvas.height = 200
  const context = canvas.getContext('2d') as CanvasRenderingContext2D
  context.fillStyle = '#2a9d8f'
  context.fillRect(0, 0, 320, 200)
  context.fillStyle = '#e9c46a'
  context.fillRect(40, 40, 120, 120)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  return new File([blob as Blob], name, { type: 'image/png' })
}
const results = () => page.getByRole('region', { name: 'Upload results' })

describe('uploader components in Chromium, against the mock', () => {
  it('<IpfsUploader>: upload through NFT2, and the CID shown is the one the IPFS bucket computed', async () => {
    const onComplete = vi.fn<(items: UploadResultItem[]) => void>()
    const gateway = `${mock.url}/ipfs/`
    mount(
      <IpfsUploader presign={nft2({ endpoint: `${mock.url}/app/nft2` })} gateway={gateway} onComplete={onComplete} />,
    )

    await attach([await drawnPng('cat.png')])
    await expect.element(results().getByText('cat.png')).toBeVisible()
    await page.getByRole('button', { name: 'Upload 1 file' }).click()

    const cid = results().getByTestId('cid')
    await expect.element(cid, { timeout: 20_000 }).toBeVisible()
    const stored = (await objects()).filter((o) => o.bucket === mock.config.s3.buckets.ipfs)
    expect(stored).toHaveLength(1)
    expect(stored[0]?.cid).toMatch(/^Qm/)
    expect(cid.element().textContent).toBe(stored[0]?.cid)

    await expect.element(results().getByRole('link', { name: `ipfs://${stored[0]?.cid}` })).toBeVisible()
    const gatewayLink = results().getByTestId('gateway-link').element() as HTMLAnchorElement
    expect(gatewayLink.href).toBe(`${gateway}${stored[0]?.cid}`)
    // The link works: the mock's gateway serves the object by that CID.
    expect((await fetch(gatewayLink.href)).status).toBe(200)
    // The thumbnail is the file itself, as an object URL in an <img>, decoded.
    const thumb = document.querySelector('li[data-file-id] img') as HTMLImageElement
    expect(thumb.src.startsWith('blob:')).toBe(true)
    await thumb.decode()
    expect(thumb.naturalWidth).toBe(320)

    expect(onComplete).toHaveBeenCalledTimes(1)
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject([
      { name: 'cat.png', status: 'success', progress: 100, body: { cid: stored[0]?.cid } },
    ])
  })

  it('an SVG with scripts uploads and shows as a thumbnail, and none of its scripts runs', async () => {
    // NFT2 takes image/svg+xml. SVG is markup: inline (or in an <object>/<iframe>) its scripts would run in the app's
    // origin. The kit shows thumbnails with <img> only, where a browser never runs an image's scripts.
    const ran = window as unknown as { __svgScriptRan?: string[] }
    ran.__svgScriptRan = []
    const svg = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="window.__svgScriptRan.push(\'onload\')">',
      '<script>window.__svgScriptRan.push("script")</script>',
      '<rect width="64" height="64" fill="#e76f51"/>',
      '<image href="x" onerror="window.__svgScriptRan.push(\'onerror\')"/>',
      '</svg>',
    ].join('')
    mount(<IpfsUploader presign={nft2({ endpoint: `${mock.url}/app/nft2` })} gateway={`${mock.url}/ipfs/`} />)

    await attach([new File([svg], 'evil.svg', { type: 'image/svg+xml' })])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()
    await expect.element(results().getByTestId('cid'), { timeout: 20_000 }).toBeVisible()

    const row = document.querySelector('li[data-file-id]') as HTMLElement
    const thumb = row.querySelector('img') as HTMLImageElement
    await thumb.decode()
    // Rendered as an image (it decoded, at its own size), and only ever as one.
    expect(thumb.naturalWidth).toBe(64)
    expect(document.querySelectorAll('svg script, object, embed, iframe')).toHaveLength(0)
    // The Dashboard shows its own preview too; give any script a moment to run if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(ran.__svgScriptRan).toEqual([])
    // The bytes are stored as sent (the kit does not rewrite files).
    const stored = (await objects()).filter((o) => o.bucket === mock.config.s3.buckets.ipfs)
    expect(stored).toMatchObject([{ contentType: 'image/svg+xml', size: new Blob([svg]).size }])
  })

  it('<GcsUploader>: a storage failure in words with its Retry, which succeeds once the fault is gone', async () => {
    await setFault({ target: 'gcs', kind: 'status', status: 503 })
    const onError = vi.fn<(item: UploadResultItem, error: Error) => void>()
    const onComplete = vi.fn<(items: UploadResultItem[]) => void>()
    mount(
      <GcsUploader
        presign={startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' })}
        // No automatic retries: the failure must reach the person, who retries.
        retries={0}
        theme="dark"
        onError={onError}
        onComplete={onComplete}
      />,
    )

    await attach([pngFile('my cat.png', 120_000, 22)])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()

    const alert = results().getByRole('alert')
    await expect.element(alert, { timeout: 20_000 }).toBeVisible()
    expect(onError).toHaveBeenCalledTimes(1)
    const [item, error] = onError.mock.calls[0] ?? []
    expect(error).toBeInstanceOf(UploadError)
    expect((error as UploadError).info).toMatchObject({ kind: 'rate-limited', status: 503 })
    expect(item).toMatchObject({ name: 'my cat.png', status: 'error', error: { kind: 'rate-limited' } })
    // The panel says what the plugin said, word for word.
    expect(alert.element().textContent).toBe(error?.message)
    expect(error?.message).toContain('my cat.png')
    expect(error?.message).toContain('503')
    expect(await objects()).toEqual([])
    expect(onComplete).toHaveBeenCalledTimes(1)
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject([{ status: 'error' }])

    await fetch(`${mock.url}/__faults`, { method: 'DELETE' })
    expect(await faults()).toEqual([])
    await results().getByRole('button', { name: 'Retry', exact: true }).click()

    const finalUrl = results().getByTestId('final-url')
    await expect.element(finalUrl, { timeout: 20_000 }).toBeVisible()
    await expect.element(results().getByRole('alert')).not.toBeInTheDocument()
    const stored = (await objects()).filter((o) => o.bucket === mock.config.gcs.bucket)
    expect(stored).toHaveLength(1)
    expect((finalUrl.element() as HTMLAnchorElement).href).toBe(`${mock.url}/startrail/static-files/${stored[0]?.key}`)
    await expect.element(results().getByText('image/png')).toBeVisible()
    expect(onComplete).toHaveBeenCalledTimes(2)
    expect(onComplete.mock.calls[1]?.[0]).toMatchObject([{ status: 'success', body: { contentType: 'image/png' } }])
  })

  it('<GcsUploader categoryPicker>: a category chosen in the file editor; one call; each row shows its category', async () => {
    const onComplete = vi.fn<(items: UploadResultItem[]) => void>()
    mount(
      <GcsUploader
        presign={startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' })}
        categories={['artwork', 'certificate']}
        categoryPicker
        // The app's own field stays beside the picker.
        dashboardOptions={{ metaFields: [{ id: 'caption', name: 'Caption' }] }}
        onComplete={onComplete}
      />,
    )
    await attach([await drawnPng('harbour.png'), new File([bytesOf(6000, 4)], 'cert.pdf', { type: 'application/pdf' })])

    await page.getByRole('button', { name: 'Edit file cert.pdf' }).click()
    const picker = page.getByLabelText('Category')
    // Until one is chosen, the field shows the default the file would be signed for.
    await expect.element(picker).toHaveValue('artwork')
    const choices = [...(picker.element() as HTMLSelectElement).options].map((o) => [o.value, o.text])
    expect(choices).toEqual([
      ['artwork', 'Artwork'],
      ['certificate', 'Certificate'],
    ])
    await expect.element(page.getByLabelText('Caption')).toBeVisible()
    await picker.selectOptions('certificate')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.element(picker).not.toBeInTheDocument()

    await page.getByRole('button', { name: 'Upload 2 files' }).click()
    await vi.waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1), { timeout: 20_000 })
    const items = onComplete.mock.calls[0]?.[0] ?? []
    expect(items.map((i) => [i.name, i.status, i.body?.category])).toEqual([
      ['harbour.png', 'success', 'artwork'],
      ['cert.pdf', 'success', 'certificate'],
    ])
    expect((await stats()).presign.startrail).toBe(1)

    const row = (name: string) => results().getByRole('listitem').filter({ hasText: name })
    await expect.element(row('cert.pdf').getByTestId('category')).toHaveTextContent('certificate')
    await expect.element(row('harbour.png').getByTestId('category')).toHaveTextContent('artwork')
    const stored = new Map((await objects()).map((o) => [o.key.split('/').pop(), o.key]))
    const certUrl = row('cert.pdf').getByTestId('final-url').element() as HTMLAnchorElement
    const artUrl = row('harbour.png').getByTestId('final-url').element() as HTMLAnchorElement
    // A certificate's finalUrl is the bucket's; an artwork's, Startrail's static-files host.
    const certName = String(items[1]?.body?.fileName)
    expect(certUrl.href).toBe(`${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/${stored.get(certName)}`)
    expect(artUrl.href).toBe(`${mock.url}/startrail/static-files/${stored.get(String(items[0]?.body?.fileName))}`)
  })

  it('<GcsUploader categoryPicker>: without a default, an empty first choice; its words; the app’s fields first', async () => {
    mount(
      <GcsUploader
        presign={async () => []}
        categoryPicker={{ label: 'Kind', names: { certificate: 'Certificate of authenticity' }, unset: 'Pick one' }}
        // A function of the file: the picker comes after what it gives.
        dashboardOptions={{ metaFields: () => [{ id: 'caption', name: 'Caption' }] }}
      />,
    )
    await attach([new File([bytesOf(100, 1)], 'cert.pdf', { type: 'application/pdf' })])
    await page.getByRole('button', { name: 'Edit file cert.pdf' }).click()
    const picker = page.getByLabelText('Kind')
    await expect.element(picker).toHaveValue('')
    const choices = [...(picker.element() as HTMLSelectElement).options].map((o) => [o.value, o.text])
    expect(choices).toEqual([
      ['', 'Pick one'],
      ['certificate', 'Certificate of authenticity'],
      ['for_authenticity', 'For authenticity'],
      ['artwork', 'Artwork'],
      ['installation', 'Installation'],
      ['non_attachment_file', 'Thumbnail or contract terms'],
    ])
    const labels = [...document.querySelectorAll('.uppy-Dashboard-FileCard-label')].map((l) => l.textContent)
    expect(labels).toEqual(['Caption', 'Kind'])
    // Saved and opened again, the field shows what went into the file's meta.
    await picker.selectOptions('installation')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await expect.element(picker).not.toBeInTheDocument()
    await page.getByRole('button', { name: 'Edit file cert.pdf' }).click()
    await expect.element(page.getByLabelText('Kind')).toHaveValue('installation')
  })

  it('<Uploader plugin={S3PostPolicy}>: the generic component uploads through Typebot, and links the stored file', async () => {
    await typebotSession('session-7')
    const onComplete = vi.fn<(items: UploadResultItem[]) => void>()
    mount(
      <Uploader
        plugin={S3PostPolicy}
        presign={typebot({ endpoint: `${mock.url}/app/typebot`, sessionId: 'session-7' })}
        onComplete={onComplete}
      />,
    )

    const file = pngFile('receipt.png', 40_000, 7)
    await attach([file])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()

    const link = results().getByTestId('file-url')
    await expect.element(link, { timeout: 20_000 }).toBeVisible()
    const key = 'public/tmp/sessions/session-7/receipt.png'
    const stored = (await objects()).filter((o) => o.key === key)
    expect(stored).toMatchObject([{ contentType: 'image/png', size: file.size }])
    const href = (link.element() as HTMLAnchorElement).href
    expect(href.endsWith(`/${key}`)).toBe(true)
    // Public: a plain GET, as the person clicking the link makes it, gets the bytes attached.
    const served = await fetch(href)
    expect(served.status).toBe(200)
    expect((await served.arrayBuffer()).byteLength).toBe(file.size)

    expect(onComplete).toHaveBeenCalledTimes(1)
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject([{ name: 'receipt.png', status: 'success', body: { key } }])
  })

  it('<S3PostUploader generate>: each uploaded init image shows its generation, Generating → its images', async () => {
    const onGenerated = vi.fn()
    const presign = leonardo.initImage({
      endpoint: `${mock.url}/app/leonardo`,
      generation: { prompt: 'a watercolour', width: 256, height: 256 },
    })
    mount(
      <S3PostUploader
        presign={presign}
        generate={{ poll: { firstDelayMs: 20, factor: 1, maxDelayMs: 20 }, request: { num_images: 2 }, onGenerated }}
      />,
    )
    await attach([await drawnPng('studio.png')])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()

    const status = results().getByTestId('generation-status')
    await expect.element(status, { timeout: 20_000 }).toHaveTextContent('Generating')
    await expect.element(results().getByRole('progressbar', { name: 'Generation: studio.png' })).toBeVisible()
    // Leonardo takes its time: the mock's clock moves instead of the test waiting.
    await advanceClock(10_000)
    await expect.element(status, { timeout: 20_000 }).toHaveTextContent('Generated')
    const images = [1, 2].map((n) => results().getByRole('img', { name: `Generated image ${n} of 2: studio.png` }))
    for (const image of images) {
      await expect.element(image).toBeVisible()
      const element = image.element() as HTMLImageElement
      await element.decode()
      // The mock's "generation" is the init image as uploaded: 320×200 cropped (cover) to the generation's 1:1,
      // not enlarged.
      expect([element.naturalWidth, element.naturalHeight]).toEqual([200, 200])
    }
    const id = results().getByTestId('image-id').element().textContent
    expect(onGenerated).toHaveBeenCalledTimes(1)
    expect(onGenerated.mock.calls[0]?.[0]).toBe(id)
  })

  it('<S3PostUploader generate>: a FAILED generation says so, and Generate again completes', async () => {
    const presign = leonardo.initImage({
      endpoint: `${mock.url}/app/leonardo`,
      generation: { prompt: 'a watercolour', width: 256, height: 256 },
    })
    mount(<S3PostUploader presign={presign} generate={{ poll: { firstDelayMs: 20, factor: 1, maxDelayMs: 20 } }} />)
    await setFault({ target: 'leonardo', kind: 'generation-failed', count: 1 })
    await attach([await drawnPng('studio.png')])
    await page.getByRole('button', { name: 'Upload 1 file' }).click()
    const status = results().getByTestId('generation-status')
    await expect.element(status, { timeout: 20_000 }).toHaveTextContent('Generating')
    await advanceClock(10_000)
    await expect.element(status, { timeout: 20_000 }).toHaveTextContent('Failed')
    const alert = results().getByRole('alert')
    await expect.element(alert).toBeVisible()
    expect(alert.element().textContent).toMatch(/^Generation [0-9a-f-]{36} FAILED at Leonardo/)

    await results().getByRole('button', { name: 'Generate again' }).click()
    await expect.element(status, { timeout: 20_000 }).toHaveTextContent('Generating')
    await advanceClock(10_000)
    await expect.element(status, { timeout: 20_000 }).toHaveTextContent('Generated')
    await expect.element(results().getByRole('img', { name: 'Generated image 1 of 1: studio.png' })).toBeVisible()
    expect(results().getByRole('alert').elements()).toHaveLength(0)
  })

  it('<S3PostUploader generate> with an adapter that cannot generate is a developer error, said at once', () => {
    expect(() =>
      S3PostUploader({ presign: leonardo.initImage({ endpoint: `${mock.url}/app/leonardo` }), generate: true }),
    ).toThrow(
      '<S3PostUploader generate>: presign must be leonardo.initImage({ endpoint, generation: { width, height, … } })',
    )
  })
})
