import type { Meta, StoryObj } from '@storybook/react-vite'
import { S3PostUploader } from '@uppy-presign/react'
import { typebot } from '@uppy-presign/s3-post'
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
import { appEndpoint, mockConfig, mockObjects, resetMock, startTypebotSession } from './mock.ts'

const SESSION_ID = 'demo-session'

const wire = `
**What happens on the wire**

0. The chat reaches its file-upload block (here: the mock's \`POST /__typebot/sessions\` control starts the session
   there; Typebot signs an upload only for a session waiting at a block that takes files).
1. Upload clicked, per file: the browser \`POST\`s \`/app/typebot/v2/generate-upload-url\` with
   \`{ sessionId: "${SESSION_ID}", fileName, fileType }\` (the name made safe first: it becomes part of the key).
2. The app's proxy checks the session and the name, adds \`Authorization: Bearer <token>\` and forwards; Typebot
   answers \`{ presignedUrl, formData, fileUrl }\`: \`formData\` an object of S3 POST-policy fields (\`key\`
   \`public/tmp/sessions/${SESSION_ID}/<fileName>\`, \`Content-Type\`, a 0 – 10 MiB size range; valid 10 minutes).
3. The browser \`POST\`s a \`multipart/form-data\` form to \`presignedUrl\`: every field first, the file last; S3
   checks the policy and answers 204.
4. The panel shows \`fileUrl\` as a link: objects under \`public/\` are readable without a signature, which is what
   the bot's next block (or a person) opens.
`

/**
 * Typebot's file-upload block: `<S3PostUploader presign={typebot(…)}>` asks the demo app's `/app/typebot` proxy for
 * an upload URL per file, posts the form, and shows the `fileUrl` that then serves the file.
 */
const meta = {
  title: 'Flows/Typebot file upload',
  component: S3PostUploader,
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          `\`<S3PostUploader presign={typebot({ endpoint: appEndpoint("typebot"), sessionId: "${SESSION_ID}" })} />\`: ` +
          "a chat session's attachments, one S3 POST policy per file; the panel links each file's `fileUrl`.\n" +
          wire,
      },
    },
  },
  args: {
    height: 320,
    note: 'Any file up to 10 MB, attached to the chat session',
    dashboardOptions: { proudlyDisplayPoweredByUppy: false },
  },
  beforeEach: async () => {
    await resetMock()
    await startTypebotSession(SESSION_ID)
  },
  render: (args, { globals }) => (
    <S3PostUploader
      {...args}
      presign={typebot({ endpoint: appEndpoint('typebot'), sessionId: SESSION_ID })}
      theme={storyTheme(globals)}
    />
  ),
} satisfies Meta<typeof S3PostUploader>

export default meta

type Story = StoryObj<typeof S3PostUploader>

/** A PNG and a text note; each fileUrl shown is the stored object's public URL and serves the bytes sent. */
export const ChatAttachments: Story = {
  play: async ({ canvasElement, globals, step }) => {
    const files = [
      await drawnImage('receipt.png', { width: 120, height: 160, from: '#f1faee', to: '#457b9d' }),
      new File(['Order 1042: please ship to the new address.\n'], 'note.txt', { type: 'text/plain' }),
    ]

    await step('attach a PNG and a text file, click Upload, wait until both say Uploaded', async () => {
      await attachFiles(canvasElement, files)
      await clickUpload(canvasElement, 2)
      await waitForUploaded(resultsPanel(canvasElement), 2)
    })

    await step(
      "each fileUrl shown is the stored object's URL, and it serves the bytes that were attached",
      async () => {
        const { s3 } = await mockConfig()
        const stored = (await mockObjects()).filter((o) => o.bucket === s3.buckets.uploads)
        await expect(stored).toHaveLength(2)
        for (const file of files) {
          const row = within(resultRow(resultsPanel(canvasElement), file.name))
          const link = row.getByTestId('file-url') as HTMLAnchorElement
          const key = `public/tmp/sessions/${SESSION_ID}/${file.name}`
          const object = stored.find((o) => o.key === key)
          await expect(object?.contentType).toBe(file.type)
          await expect(link.textContent).toBe(`${s3.endpoint}/${s3.buckets.uploads}/${key}`)
          await expect(link).toBeVisible()
          // Public: a plain GET, no signature, as the person clicking the link makes it.
          const response = await fetch(link.href)
          await expect(response.status).toBe(200)
          const served = await sha256Hex(await response.arrayBuffer())
          await expect(served).toBe(await sha256Hex(file))
          await expect(served).toBe(object?.sha256)
        }
      },
    )

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** The attachments with the toolbar's theme on dark. */
export const ChatAttachmentsDark: Story = {
  ...ChatAttachments,
  globals: { theme: 'dark' },
}

/**
 * The chat is still at a text question when the person attaches a file: Typebot refuses to sign (its session is not
 * at a block that takes files), and the kit says so as a `session` error with what to do. Once the chat reaches its
 * file-upload block, the panel's Retry uploads the same file.
 */
export const ChatNotAtFileBlock: Story = {
  beforeEach: async () => {
    await startTypebotSession(SESSION_ID, { id: 'ask-name', type: 'text input' })
  },
  play: async ({ canvasElement, globals, step }) => {
    const file = new File(['My name is Ada.\n'], 'answer.txt', { type: 'text/plain' })
    const panel = () => resultsPanel(canvasElement)

    await step(
      'attach a file while the chat asks a text question: the error says the chat takes no file now',
      async () => {
        await attachFiles(canvasElement, [file])
        await clickUpload(canvasElement, 1)
        const alert = await waitFor(() => within(resultRow(panel(), file.name)).getByRole('alert'), { timeout: 30_000 })
        await expect(alert.textContent).toMatch(
          /^Typebot refused to sign answer\.txt \(400 BAD_REQUEST\): the chat session does not accept a file now \(Current block does not expect file upload\)\. Continue the chat to a block that asks for a file/,
        )
        await expect(await mockObjects()).toEqual([])
      },
    )

    await step('the chat reaches its file-upload block; Retry uploads the same file', async () => {
      await startTypebotSession(SESSION_ID, { id: 'upload', type: 'file input' })
      await userEvent.click(within(resultRow(panel(), file.name)).getByRole('button', { name: 'Retry' }))
      await waitForUploaded(panel(), 1)
      const stored = await mockObjects()
      await expect(stored.map((o) => o.key)).toEqual([`public/tmp/sessions/${SESSION_ID}/${file.name}`])
      await expect(stored[0]?.sha256).toBe(await sha256Hex(file))
    })

    await step('the toolbar theme reached the Dashboard and the results panel', async () => {
      await expectTheme(canvasElement, globals)
    })
  },
}

/** The same, with the toolbar's theme on dark. */
export const ChatNotAtFileBlockDark: Story = {
  ...ChatNotAtFileBlock,
  globals: { theme: 'dark' },
}
