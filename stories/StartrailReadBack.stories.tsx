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
import { appEndpoint, mockObjects, mockStats, resetMock } from './mock.ts'

const wire = `
**What happens on the wire**

1. Upload clicked: \`<GcsUploader>\` writes the files (\`action: "write"\`, GCS V4 signed \`PUT\`s with the signed
   Content-Type), as in the write-then-read story.
2. \`<StartrailFiles>\` lists what was written (the upload results: \`fileName\`, \`contentType\`, \`finalUrl\`). Its
   images are read back at once for a preview: **one** \`POST /app/startrail/port/api/v1/commerce/signedUrls\` with
   \`{ action: "read", payload: [{ filename, category }, …] }\` for all of them (batches of 20), then a signed \`GET\` per
   file sent with exactly the \`Content-Type\` the answer gave (the read URL signs it: a plain link or \`<img src>\`
   cannot send it and gets a 400 from GCS). The bytes become an object URL for the \`<img>\`.
3. **Download** (in the results panel or the list) saves the file through a temporary \`<a download>\` of an object
   URL; a signed read still valid is reused, one that expired is signed again once.
`

/**
 * `startrailReads` from `@uppy-presign/gcs` behind the React kit: `<GcsUploader reads={…}>` adds a Download button to
 * each stored file, and `<StartrailFiles>` lists stored files with previews. No hand-made signed GET in the story.
 */
function ReadBack({ theme, ...props }: Omit<ComponentProps<typeof GcsUploader>, 'presign'> & { theme: StoryTheme }) {
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
  title: 'Flows/Startrail read-back (startrailReads)',
  component: GcsUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '`const reads = startrailReads({ endpoint, category: "artwork" })`; `<GcsUploader presign={…} reads={reads} />` ' +
          'and `<StartrailFiles reads={reads} files={results} />`: stored files read back through signed GETs sent ' +
          'with the signed Content-Type, previewed and downloaded.\n' +
          wire,
      },
    },
  },
  args: {
    height: 300,
    note: 'Images for an artwork record; read back below once stored',
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  beforeEach: async () => {
    await resetMock()
  },
  render: (args, { globals }) => <ReadBack {...args} theme={storyTheme(globals)} />,
} satisfies Meta<typeof GcsUploader>

export default meta

type Story = StoryObj<typeof GcsUploader>

/** Write two PNGs; the list previews both (one signing call); Download saves the bytes that were uploaded. */
export const WriteThenPreviewAndDownload: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)
    const files = [
      await drawnImage('dune.png', { width: 150, height: 90, from: '#e9c46a', to: '#f4a261' }),
      await drawnImage('reef.png', { width: 90, height: 150, from: '#2a9d8f', to: '#264653' }),
    ]

    await step('attach two PNGs, click Upload, wait until both say Uploaded', async () => {
      await attachFiles(canvasElement, files)
      await clickUpload(canvasElement, 2)
      await waitForUploaded(resultsPanel(canvasElement), 2)
    })

    const storedNames = (await mockObjects()).map((o) => o.key.split('/').pop() ?? '')
    await step('the stored files are listed and previewed, read through one signing call', async () => {
      const list = within(await canvas.findByRole('region', { name: 'Stored files' }, { timeout: 15_000 }))
      for (const [i, file] of files.entries()) {
        const name = storedNames.find((n) => n.startsWith(file.name.replace('.png', '-'))) ?? ''
        const preview = (await list.findByRole(
          'img',
          { name: `Preview of ${name}` },
          { timeout: 15_000 },
        )) as HTMLImageElement
        await expect(preview.src).toMatch(/^blob:/)
        await expectImageLoaded(preview)
        await expect([preview.naturalWidth, preview.naturalHeight]).toEqual(i === 0 ? [150, 90] : [90, 150])
      }
      const stats = await mockStats()
      // One write call, one read call for both previews, one signed GET each.
      await expect(stats.presign.startrail).toBe(2)
      await expect(stats.storage['gcs-get']).toEqual({ total: 2, '200': 2 })
      await expect(list.queryByRole('alert')).toBeNull()
    })

    await step('Download in the results panel saves the bytes that were uploaded', async () => {
      const row = within(resultRow(resultsPanel(canvasElement), 'dune.png'))
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

/** The same with the toolbar's theme on dark. */
export const WriteThenPreviewAndDownloadDark: Story = {
  ...WriteThenPreviewAndDownload,
  globals: { theme: 'dark' },
}
