import type { Meta, StoryObj } from '@storybook/react-vite'
import { S3PostUploader } from '@uppy-presign/react'
import { createLeonardoDataset, leonardo } from '@uppy-presign/s3-post'
import { type ComponentProps, useEffect, useState } from 'react'
import { expect, within } from 'storybook/test'
import type { StoryTheme } from '../.storybook/preview.tsx'
import {
  attachFiles,
  clickUpload,
  drawnImage,
  expectTheme,
  resultRow,
  resultsPanel,
  storyTheme,
  waitForUploaded,
} from './flow-helpers.ts'
import { appEndpoint, mockConfig, mockObjects, resetMock } from './mock.ts'

const DATASET_NAME = 'storybook-demo-dataset'

const wire = `
**What happens on the wire**

1. On mount the page creates a dataset with the kit's \`createLeonardoDataset\`: \`POST /app/leonardo/datasets\` with
   \`{ name }\` → \`{ insert_datasets_one: { id } }\` (the demo's proxy allows creating datasets; by default it refuses).
2. Upload clicked, per file (Leonardo signs one image per call): \`POST /app/leonardo/datasets/{datasetId}/upload\` with
   \`{ extension }\`. The app's proxy checks the extension and the dataset, adds \`Authorization: Bearer <key>\` and
   forwards; Leonardo answers \`{ uploadDatasetImage: { id, url, key, fields } }\`, \`fields\` a JSON *string* of S3
   POST-policy fields (valid 2 minutes).
3. The browser \`POST\`s a \`multipart/form-data\` form to \`url\`: every field first, the file last; S3 checks the policy
   (\`Content-Type\`, size range, expiry, signature) and answers 204. The panel shows each image's \`id\`, which names
   the object \`…/datasets/{datasetId}/images/{id}.png\`.
`

type Dataset = { state: 'creating' } | { state: 'ready'; id: string } | { state: 'failed'; message: string }

/**
 * The dataset an app would create once with `createLeonardoDataset` (here: on mount, after the story's reset, so the
 * mock knows it), then
 * `<S3PostUploader>` with `leonardo.datasetImage` uploading into it.
 */
function DatasetUpload({
  theme,
  ...props
}: Omit<ComponentProps<typeof S3PostUploader>, 'presign'> & { theme: StoryTheme }) {
  const [dataset, setDataset] = useState<Dataset>({ state: 'creating' })

  useEffect(() => {
    const controller = new AbortController()
    // The kit's call: checked by Leonardo's rules, then `POST …/datasets` through the app's proxy.
    createLeonardoDataset({ endpoint: appEndpoint('leonardo') }, { name: DATASET_NAME }, { signal: controller.signal })
      .then(({ id }) => setDataset({ state: 'ready', id }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) {
          setDataset({ state: 'failed', message: error instanceof Error ? error.message : String(error) })
        }
      })
    return () => controller.abort()
  }, [])

  return (
    <>
      <p role="status" style={{ maxWidth: 750, margin: '0 0 12px' }}>
        {dataset.state === 'creating' && `Creating the dataset “${DATASET_NAME}”…`}
        {dataset.state === 'ready' && (
          <>
            Dataset “{DATASET_NAME}”: <code data-testid="dataset-id">{dataset.id}</code>
          </>
        )}
      </p>
      {dataset.state === 'failed' && <p role="alert">Could not create the dataset: {dataset.message}</p>}
      {dataset.state === 'ready' && (
        <S3PostUploader
          {...props}
          presign={leonardo.datasetImage({ endpoint: appEndpoint('leonardo'), datasetId: dataset.id })}
          theme={theme}
        />
      )}
    </>
  )
}

const meta = {
  title: 'Flows/Leonardo.ai dataset images',
  component: S3PostUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          '`<S3PostUploader presign={leonardo.datasetImage({ endpoint: appEndpoint("leonardo"), datasetId })} />`: ' +
          'training images into a Leonardo dataset, one S3 POST policy per image; the panel shows each image id.\n' +
          wire,
      },
    },
  },
  args: {
    height: 320,
    note: 'PNG, JPEG or WebP training images',
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  beforeEach: async () => {
    await resetMock()
  },
  render: (args, { globals }) => <DatasetUpload {...args} theme={storyTheme(globals)} />,
} satisfies Meta<typeof S3PostUploader>

export default meta

type Story = StoryObj<typeof S3PostUploader>

/** Two PNGs into a fresh dataset; each id shown names the object stored under that dataset. */
export const TwoTrainingImages: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const canvas = within(canvasElement)
    const files = [
      await drawnImage('pose-front.png', { width: 96, height: 128, from: '#6a4c93', to: '#ffca3a' }),
      await drawnImage('pose-side.png', { width: 96, height: 128, from: '#1982c4', to: '#8ac926' }),
    ]
    let datasetId = ''

    await step('the dataset is created before the uploader appears', async () => {
      datasetId = (await canvas.findByTestId('dataset-id', {}, { timeout: 10_000 })).textContent ?? ''
      await expect(datasetId).toMatch(/^[0-9a-f-]{36}$/)
    })

    await step('attach two PNGs, click Upload, wait until both say Uploaded', async () => {
      await attachFiles(canvasElement, files)
      await clickUpload(canvasElement, 2)
      await waitForUploaded(resultsPanel(canvasElement), 2)
    })

    await step('each image id shown names an object stored in that dataset', async () => {
      const { s3 } = await mockConfig()
      const keys = (await mockObjects()).filter((o) => o.bucket === s3.buckets.uploads).map((o) => o.key)
      await expect(keys).toHaveLength(2)
      const ids = []
      for (const file of files) {
        const id = within(resultRow(resultsPanel(canvasElement), file.name)).getByTestId('image-id').textContent ?? ''
        await expect(id).toMatch(/^[0-9a-f-]{36}$/)
        await expect(keys.filter((k) => k.endsWith(`/datasets/${datasetId}/images/${id}.png`))).toHaveLength(1)
        ids.push(id)
      }
      await expect(new Set(ids).size).toBe(2)
    })

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** The dataset upload with the toolbar's theme on dark. */
export const TwoTrainingImagesDark: Story = {
  ...TwoTrainingImages,
  globals: { theme: 'dark' },
}
