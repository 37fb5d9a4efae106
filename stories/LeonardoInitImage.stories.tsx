import type { Meta, StoryObj } from '@storybook/react-vite'
import { S3PostUploader, type UploadResultItem } from '@uppy-presign/react'
import { leonardo } from '@uppy-presign/s3-post'
import { type ComponentProps, useEffect, useId, useState } from 'react'
import { expect, userEvent, within } from 'storybook/test'
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
import { advanceClock, appEndpoint, mockConfig, mockObjects, resetMock } from './mock.ts'

/** The generation's size: init images are scaled to fit it before upload (`fitTo`), as Leonardo advises. */
const SIZE = 512
/** How often a person's page asks whether the generation is done. */
const POLL_MS = 500
/** Past this, the page stops asking and says so (Leonardo's real generations take seconds, not minutes). */
const GIVE_UP_MS = 120_000

const wire = `
**What happens on the wire**

*Upload* (the uploader)

1. Before any request the adapter checks that the bytes are the PNG the name says, and scales the image in the
   browser to fit ${SIZE}×${SIZE} (\`fitTo: { mode: 'contain' }\`), keeping its format.
2. Upload clicked: the browser \`POST\`s \`/app/leonardo/init-image\` with \`{ extension: "png" }\`. The app's proxy adds
   \`Authorization: Bearer <key>\` and forwards; Leonardo answers \`{ uploadInitImage: { id, url, key, fields } }\`,
   \`fields\` a JSON *string* of S3 POST-policy fields (valid 2 minutes; \`Content-Type\` and a size range signed).
3. The browser \`POST\`s a \`multipart/form-data\` form to \`url\` (the S3 bucket): every field first, the file last.
   S3 checks the policy and answers 204. The panel shows the \`id\`.

*Generate* (the story's own panel)

4. \`POST /app/leonardo/generations\` with \`{ prompt, init_image_id: id, width: ${SIZE}, height: ${SIZE} }\` →
   \`{ sdGenerationJob: { generationId } }\` (the demo's proxy allows generations; by default it refuses them:
   they spend credits).
5. \`GET /app/leonardo/generations/{generationId}\` every ${POLL_MS} ms until \`generations_by_pk.status\` is
   \`COMPLETE\` (the mock takes 1.5 s), then the first of \`generated_images[].url\` is shown (Leonardo's CDN; the mock
   "generates" the init image itself).
`

type Generation =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'pending'; generationId: string; prompt: string; status: string }
  | { state: 'complete'; generationId: string; prompt: string; url: string }
  | { state: 'failed'; message: string }

interface LeonardoGeneration {
  status?: string
  generated_images?: Array<{ url?: string }>
  failureReason?: string
}

/** A Leonardo error body (`{ error, path, code }`) in words, or the status when there is none. */
async function refusal(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { error?: string } | undefined
  return `Leonardo answered ${response.status}${body?.error ? `: ${body.error}` : ''}`
}

/** Starts a generation from an uploaded init image and polls it until there is an image to show. */
function GeneratePanel({ initImageId }: { initImageId: string | undefined }) {
  const headingId = useId()
  const promptId = useId()
  const [prompt, setPrompt] = useState('A watercolour of this picture')
  const [generation, setGeneration] = useState<Generation>({ state: 'idle' })
  const endpoint = appEndpoint('leonardo')

  const generate = async () => {
    if (!initImageId) return
    setGeneration({ state: 'starting' })
    try {
      const response = await fetch(`${endpoint}/generations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ prompt, init_image_id: initImageId, width: SIZE, height: SIZE }),
      })
      if (!response.ok) throw new Error(await refusal(response))
      const { sdGenerationJob } = (await response.json()) as { sdGenerationJob?: { generationId?: string } }
      if (!sdGenerationJob?.generationId) throw new Error('Leonardo gave no generationId')
      setGeneration({ state: 'pending', generationId: sdGenerationJob.generationId, prompt, status: 'PENDING' })
    } catch (error) {
      setGeneration({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
    }
  }

  const pendingId = generation.state === 'pending' ? generation.generationId : undefined
  // The prompt the generation was started with: the field may have been edited since.
  const pendingPrompt = generation.state === 'pending' ? generation.prompt : ''
  useEffect(() => {
    if (!pendingId) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const giveUpAt = Date.now() + GIVE_UP_MS
    const poll = async () => {
      try {
        const response = await fetch(`${endpoint}/generations/${encodeURIComponent(pendingId)}`)
        if (!response.ok) throw new Error(await refusal(response))
        const { generations_by_pk: found } = (await response.json()) as { generations_by_pk: LeonardoGeneration | null }
        if (stopped) return
        const url = found?.generated_images?.[0]?.url
        if (found?.status === 'COMPLETE' && url) {
          setGeneration({ state: 'complete', generationId: pendingId, prompt: pendingPrompt, url })
        } else if (found?.status === 'FAILED') {
          setGeneration({
            state: 'failed',
            message: `the generation failed${found.failureReason ? `: ${found.failureReason}` : ''}`,
          })
        } else if (Date.now() > giveUpAt) {
          setGeneration({ state: 'failed', message: `no image after ${GIVE_UP_MS / 1000} s; try again later` })
        } else {
          setGeneration({
            state: 'pending',
            generationId: pendingId,
            prompt: pendingPrompt,
            status: found?.status ?? 'unknown',
          })
          timer = setTimeout(poll, POLL_MS)
        }
      } catch (error) {
        if (!stopped)
          setGeneration({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
      }
    }
    timer = setTimeout(poll, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [pendingId, pendingPrompt, endpoint])

  const busy = generation.state === 'starting' || generation.state === 'pending'
  return (
    <section aria-labelledby={headingId} style={{ maxWidth: 750, marginTop: 16 }}>
      <h2 id={headingId} style={{ fontSize: '1.1rem', margin: '0 0 8px' }}>
        Generate from the init image
      </h2>
      <p style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', margin: '0 0 8px' }}>
        <label htmlFor={promptId}>Prompt</label>
        <input
          id={promptId}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          style={{ flex: '1 1 16em', font: 'inherit', padding: '4px 6px' }}
        />
        <button
          type="button"
          onClick={generate}
          disabled={!initImageId || busy}
          style={{ font: 'inherit', padding: '4px 14px' }}
        >
          Generate
        </button>
      </p>
      <p role="status" style={{ margin: '0 0 8px' }}>
        {generation.state === 'idle' &&
          (initImageId ? `Init image ${initImageId} is ready.` : 'Upload an init image first.')}
        {generation.state === 'starting' && 'Starting the generation…'}
        {generation.state === 'pending' &&
          `Generation ${generation.generationId}: ${generation.status}, asking again every ${POLL_MS / 1000} s…`}
        {generation.state === 'complete' && `Generation ${generation.generationId}: COMPLETE.`}
      </p>
      {generation.state === 'failed' && <p role="alert">Could not generate: {generation.message}</p>}
      {generation.state === 'complete' && (
        <figure style={{ margin: 0 }}>
          <img
            src={generation.url}
            alt={`Generated from the init image: ${generation.prompt}`}
            style={{ maxWidth: 256, display: 'block' }}
          />
          <figcaption>
            Generated image ({SIZE}×{SIZE} bounds)
          </figcaption>
        </figure>
      )}
    </section>
  )
}

/**
 * Leonardo.ai's documented flow end to end: `<S3PostUploader>` uploads an init image through the demo app's
 * `/app/leonardo` proxy, and the id it returns starts a generation whose image the page shows.
 */
function InitImageThenGenerate({
  theme,
  ...props
}: Omit<ComponentProps<typeof S3PostUploader>, 'presign'> & { theme: StoryTheme }) {
  const [initImageId, setInitImageId] = useState<string>()
  const onComplete = (results: UploadResultItem[]) => {
    const uploaded = results.find((r) => r.status === 'success' && typeof r.body?.id === 'string')
    if (uploaded) setInitImageId(uploaded.body?.id as string)
  }
  return (
    <>
      <S3PostUploader
        {...props}
        presign={leonardo.initImage({
          endpoint: appEndpoint('leonardo'),
          fitTo: { width: SIZE, height: SIZE, mode: 'contain' },
        })}
        theme={theme}
        onComplete={onComplete}
      />
      <GeneratePanel initImageId={initImageId} />
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
          '`<S3PostUploader presign={leonardo.initImage({ endpoint: appEndpoint("leonardo"), fitTo: { width: 512, ' +
          "height: 512, mode: 'contain' } })} />`: an S3 POST policy per image; the returned `id` is the " +
          '`init_image_id` of a generation.\n' +
          wire,
      },
    },
  },
  args: {
    height: 320,
    note: 'One PNG, JPEG or WebP image; scaled to fit 512×512 before upload',
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

/** A 1024×640 PNG, scaled to 512×320, uploaded; Generate with its id; the generated image is shown. */
export const UploadThenGenerate: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)
    const file = await drawnImage('studio.png', { width: 1024, height: 640, from: '#2a9d8f', to: '#e9c46a' })
    let shownId = ''

    await step('attach a 1024×640 PNG, click Upload, wait until it says Uploaded', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    await step('the image id shown names the object the bucket holds, scaled to fit 512×512', async () => {
      shownId = within(resultRow(resultsPanel(canvasElement), file.name)).getByTestId('image-id').textContent ?? ''
      await expect(shownId).toMatch(/^[0-9a-f-]{36}$/)
      const { s3 } = await mockConfig()
      const stored = (await mockObjects()).filter((o) => o.bucket === s3.buckets.uploads)
      await expect(stored).toHaveLength(1)
      // Leonardo's init-image keys end in the image's id.
      await expect(stored[0]?.key).toMatch(new RegExp(`/initImages/${shownId}\\.png$`))
      await expect(stored[0]?.contentType).toBe('image/png')
      // fitTo scaled it in the browser: fewer bytes went up than were attached.
      await expect(stored[0]?.size).toBeLessThan(file.size)
    })

    const panel = within(canvas.getByRole('region', { name: 'Generate from the init image' }))

    await step('click Generate and wait for Leonardo to say PENDING', async () => {
      await expect(panel.getByRole('status').textContent).toBe(`Init image ${shownId} is ready.`)
      await userEvent.click(panel.getByRole('button', { name: 'Generate' }))
      await expect(await panel.findByText(/: PENDING, asking again/, {}, { timeout: 10_000 })).toBeVisible()
    })

    await step(
      'the generated image is shown (a person just waits; the play moves the mock clock past 1.5 s)',
      async () => {
        await advanceClock(2000)
        const image = (await panel.findByRole(
          'img',
          { name: /^Generated from the init image/ },
          { timeout: 15_000 },
        )) as HTMLImageElement
        await expectImageLoaded(image)
        // The mock's "generation" is the init image itself: as uploaded, i.e. 1024×640 contained in 512×512.
        await expect([image.naturalWidth, image.naturalHeight]).toEqual([512, 320])
        await expect(panel.getByRole('status').textContent).toMatch(/: COMPLETE\.$/)
        await expect(panel.queryByRole('alert')).toBeNull()
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
