import type { Meta, StoryObj } from '@storybook/react-vite'
import { startrail } from '@uppy-presign/gcs'
import { GcsUploader } from '@uppy-presign/react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import {
  attachFiles,
  clickUpload,
  drawnImage,
  expectTheme,
  resultRow,
  resultsPanel,
  sha256Hex,
  storyTheme,
  waitForUploaded,
} from './flow-helpers.ts'
import { appEndpoint, mockConfig, mockObjects, mockStats, mockUrl, resetMock } from './mock.ts'

const wire = `
**What happens on the wire**

1. Each file's Edit button opens the Dashboard's file editor, whose *Category* field (\`categoryPicker\`) sets the
   file's \`meta.category\`; a file left alone keeps \`startrail()\`'s default, \`artwork\`.
2. Upload clicked: one \`POST /app/startrail/port/api/v1/commerce/signedUrls\` for both files, each payload entry
   with its own category: \`{ action: "write", payload: [{ filename: "harbour-….png", category: "artwork" },
   { filename: "certificate-….pdf", category: "certificate" }] }\`. The app's proxy checks each entry against its
   \`allow.categories\` and forwards with the key.
3. Startrail answers one result per file; per its "Usage of Final URL" table, an artwork's \`finalUrl\` is on its
   static-files host, a certificate's is the GCS bucket's own URL.
4. The browser \`PUT\`s each file with exactly the signed Content-Type; the panel shows each file's category and
   \`finalUrl\`.
`

/** A one-page PDF, as a scanned certificate of authenticity would arrive (the mock types it from its extension). */
const certificatePdf = () =>
  new File(
    [
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n',
      'trailer << /Root 1 0 R >>\n%%EOF\n',
    ],
    'certificate.pdf',
    { type: 'application/pdf' },
  )

/**
 * Startrail with a category per file: `<GcsUploader categoryPicker>` adds a Category field to the Dashboard's file
 * editor, so an artwork and its certificate go through one Dashboard and one signing call, each stored where its
 * category's files go.
 */
const meta = {
  title: 'Flows/Startrail (a category per file)',
  component: GcsUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '`<GcsUploader presign={startrail({ endpoint: appEndpoint("startrail"), category: "artwork" })} ' +
          'categories={["artwork", "certificate"]} categoryPicker />`: a Category field per file in the Dashboard ' +
          "(its Edit button), sent as that file's `payload[*].category`.\n" +
          wire,
      },
    },
  },
  args: {
    height: 360,
    note: 'An artwork and its certificate: choose each file’s category with its Edit button',
    categories: ['artwork', 'certificate'],
    categoryPicker: true,
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  beforeEach: async () => {
    await resetMock()
  },
  render: (args, { globals }) => (
    <GcsUploader
      {...args}
      presign={startrail({ endpoint: appEndpoint('startrail'), category: 'artwork' })}
      theme={storyTheme(globals)}
    />
  ),
} satisfies Meta<typeof GcsUploader>

export default meta

type Story = StoryObj<typeof GcsUploader>

/** An artwork (the default) and a certificate (picked in its file editor), one call, two finalUrls. */
export const ArtworkAndCertificate: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)
    const artwork = await drawnImage('harbour.png', { width: 160, height: 96, from: '#0077b6', to: '#90e0ef' })
    const certificate = certificatePdf()

    await step('attach an artwork and its certificate', async () => {
      await attachFiles(canvasElement, [artwork, certificate])
    })

    await step('in the certificate’s file editor, choose the category Certificate and save', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Edit file certificate.pdf' }))
      const picker = await canvas.findByLabelText('Category')
      // Until one is chosen, it shows the default the file would be signed for.
      await expect(picker).toHaveValue('artwork')
      await userEvent.selectOptions(picker, 'certificate')
      await userEvent.click(canvas.getByRole('button', { name: 'Save changes' }))
      await waitFor(() => expect(canvas.queryByLabelText('Category')).toBeNull())
    })

    await step('click Upload 2 files, wait until both say Uploaded', async () => {
      await clickUpload(canvasElement, 2)
      await waitForUploaded(resultsPanel(canvasElement), 2)
    })

    const { gcs, startrail: issuer } = await mockConfig()
    const stored = (await mockObjects()).filter((o) => o.bucket === gcs.bucket)
    const keyOf = (prefix: string) => stored.find((o) => o.key.split('/').pop()?.startsWith(prefix))?.key

    await step('one signing call carried both categories', async () => {
      await expect((await mockStats()).presign.startrail).toBe(1)
      await expect(stored).toHaveLength(2)
    })

    await step('each row shows its category, and its finalUrl is where that category’s files go', async () => {
      const panel = resultsPanel(canvasElement)
      const art = within(resultRow(panel, artwork.name))
      const cert = within(resultRow(panel, certificate.name))
      await expect(art.getByTestId('category').textContent).toBe('artwork')
      await expect(cert.getByTestId('category').textContent).toBe('certificate')
      // Artwork: Startrail's static-files host. Certificate: the bucket's own URL.
      const artKey = keyOf('harbour-')
      const certKey = keyOf('certificate-')
      await expect(artKey).toMatch(new RegExp(`^srr-images/${issuer.issuerAddress}/harbour-[^/]+\\.png$`))
      await expect(art.getByTestId('final-url').textContent).toBe(`${mockUrl()}/startrail/static-files/${artKey}`)
      await expect(cert.getByTestId('final-url').textContent).toBe(`${gcs.endpoint}/${gcs.bucket}/${certKey}`)
      await expect(cert.getByText('application/pdf')).toBeVisible()
    })

    await step('each finalUrl serves the bytes that were sent', async () => {
      const panel = resultsPanel(canvasElement)
      for (const file of [artwork, certificate]) {
        const href = within(resultRow(panel, file.name)).getByTestId('final-url').getAttribute('href') ?? ''
        const served = await fetch(href)
        await expect(served.status).toBe(200)
        await expect(await sha256Hex(await served.arrayBuffer())).toBe(await sha256Hex(file))
      }
    })

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** The same, with the toolbar's theme on dark. */
export const ArtworkAndCertificateDark: Story = {
  ...ArtworkAndCertificate,
  globals: { theme: 'dark' },
}
