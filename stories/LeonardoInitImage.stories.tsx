import type { Meta, StoryObj } from '@storybook/react-vite'
import { S3PostUploader } from '@uppy-presign/react'
import { leonardo } from '@uppy-presign/s3-post'
import { type ComponentProps, useId, useMemo, useState } from 'react'
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
import { advanceClock, appEndpoint, mockConfig, mockObjects, mockUrl, resetMock, setFault } from './mock.ts'

/** The generation's size: init images are fitted to it before upload (cropped to its aspect ratio, then scaled). */
const SIZE = 512

const wire = `
**What happens on the wire**

*Upload* (the uploader)

1. Before any request the adapter checks that the bytes are the PNG the name says, and fits the image in the
   browser to the generation's ${SIZE}×${SIZE}: \`leonardo.initImage({ generation: { width: ${SIZE}, height: ${SIZE} } })\`
   crops it to the generation's aspect ratio (centred) and scales it down, keeping its format, so the generation
   does not stretch it ("otherwise it will look deformed").
2. Upload clicked: the browser \`POST\`s \`/app/leonardo/init-image\` with \`{ extension: "png" }\`. The app's proxy adds
   \`Authorization: Bearer <key>\` and forwards; Leonardo answers \`{ uploadInitImage: { id, url, key, fields } }\`,
   \`fields\` a JSON *string* of S3 POST-policy fields (valid 2 minutes; \`Content-Type\` and a size range signed).
3. The browser \`POST\`s a \`multipart/form-data\` form to \`url\` (the S3 bucket): every field first, the file last.
   S3 checks the policy and answers 204. The panel shows the \`id\`.

*Generate* (\`<S3PostUploader generate>\`: the kit's \`leonardoGeneration\`, shown in the results panel)

4. \`POST /app/leonardo/generations\` with \`{ prompt, init_image_id: id, init_strength: 0.5, width: ${SIZE}, height: ${SIZE} }\` →
   \`{ sdGenerationJob: { generationId } }\` (the demo's proxy allows generations; by default it refuses them:
   they spend credits). The kit checks the request by Leonardo's reference first (a prompt is required).
5. \`GET /app/leonardo/generations/{generationId}\` with growing waits until \`generations_by_pk.status\` is
   \`COMPLETE\` (the mock takes 10 s) or \`FAILED\`; the row shows *Generating*, then the \`generated_images\`
   (Leonardo's CDN; the mock "generates" the init image itself).
`

/**
 * Leonardo.ai's documented flow end to end: `<S3PostUploader generate>` uploads an init image through the demo app's
 * `/app/leonardo` proxy, fitted to the generation, then generates from it and shows the images beside the upload.
 */
function InitImageThenGenerate({
  theme,
  ...props
}: Omit<ComponentProps<typeof S3PostUploader>, 'presign'> & { theme: StoryTheme }) {
  const promptId = useId()
  const [prompt, setPrompt] = useState('A watercolour of this picture')
  // One adapter for the page: it fits uploads to the generation and starts it (`generate`).
  const presign = useMemo(
    () =>
      leonardo.initImage({
        endpoint: appEndpoint('leonardo'),
        generation: { width: SIZE, height: SIZE, init_strength: 0.5 },
      }),
    [],
  )
  return (
    <>
      <p style={{ display: 'flex', gap: 8, alignItems: 'center', maxWidth: 750, margin: '0 0 12px' }}>
        <label htmlFor={promptId}>Prompt</label>
        <input
          id={promptId}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          style={{ flex: '1 1 16em', font: 'inherit', padding: '4px 6px' }}
        />
      </p>
      {/* The prompt as it is when an upload ends starts that image's generation. */}
      <S3PostUploader {...props} presign={presign} generate={{ request: { prompt } }} theme={theme} />
    </>
  )
}

const meta = {
  title: 'Flows/Leonardo.ai init image and generation',
  component: S3PostUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '`<S3PostUploader presign={leonardo.initImage({ endpoint: appEndpoint("leonardo"), generation: { width: 512, ' +
          'height: 512, init_strength: 0.5 } })} generate={{ request: { prompt } }} />`: an S3 POST policy per image, ' +
          'the image fitted to the generation first; the returned `id` starts the generation, whose images the panel shows.\n' +
          wire,
      },
    },
  },
  args: {
    height: 320,
    note: 'One PNG, JPEG or WebP image; fitted to the generation’s 512×512 before upload',
    uppyOptions: { restrictions: { maxNumberOfFiles: 1 } },
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  beforeEach: async () => {
    await resetMock()
  },
  render: (args, { globals }) => <InitImageThenGenerate {...args} theme={storyTheme(globals)} />,
} satisfies Meta<typeof S3PostUploader>

export default meta

type Story = StoryObj<typeof S3PostUploader>

/** A 1024×640 PNG, fitted to 512×512, uploaded; its generation runs in its row; the generated image is shown. */
export const UploadThenGenerate: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const file = await drawnImage('studio.png', { width: 1024, height: 640, from: '#2a9d8f', to: '#e9c46a' })
    let shownId = ''

    await step('attach a 1024×640 PNG, click Upload, wait until it says Uploaded', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    const row = () => within(resultRow(resultsPanel(canvasElement), file.name))

    await step(
      'the generation starts as the upload ends: the row says Generating while Leonardo is PENDING',
      async () => {
        await waitFor(() => expect(row().getByTestId('generation-status').textContent).toBe('Generating'), {
          timeout: 10_000,
        })
      },
    )

    await step('the image id shown names the object the bucket holds, fitted to the generation’s 512×512', async () => {
      shownId = within(resultRow(resultsPanel(canvasElement), file.name)).getByTestId('image-id').textContent ?? ''
      await expect(shownId).toMatch(/^[0-9a-f-]{36}$/)
      const { s3 } = await mockConfig()
      const stored = (await mockObjects()).filter((o) => o.bucket === s3.buckets.uploads)
      await expect(stored).toHaveLength(1)
      // Leonardo's init-image keys end in the image's id.
      await expect(stored[0]?.key).toMatch(new RegExp(`/initImages/${shownId}\\.png$`))
      await expect(stored[0]?.contentType).toBe('image/png')
      // Cropped to 1:1 and scaled in the browser: the generation's own size, so Leonardo stretches nothing.
      const bitmap = await createImageBitmap(await (await fetch(`${mockUrl()}/leonardo/cdn/${stored[0]?.key}`)).blob())
      await expect([bitmap.width, bitmap.height]).toEqual([SIZE, SIZE])
    })

    await step(
      'the generated image is shown (a person just waits; the play moves the mock clock past 10 s)',
      async () => {
        await advanceClock(10_000)
        const image = (await row().findByRole(
          'img',
          { name: `Generated image 1 of 1: ${file.name}` },
          { timeout: 15_000 },
        )) as HTMLImageElement
        await expectImageLoaded(image)
        // The mock's "generation" is the init image itself, as uploaded: 512×512.
        await expect([image.naturalWidth, image.naturalHeight]).toEqual([SIZE, SIZE])
        await expect(row().getByTestId('generation-status').textContent).toBe('Generated')
        await expect(row().queryByRole('alert')).toBeNull()
      },
    )

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** Upload and generate with the toolbar's theme on dark. */
export const UploadThenGenerateDark: Story = {
  ...UploadThenGenerate,
  globals: { theme: 'dark' },
}

/**
 * Leonardo ends the generation FAILED (the mock's fault `generation-failed`): the row says so, in words, and
 * Generate again starts a new generation, which completes.
 */
export const GenerationFailsThenAgain: Story = {
  beforeEach: async () => {
    await setFault({ target: 'leonardo', kind: 'generation-failed', count: 1 })
  },
  play: async ({ canvasElement, globals, step }) => {
    const file = await drawnImage('portrait.png', { width: 480, height: 640, from: '#6a4c93', to: '#ffca3a' })
    const row = () => within(resultRow(resultsPanel(canvasElement), file.name))

    await step('upload a PNG; its generation starts (Generating)', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
      await waitFor(() => expect(row().getByTestId('generation-status').textContent).toBe('Generating'), {
        timeout: 10_000,
      })
    })

    await step('Leonardo ends it FAILED: the row says Failed, and why', async () => {
      await advanceClock(10_000)
      await waitFor(() => expect(row().getByTestId('generation-status').textContent).toBe('Failed'), {
        timeout: 15_000,
      })
      await expect(row().getByRole('alert').textContent).toMatch(/^Generation [0-9a-f-]{36} FAILED at Leonardo/)
    })

    await step('Generate again: a new generation, which completes with its image', async () => {
      await userEvent.click(row().getByRole('button', { name: 'Generate again' }))
      await waitFor(() => expect(row().getByTestId('generation-status').textContent).toBe('Generating'), {
        timeout: 10_000,
      })
      await advanceClock(10_000)
      const image = (await row().findByRole(
        'img',
        { name: `Generated image 1 of 1: ${file.name}` },
        { timeout: 15_000 },
      )) as HTMLImageElement
      await expectImageLoaded(image)
      await expect(row().queryByRole('alert')).toBeNull()
    })

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** The failed generation and its second try with the toolbar's theme on dark. */
export const GenerationFailsThenAgainDark: Story = {
  ...GenerationFailsThenAgain,
  globals: { theme: 'dark' },
}
