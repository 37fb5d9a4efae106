import type { Meta, StoryObj } from '@storybook/react-vite'
import Uppy from '@uppy/core'
import { UppyContextProvider, useUppyEvent } from '@uppy/react'
import Dashboard from '@uppy/react/dashboard'
import IpfsPresign, { type IpfsResult, nft2 } from '@uppy-presign/ipfs'
import { useEffect, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { StoryTheme } from '../.storybook/preview.tsx'
import { appEndpoint, mockObjects, resetMock } from './mock.ts'

/**
 * The pipeline's own proof, on plain `@uppy/react` (no `@uppy-presign/react`): a story renders, its play function
 * drives the Dashboard in Chromium, the upload goes browser → /app/nft2 → NFT2 mock → IPFS bucket, and the a11y
 * check runs on the result. If this fails, every flow story would fail for the same reason.
 */
function SmokeUploader({ theme }: { theme: StoryTheme }) {
  const [uppy] = useState(() => new Uppy().use(IpfsPresign, { presign: nft2({ endpoint: appEndpoint('nft2') }) }))
  const [cid, setCid] = useState<string>()
  // Destroyed with the story, or an upload still running would land in the next story's freshly reset mock.
  useEffect(() => () => uppy.destroy(), [uppy])
  useUppyEvent(uppy, 'upload-success', (_file, response) => setCid((response.body as IpfsResult | undefined)?.cid))

  return (
    <UppyContextProvider uppy={uppy}>
      <Dashboard uppy={uppy} theme={theme} proudlyDisplayPoweredByUppy={false} height={360} width="100%" />
      <p>
        CID from upload-success: <output aria-label="CID from upload-success">{cid ?? '—'}</output>
      </p>
    </UppyContextProvider>
  )
}

/** A real PNG, drawn in the page: the Dashboard makes a thumbnail of it as it would of a person's image. */
async function drawnPng(name: string): Promise<File> {
  const canvas = document.createElement('canvas')
  canvas.width = 64
  canvas.height = 64
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas context')
  const gradient = context.createLinearGradient(0, 0, 64, 64)
  gradient.addColorStop(0, '#1269cf')
  gradient.addColorStop(1, '#f5b400')
  context.fillStyle = gradient
  context.fillRect(0, 0, 64, 64)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('the canvas gave no PNG')
  return new File([blob], name, { type: 'image/png' })
}

const meta = {
  title: 'Smoke/Dashboard upload',
  parameters: {
    docs: {
      description: {
        component:
          'Proves the Storybook pipeline itself: plain `@uppy/react` Dashboard + `IpfsPresign` through the demo ' +
          "app's `/app/nft2` proxy to the mock; the play function checks the CID against the mock's `/__objects`.",
      },
    },
  },
  // Every run starts from an empty mock, so `/__objects` holds exactly what this story uploaded.
  beforeEach: async () => {
    await resetMock()
  },
  render: (_args, { globals }) => <SmokeUploader theme={globals.theme === 'dark' ? 'dark' : 'light'} />,
} satisfies Meta

export default meta

export const UploadOnePng: StoryObj<typeof meta> = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)

    await step('the toolbar theme reached the Dashboard', async () => {
      await expect(canvasElement.querySelector('.uppy-Dashboard')?.getAttribute('data-uppy-theme')).toBe(globals.theme)
    })

    await step('attach a PNG through the Dashboard’s file input', async () => {
      // The files input, not the folder one that sits beside it with the same class.
      const input = canvasElement.querySelector<HTMLInputElement>(
        'input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])',
      )
      if (!input) throw new Error('the Dashboard rendered no file input')
      await userEvent.upload(input, await drawnPng('smoke.png'))
      await waitFor(() => expect(canvas.getByText('smoke.png')).toBeVisible())
    })

    await step('click Upload and wait for Complete', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Upload 1 file' }))
      await waitFor(() => expect(canvas.getByText('Complete')).toBeVisible(), { timeout: 20_000 })
    })

    await step('the CID upload-success reported is the one the IPFS bucket stored', async () => {
      const output = canvas.getByLabelText('CID from upload-success')
      // React may paint the CID a frame after the status bar says Complete.
      await waitFor(() => expect(output.textContent).toMatch(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/))
      const reported = output.textContent
      const stored = (await mockObjects()).filter((o) => o.cid !== undefined)
      await expect(stored).toHaveLength(1)
      await expect(stored[0]?.cid).toBe(reported)
    })
  },
}

/** The same, with the toolbar's theme set to dark: the global reaches the story, and axe checks the dark colours. */
export const UploadOnePngDark: StoryObj<typeof meta> = {
  ...UploadOnePng,
  globals: { theme: 'dark' },
}
