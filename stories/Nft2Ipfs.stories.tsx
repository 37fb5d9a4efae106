import type { Meta, StoryObj } from '@storybook/react-vite'
import { nft2 } from '@uppy-presign/ipfs'
import { IpfsUploader } from '@uppy-presign/react'
import { expect, within } from 'storybook/test'
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

1. Upload clicked: the browser \`POST\`s \`/app/nft2/presigned-image\` (the app's presign proxy, no key in the page)
   with \`{ files: [{ fileName, mimeType }] }\` — both files in one call (NFT2 signs up to 50 per call).
2. The proxy checks the names and types and forwards to NFT2's \`generatePresignedImage\`
   (\`POST …/upload/presigned-image\`) with \`Authorization: Bearer <token>\`: a token it got on the server by
   exchanging its API key (\`POST …/auth/api-key/<key>\`, as NFT2's SDK does), keeps, and renews before it expires.
   NFT2 answers \`{ urls: [...] }\`: one SigV4-presigned S3 \`PUT\` URL per file, in order, into the Filebase-style
   IPFS bucket \`nft2-protocol\` (the key is the name plus a random suffix; the URL signs \`content-type\`).
3. The browser \`PUT\`s each file's raw bytes to its URL with exactly that \`Content-Type\`. The bucket computes the
   file's IPFS CID while it streams and answers 200 with \`x-amz-meta-cid: Qm…\` (exposed to the page by CORS).
4. The results panel shows that CID, \`ipfs://<cid>\`, and the gateway link (\`<mock>/ipfs/<cid>\` here,
   Filebase's gateway by default), which serves the stored bytes by their CID.
`

/**
 * NFT2 (Derachain) `generatePresignedImage` → IPFS: `<IpfsUploader>` uploads two PNGs through the demo app's
 * `/app/nft2` proxy, and the results panel shows each file's CID — the one the IPFS bucket computed.
 */
const meta = {
  title: 'Flows/NFT2 (IPFS)',
  component: IpfsUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '`<IpfsUploader presign={nft2({ endpoint: appEndpoint("nft2") })} gateway={mockUrl() + "/ipfs/"} />`: ' +
          "NFT2's presigned S3 PUTs into an IPFS bucket; each file's CID comes back in `x-amz-meta-cid`.\n" +
          wire,
      },
    },
  },
  args: {
    height: 320,
    note: 'PNG, JPEG or SVG images, up to 50 per presign call',
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  // Every run starts from an empty mock, so `/__objects` holds exactly what this story uploaded.
  beforeEach: async () => {
    await resetMock()
  },
  // The mock's URL is known only in the page (Vitest hands it over at setup): adapters are made at render time.
  render: (args, { globals }) => (
    <IpfsUploader
      {...args}
      presign={nft2({ endpoint: appEndpoint('nft2') })}
      gateway={`${mockUrl()}/ipfs/`}
      theme={storyTheme(globals)}
    />
  ),
} satisfies Meta<typeof IpfsUploader>

export default meta

type Story = StoryObj<typeof IpfsUploader>

/** Two PNGs, one presign call, two PUTs; the CIDs shown are the IPFS bucket's, and the gateway links serve the files. */
export const TwoPngs: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const files = [
      await drawnImage('sunrise.png', { from: '#ff7a00', to: '#ffd166' }),
      await drawnImage('nightfall.png', { from: '#03045e', to: '#7b2cbf' }),
    ]

    await step('attach two PNGs through the Dashboard', async () => {
      await attachFiles(canvasElement, files)
    })

    await step('click Upload and wait until both files say Uploaded', async () => {
      await clickUpload(canvasElement, 2)
      await waitForUploaded(resultsPanel(canvasElement), 2)
    })

    await step('one presign call for both files, with a token the proxy got for its key on the server', async () => {
      const stats = await mockStats()
      await expect(stats.presign.nft2).toBe(1)
      // The mock's reset revoked any token the demo backend held: it exchanged its API key once, then presigned.
      await expect(stats.tokens.nft2.apiKey).toBe(1)
    })

    await step('each CID shown is the CID the IPFS bucket computed for that file', async () => {
      const { s3 } = await mockConfig()
      const stored = (await mockObjects()).filter((o) => o.bucket === s3.buckets.ipfs)
      await expect(stored).toHaveLength(2)
      const panel = resultsPanel(canvasElement)
      for (const file of files) {
        const row = within(resultRow(panel, file.name))
        const shown = row.getByTestId('cid').textContent
        // NFT2 keys are the name plus a random suffix: `sunrise-<random>.png`.
        const object = stored.find((o) => o.key.startsWith(file.name.replace(/\.png$/, '-')))
        await expect(object?.cid).toMatch(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/)
        await expect(shown).toBe(object?.cid)
        await expect(row.getByRole('link', { name: `ipfs://${shown}` })).toBeVisible()
      }
    })

    await step('the gateway link of each file serves the bytes that were attached', async () => {
      const panel = resultsPanel(canvasElement)
      for (const file of files) {
        const row = within(resultRow(panel, file.name))
        const link = row.getByTestId('gateway-link') as HTMLAnchorElement
        await expect(link.href).toBe(`${mockUrl()}/ipfs/${row.getByTestId('cid').textContent}`)
        const response = await fetch(link.href)
        await expect(response.status).toBe(200)
        await expect(await sha256Hex(await response.arrayBuffer())).toBe(await sha256Hex(file))
      }
    })

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** The same upload with the toolbar's theme on dark: Dashboard and results panel in their dark palettes, checked by axe. */
export const TwoPngsDark: Story = {
  ...TwoPngs,
  globals: { theme: 'dark' },
}

/**
 * `verifyCid`: while each file uploads, a Web Worker streams it and computes its CID with Filebase's profile (kubo's
 * CIDv0); the results panel says the gateway's CID was verified against the file's own bytes.
 */
export const VerifiedCid: Story = {
  name: 'Verified CID (verifyCid)',
  args: { verifyCid: true },
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('verified.png', { from: '#2a9d8f', to: '#e9c46a' })

    await step('attach a PNG, click Upload: it says Uploaded', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    await step('the panel says the CID is verified, and it is the CID the bucket computed', async () => {
      const row = within(resultRow(resultsPanel(canvasElement), file.name))
      const check = row.getByTestId('cid-check')
      await expect(check.dataset.verified).toBe('true')
      await expect(check.textContent).toBe("Verified: the file's own bytes give this CID")
      const { s3 } = await mockConfig()
      const stored = (await mockObjects()).filter((o) => o.bucket === s3.buckets.ipfs)
      await expect(stored).toHaveLength(1)
      await expect(row.getByTestId('cid').textContent).toBe(stored[0]?.cid)
    })
  },
}
