import type { Meta, StoryObj } from '@storybook/react-vite'
import Uppy, { type Body, type Meta as UppyMeta } from '@uppy/core'
import Dashboard from '@uppy/dashboard'
import IpfsPresign, { type IpfsResult, nft2 } from '@uppy-presign/ipfs'
import { useEffect, useRef } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { StoryTheme } from '../.storybook/preview.tsx'
import { appEndpoint, mockObjects, resetMock } from './mock.ts'

/**
 * The plugin from plain JavaScript: no React anywhere in the upload code. `mountVanilla` is the whole integration,
 * exactly what a page without a framework writes; React here only gives Storybook an element to hand it.
 */
function mountVanilla(target: HTMLElement, theme: StoryTheme): Uppy<UppyMeta, Body> {
  const uppy = new Uppy<UppyMeta, Body>()
    .use(Dashboard, { inline: true, target, theme, height: 360, width: '100%', proudlyDisplayPoweredByUppy: false })
    .use(IpfsPresign, { presign: nft2({ endpoint: appEndpoint('nft2') }) })
  const output = target.parentElement?.querySelector('output')
  uppy.on('upload-success', (file, response) => {
    const { cid } = response.body as unknown as IpfsResult
    if (output) output.textContent = `${file?.name}: ${cid}`
  })
  return uppy
}

function VanillaHost({ theme }: { theme: StoryTheme }) {
  const target = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!target.current) return
    const uppy = mountVanilla(target.current, theme)
    return () => uppy.destroy()
  }, [theme])
  return (
    <div>
      <div ref={target} />
      <p>
        Last upload: <output aria-label="Last upload">—</output>
      </p>
    </div>
  )
}

const meta = {
  title: 'Vanilla JS/Dashboard + IpfsPresign',
  parameters: {
    docs: {
      description: {
        component: [
          'No React: `@uppy/dashboard` and `IpfsPresign` from plain JavaScript.',
          '```js',
          "import Uppy from '@uppy/core'",
          "import Dashboard from '@uppy/dashboard'",
          "import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'",
          "import '@uppy/core/css/style.min.css'",
          "import '@uppy/dashboard/css/style.min.css'",
          '',
          'new Uppy()',
          "  .use(Dashboard, { inline: true, target: '#uploader' })",
          "  .use(IpfsPresign, { presign: nft2({ endpoint: '/app/nft2' }) }) // your presign proxy",
          "  .on('upload-success', (file, { body }) => console.log(file.name, body.cid))",
          '```',
        ].join('\n'),
      },
    },
  },
  beforeEach: async () => {
    await resetMock()
  },
  render: (_args, { globals }) => <VanillaHost theme={globals.theme === 'dark' ? 'dark' : 'light'} />,
} satisfies Meta

export default meta

export const UploadFromPlainJs: StoryObj<typeof meta> = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // The Dashboard mounts from an effect, after React's render: wait for its input rather than assume it.
    const input = await waitFor(() => {
      const found = canvasElement.querySelector<HTMLInputElement>(
        'input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])',
      )
      if (!found) throw new Error('the Dashboard rendered no file input')
      return found
    })
    const png = await new Promise<Blob | null>((resolve) => {
      const c = document.createElement('canvas')
      c.width = 48
      c.height = 48
      const context = c.getContext('2d')
      if (context) {
        context.fillStyle = '#2f7d32'
        context.fillRect(0, 0, 48, 48)
      }
      c.toBlob(resolve, 'image/png')
    })
    if (!png) throw new Error('the canvas gave no PNG')
    await userEvent.upload(input, new File([png], 'plain.png', { type: 'image/png' }))
    await userEvent.click(await canvas.findByRole('button', { name: 'Upload 1 file' }))
    await waitFor(() => expect(canvas.getByText('Complete')).toBeVisible(), { timeout: 20_000 })
    const output = canvas.getByLabelText('Last upload')
    await waitFor(() => expect(output.textContent).toMatch(/^plain\.png: Qm/))
    const stored = (await mockObjects()).filter((o) => o.cid !== undefined)
    await expect(stored).toHaveLength(1)
    await expect(output.textContent).toBe(`plain.png: ${stored[0]?.cid}`)
  },
}
