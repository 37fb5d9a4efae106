import type { Meta, StoryObj } from '@storybook/react-vite'
import { type GcsResult, startrail, startrailReads } from '@uppy-presign/gcs'
import { GcsUploader, StartrailFiles, type UploadResultItem } from '@uppy-presign/react'
import { type ComponentProps, useMemo, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { StoryTheme } from '../.storybook/preview.tsx'
import {
  attachFiles,
  clickUpload,
  drawnImage,
  expectImageLoaded,
  expectTheme,
  resultRow,
  resultsPanel,
  storyTheme,
  waitForUploaded,
} from './flow-helpers.ts'
import { appEndpoint, mockConfig, mockObjects, mockStats, mockUrl, resetMock } from './mock.ts'

const wire = `
**What happens on the wire**

*Write* (the uploader)

1. Upload clicked: the browser \`POST\`s \`/app/startrail/port/api/v1/commerce/signedUrls\` with
   \`{ action: "write", payload: [{ filename, category: "artwork" }] }\`. The filename is made safe and unique
   (\`harbour-<Date.now()>.png\`), as Startrail asks: a stored name cannot be signed again.
2. The app's proxy adds \`commerce-api-key\` and \`issuer-address\` and forwards; Startrail answers 201
   \`{ results: [{ filename, contentType, url, finalUrl }] }\`: a GCS V4 signed \`PUT\` URL (15 minutes) that signs
   \`content-type\`, the Content-Type chosen from the extension, and the URL to keep.
3. The browser \`PUT\`s the bytes to \`url\` with exactly \`Content-Type: image/png\`; GCS checks the signature and
   answers 200. The panel shows \`finalUrl\` (artwork: Startrail's static-files host), the Content-Type and the name
   stored.

*Read* (\`startrailReads\` of \`@uppy-presign/gcs\`, behind \`<StartrailFiles>\` and the panel's Download button)

4. \`<StartrailFiles>\` lists what was written (the upload results). Its images are read back at once for a preview:
   **one** \`POST …/signedUrls\` with \`{ action: "read", payload: [{ filename, category }, …] }\` for all of them
   (batches of 20), then a signed \`GET\` per file sent with exactly the \`Content-Type\` the answer gave (the read URL
   signs it: a plain link or \`<img src>\` cannot send it, and GCS refuses the request). The bytes become an object
   URL for the \`<img>\`.
5. **Download** (in the results panel or the list) saves the file through a temporary \`<a download>\` of an object
   URL; a signed read still valid is reused, one that expired is signed again once.
`

/**
 * Startrail's signed-URL API, both ways: \`<GcsUploader>\` writes artworks through the demo app's \`/app/startrail\`
 * proxy; \`startrailReads\` reads them back, for \`<StartrailFiles>\`' previews and the panel's Download buttons.
 */
function WriteThenRead({
  theme,
  ...props
}: Omit<ComponentProps<typeof GcsUploader>, 'presign'> & { theme: StoryTheme }) {
  const [stored, setStored] = useState<GcsResult[]>([])
  const reads = useMemo(() => startrailReads({ endpoint: appEndpoint('startrail'), category: 'artwork' }), [])
  const presign = useMemo(() => startrail({ endpoint: appEndpoint('startrail'), category: 'artwork' }), [])
  const onComplete = (results: Array<UploadResultItem<GcsResult>>) =>
    setStored(results.flatMap((r) => (r.status === 'success' && r.body ? [r.body] : [])))
  return (
    <>
      <GcsUploader {...props} presign={presign} reads={reads} theme={theme} onComplete={onComplete} />
      <StartrailFiles reads={reads} files={stored} theme={theme} />
    </>
  )
}

const meta = {
  title: 'Flows/Startrail (GCS write, then read)',
  component: GcsUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '`<GcsUploader presign={startrail({ endpoint: appEndpoint("startrail"), category: "artwork" })} />`: ' +
          "Startrail's GCS V4 signed PUTs, with exactly the signed Content-Type; then, with " +
          '`reads={startrailReads({ endpoint, category: "artwork" })}` and `<StartrailFiles reads={reads} files={results} />`, ' +
          'what was stored read back through signed GETs sent with the signed Content-Type, previewed and downloaded.\n' +
          wire,
      },
    },
  },
  args: {
    height: 320,
    note: 'Images for an artwork record; names are made unique',
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  beforeEach: async () => {
    await resetMock()
  },
  render: (args, { globals }) => <WriteThenRead {...args} theme={storyTheme(globals)} />,
} satisfies Meta<typeof GcsUploader>

export default meta

type Story = StoryObj<typeof GcsUploader>

/**
 * Write two PNGs; the panel shows each finalUrl and stored name; the list previews both (one signing call for the
 * reads); Download saves the bytes that were uploaded.
 */
export const WriteThenReadPng: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)
    const files = [
      await drawnImage('harbour.png', { width: 160, height: 96, from: '#0077b6', to: '#90e0ef' }),
      await drawnImage('reef.png', { width: 90, height: 150, from: '#2a9d8f', to: '#264653' }),
    ]

    await step('attach two PNGs, click Upload, wait until both say Uploaded', async () => {
      await attachFiles(canvasElement, files)
      await clickUpload(canvasElement, 2)
      await waitForUploaded(resultsPanel(canvasElement), 2)
    })

    const { gcs } = await mockConfig()
    const objects = (await mockObjects()).filter((o) => o.bucket === gcs.bucket)
    const storedName = (file: File) =>
      objects.map((o) => o.key.split('/').pop() ?? '').find((n) => n.startsWith(file.name.replace('.png', '-'))) ?? ''

    await step('the finalUrl and stored name shown are the object GCS holds', async () => {
      const file = files[0] as File
      const row = within(resultRow(resultsPanel(canvasElement), file.name))
      const object = objects.find((o) => o.key.endsWith(`/${storedName(file)}`))
      await expect(object?.key).toMatch(/^srr-images\/0x[0-9a-fA-F]{40}\/harbour-[^/]+\.png$/)
      await expect(object?.contentType).toBe('image/png')
      const finalUrl = row.getByTestId('final-url') as HTMLAnchorElement
      // Artwork: Startrail's static-files host, which serves the stored file.
      await expect(finalUrl.textContent).toBe(`${mockUrl()}/startrail/static-files/${object?.key}`)
      await expect(row.getByTestId('stored-as').textContent).toBe(storedName(file))
      await expect(row.getByText('image/png')).toBeVisible()
    })

    await step('the stored files are listed and previewed, read through one signing call', async () => {
      const list = within(await canvas.findByRole('region', { name: 'Stored files' }, { timeout: 15_000 }))
      for (const [i, file] of files.entries()) {
        const preview = (await list.findByRole(
          'img',
          { name: `Preview of ${storedName(file)}` },
          { timeout: 15_000 },
        )) as HTMLImageElement
        await expect(preview.src).toMatch(/^blob:/)
        await expectImageLoaded(preview)
        await expect([preview.naturalWidth, preview.naturalHeight]).toEqual(i === 0 ? [160, 96] : [90, 150])
      }
      const stats = await mockStats()
      // One write call, one read call for both previews, one signed GET each.
      await expect(stats.presign.startrail).toBe(2)
      await expect(stats.storage['gcs-get']).toEqual({ total: 2, '200': 2 })
      await expect(list.queryByRole('alert')).toBeNull()
    })

    await step('Download in the results panel saves the bytes that were uploaded', async () => {
      const row = within(resultRow(resultsPanel(canvasElement), 'harbour.png'))
      const saved: Array<{ download: string; href: string }> = []
      const onClick = (event: MouseEvent) => {
        const link = event.target
        if (!(link instanceof HTMLAnchorElement) || !link.download) return
        saved.push({ download: link.download, href: link.href })
        // The story stays on the page; what the browser would save is checked below.
        event.preventDefault()
      }
      document.addEventListener('click', onClick, true)
      try {
        await userEvent.click(row.getByRole('button', { name: 'Download' }))
        await waitFor(() => expect(saved).toHaveLength(1), { timeout: 15_000 })
      } finally {
        document.removeEventListener('click', onClick, true)
      }
      await expect(saved[0]?.download).toBe(row.getByTestId('stored-as').textContent)
      const bytes = new Uint8Array(await (await fetch(saved[0]?.href ?? '')).arrayBuffer())
      await expect(bytes).toEqual(new Uint8Array(await (files[0] as File).arrayBuffer()))
    })

    await step('the toolbar theme reached the Dashboard, the results panel and the list', async () => {
      await expectTheme(canvasElement, globals)
      await expect(canvas.getByRole('region', { name: 'Stored files' }).getAttribute('data-theme')).toBe(
        storyTheme(globals),
      )
    })
  },
}

/** Write then read with the toolbar's theme on dark. */
export const WriteThenReadPngDark: Story = {
  ...WriteThenReadPng,
  globals: { theme: 'dark' },
}
