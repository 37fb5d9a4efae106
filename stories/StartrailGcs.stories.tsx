import type { Meta, StoryObj } from '@storybook/react-vite'
import { startrail } from '@uppy-presign/gcs'
import { GcsUploader, type UploadResultItem } from '@uppy-presign/react'
import { type ComponentProps, useEffect, useId, useState } from 'react'
import { expect, within } from 'storybook/test'
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
import { appEndpoint, mockConfig, mockObjects, mockUrl, resetMock } from './mock.ts'

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

*Read* (the Preview panel, this story's own code)

4. The page asks the same proxy for \`{ action: "read", payload: [{ filename, category }] }\` and gets a signed
   \`GET\`. It signs \`content-type\` too, which an \`<img src>\` request cannot send: the page \`fetch\`es the URL with
   \`Content-Type: image/png\`, makes an object URL of the body and shows that.
`

/**
 * Startrail's signed-URL API, both ways: `<GcsUploader>` writes an artwork through the demo app's `/app/startrail`
 * proxy, then the story's Preview panel reads it back through a signed GET of the stored name.
 */
function WriteThenRead({
  theme,
  ...props
}: Omit<ComponentProps<typeof GcsUploader>, 'presign'> & { theme: StoryTheme }) {
  const [stored, setStored] = useState<string[]>([])
  const onComplete = (results: UploadResultItem[]) =>
    setStored(
      results.flatMap((r) => (r.status === 'success' && typeof r.body?.fileName === 'string' ? [r.body.fileName] : [])),
    )

  return (
    <>
      <GcsUploader
        {...props}
        presign={startrail({ endpoint: appEndpoint('startrail'), category: 'artwork' })}
        theme={theme}
        onComplete={onComplete}
      />
      <StoredPreview filenames={stored} />
    </>
  )
}

type Preview =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'shown'; images: Array<{ filename: string; src: string }> }
  | { state: 'failed'; message: string }

/**
 * Reads stored files back as an app would: one signed-read call for all names, then each GET sent with the
 * Content-Type the URL was signed for, its body shown through an object URL.
 */
function StoredPreview({ filenames }: { filenames: string[] }) {
  const headingId = useId()
  const [preview, setPreview] = useState<Preview>({ state: 'idle' })

  useEffect(() => {
    if (filenames.length === 0) return
    let cancelled = false
    const objectUrls: string[] = []
    setPreview({ state: 'loading' })
    ;(async () => {
      const { results } = await startrail({ endpoint: appEndpoint('startrail'), category: 'artwork', action: 'read' })(
        filenames.map((fileName) => ({ fileName })),
      )
      const images = []
      for (const { filename, url, contentType } of results) {
        // The read URL signs content-type: a request without this exact header gets SignatureDoesNotMatch.
        const response = await fetch(url, { headers: { 'Content-Type': contentType } })
        if (!response.ok) throw new Error(`the signed GET of ${filename} answered ${response.status}`)
        const src = URL.createObjectURL(await response.blob())
        // Made after the cleanup ran (the story was left mid-read): nobody will show it.
        if (cancelled) URL.revokeObjectURL(src)
        else objectUrls.push(src)
        images.push({ filename, src })
      }
      if (!cancelled) setPreview({ state: 'shown', images })
    })().catch((error: unknown) => {
      if (!cancelled) setPreview({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
    })
    return () => {
      cancelled = true
      for (const url of objectUrls) URL.revokeObjectURL(url)
    }
  }, [filenames])

  return (
    <section aria-labelledby={headingId} style={{ maxWidth: 750, marginTop: 16 }}>
      <h2 id={headingId} style={{ fontSize: '1.1rem', margin: '0 0 8px' }}>
        Preview
      </h2>
      {preview.state === 'idle' && <p>Upload an image: it is read back here through a signed GET.</p>}
      {preview.state === 'loading' && <p role="status">Signing a read URL and fetching the stored file…</p>}
      {preview.state === 'failed' && <p role="alert">Could not read the stored file back: {preview.message}</p>}
      {preview.state === 'shown' &&
        preview.images.map(({ filename, src }) => (
          <figure key={filename} style={{ margin: '0 0 8px' }}>
            <img src={src} alt={`${filename}, as stored`} style={{ maxWidth: 240, display: 'block' }} />
            <figcaption>
              <code>{filename}</code>, read back through a signed GET
            </figcaption>
          </figure>
        ))}
    </section>
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
          "Startrail's GCS V4 signed PUTs, with exactly the signed Content-Type; then a signed GET of what was " +
          'stored, for the Preview.\n' +
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

/** Upload a PNG; the panel shows its finalUrl and stored name; the Preview reads it back and shows it. */
export const WriteThenReadPng: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)
    const file = await drawnImage('harbour.png', { width: 160, height: 96, from: '#0077b6', to: '#90e0ef' })

    await step('attach a PNG, click Upload, wait until it says Uploaded', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    const { gcs } = await mockConfig()
    const [object] = (await mockObjects()).filter((o) => o.bucket === gcs.bucket)

    await step('the finalUrl and stored name shown are the object GCS holds', async () => {
      const row = within(resultRow(resultsPanel(canvasElement), file.name))
      await expect(object?.key).toMatch(/^srr-images\/0x[0-9a-fA-F]{40}\/harbour-[^/]+\.png$/)
      await expect(object?.contentType).toBe('image/png')
      const finalUrl = row.getByTestId('final-url') as HTMLAnchorElement
      // Artwork: Startrail's static-files host, which serves the stored file.
      await expect(finalUrl.textContent).toBe(`${mockUrl()}/startrail/static-files/${object?.key}`)
      await expect(row.getByTestId('stored-as').textContent).toBe(object?.key.split('/').pop())
      await expect(row.getByText('image/png')).toBeVisible()
    })

    await step('the Preview shows the stored image, read through a signed GET', async () => {
      const storedName = object?.key.split('/').pop() ?? ''
      const image = await canvas.findByRole('img', { name: `${storedName}, as stored` }, { timeout: 15_000 })
      await expect(image.getAttribute('src')).toMatch(/^blob:/)
      await expectImageLoaded(image as HTMLImageElement)
      await expect((image as HTMLImageElement).naturalWidth).toBe(160)
      await expect(canvas.queryByRole('alert')).toBeNull()
    })

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** Write then read with the toolbar's theme on dark. */
export const WriteThenReadPngDark: Story = {
  ...WriteThenReadPng,
  globals: { theme: 'dark' },
}
