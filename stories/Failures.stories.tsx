import type { Meta, StoryObj } from '@storybook/react-vite'
import { sanitizeFileName } from '@uppy-presign/core'
import { startrail } from '@uppy-presign/gcs'
import { nft2 } from '@uppy-presign/ipfs'
import { GcsUploader, IpfsUploader, S3PostUploader } from '@uppy-presign/react'
import { typebot } from '@uppy-presign/s3-post'
import { type ComponentProps, useState } from 'react'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import type { StoryTheme } from '../.storybook/preview.tsx'
import {
  attachFiles,
  clickUpload,
  drawnImage,
  resultRow,
  resultsPanel,
  sha256Hex,
  storyTheme,
  waitForUploaded,
} from './flow-helpers.ts'
import {
  appEndpoint,
  clearFaults,
  mockConfig,
  mockFaults,
  mockObjects,
  mockStats,
  mockUrl,
  resetMock,
  setFault,
  startTypebotSession,
} from './mock.ts'

/**
 * One story per failure a person using the kit will meet sooner or later. Each arms its fault on the mock through
 * `/__faults` before it renders (after the reset every story starts with), so each run meets the same failure; the
 * play function then does what a person does and checks both what the page says and what the mock saw.
 */

/** Dashboard options every story shares: no "Powered by" link, which a screenshot would only be crowded by. */
const DASHBOARD = { proudlyDisplayPoweredByUppy: false } as const
const HEIGHT = 300

/** `<IpfsUploader>` through the demo app's NFT2 proxy, with the mock's own gateway, so gateway links work here. */
function Nft2Uploader({ theme, ...props }: Partial<ComponentProps<typeof IpfsUploader>> & { theme: StoryTheme }) {
  return (
    <IpfsUploader
      height={HEIGHT}
      note="PNG, JPEG or SVG images"
      dashboardOptions={DASHBOARD}
      presign={nft2({ endpoint: appEndpoint('nft2') })}
      gateway={`${mockUrl()}/ipfs/`}
      theme={theme}
      {...props}
    />
  )
}

/** `<GcsUploader>` through the demo app's Startrail proxy, for an artwork. */
function StartrailUploader({ theme, ...props }: Partial<ComponentProps<typeof GcsUploader>> & { theme: StoryTheme }) {
  return (
    <GcsUploader
      height={HEIGHT}
      note="Images for an artwork record"
      dashboardOptions={DASHBOARD}
      presign={startrail({ endpoint: appEndpoint('startrail'), category: 'artwork' })}
      theme={theme}
      {...props}
    />
  )
}

/**
 * An app's own signer gone wrong: it asks Startrail through the proxy, then replaces each `contentType` Startrail
 * signed with the type the browser reported for the file. The browser's type is recorded as each file is added.
 */
function TypeSwappingUploader({ theme }: { theme: StoryTheme }) {
  const [ownTypes] = useState(() => new Map<string, string>())
  // One object for the component's life: a new one each render would be pushed to Uppy each render.
  const [uppyOptions] = useState<ComponentProps<typeof GcsUploader>['uppyOptions']>(() => ({
    onBeforeFileAdded: (file) => {
      ownTypes.set(file.name ?? '', file.type ?? '')
      return true
    },
  }))
  // The plugin signs a unique name (`scan-<time>-<n>.jpg`): it starts with the attached name's safe stem.
  const ownTypeOf = (signed: string) => {
    for (const [name, type] of ownTypes) {
      const safe = sanitizeFileName(name)
      if (type && signed.startsWith(`${safe.slice(0, safe.lastIndexOf('.'))}-`)) return type
    }
    return undefined
  }
  const vendor = startrail({ endpoint: appEndpoint('startrail'), category: 'artwork' })
  return (
    <StartrailUploader
      theme={theme}
      uppyOptions={uppyOptions}
      presign={async (files) => {
        const { results } = await vendor(files)
        return { results: results.map((r) => ({ ...r, contentType: ownTypeOf(r.filename) ?? r.contentType })) }
      }}
    />
  )
}

/** A PNG of random pixels (it hardly compresses): big enough that a reset half-way through the body is mid-upload. */
async function noisyPng(name: string, side: number): Promise<File> {
  const canvas = document.createElement('canvas')
  canvas.width = side
  canvas.height = side
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas context')
  const pixels = context.createImageData(side, side)
  // A fixed LCG, not Math.random: the same story uploads the same bytes every run.
  let x = 42
  for (let i = 0; i < pixels.data.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    pixels.data[i] = i % 4 === 3 ? 255 : x >>> 24
  }
  context.putImageData(pixels, 0, 0)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
  if (!blob) throw new Error('the canvas gave no PNG')
  return new File([blob], name, { type: 'image/png' })
}

/**
 * Waits until the file's row in the results panel shows its error, and the Dashboard has settled on "Upload failed"
 * (until then it still shows its Cancel button, and the a11y check after the play function would judge a
 * half-finished screen). Returns the row's alert: the error as the person reads it.
 */
async function waitForFailed(canvasElement: HTMLElement, fileName: string): Promise<HTMLElement> {
  const alert = await waitFor(
    () => {
      const row = resultRow(resultsPanel(canvasElement), fileName)
      expect(row.getAttribute('data-status')).toBe('error')
      return within(row).getByRole('alert')
    },
    { timeout: 30_000 },
  )
  const dashboard = canvasElement.querySelector<HTMLElement>('.uppy-Dashboard')
  if (!dashboard) throw new Error('no .uppy-Dashboard on the page')
  await waitFor(() => expect(within(dashboard).getByText('Upload failed')).toBeVisible(), { timeout: 10_000 })
  return alert
}

/** The panel's Retry button of one file (the Dashboard has a Retry of its own, for everything). */
const retryButton = (canvasElement: HTMLElement, fileName: string) =>
  within(resultRow(resultsPanel(canvasElement), fileName)).getByRole('button', { name: 'Retry' })

/** The CID a file's row shows, once it has one. */
const shownCid = (canvasElement: HTMLElement, fileName: string) =>
  within(resultRow(resultsPanel(canvasElement), fileName)).getByTestId('cid').textContent

const ipfsObjects = async () => {
  const { s3 } = await mockConfig()
  return (await mockObjects()).filter((o) => o.bucket === s3.buckets.ipfs)
}

const CID_V0 = /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/

const meta = {
  title: 'Failures',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'What goes wrong in real uploads, and what a person sees when it does. Each story arms a fault on the mock ' +
          'through `/__faults` (after resetting it), so it fails the same way on every run; its play function ' +
          'attaches files, clicks Upload and checks the results panel against what the mock saw (`/__stats`, ' +
          '`/__objects`). Most failures are handled without the person noticing (an expired URL, a 429, a dropped ' +
          'connection); the rest end in an error in words, with a Retry button.',
      },
    },
  },
  // Every run starts from an empty mock; each story's own beforeEach then arms its fault.
  beforeEach: async () => {
    await resetMock()
  },
} satisfies Meta

export default meta

type Story = StoryObj<typeof meta>

export const ExpiredUrlRefreshed: Story = {
  name: 'Expired URL refreshed',
  parameters: {
    docs: {
      description: {
        story:
          "The storage refuses the first PUT with S3's `403 AccessDenied: Request has expired`, as it does when a " +
          'file waited in a queue, or the device clock is off, until its presigned URL lapsed. A signature cannot be ' +
          'renewed by the browser, so the kit asks NFT2 for a fresh URL for that file (a second presign call) and ' +
          'sends it again; the person only sees the file upload. If the fresh URL were refused too, the error would ' +
          'say the URL expired and suggest checking the clock, rather than loop.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 's3-put', kind: 'expire', count: 1 })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('late.png', { from: '#6a4c93', to: '#ffca3a' })

    await step('attach a PNG, click Upload: it says Uploaded, with no error on the way', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    await step('behind it: two presign calls, the first PUT refused as expired, the second stored', async () => {
      const stats = await mockStats()
      await expect(stats.presign.nft2).toBe(2)
      await expect(stats.storage['s3-put']).toEqual({ total: 2, 403: 1, 200: 1 })
      const stored = await ipfsObjects()
      await expect(stored).toHaveLength(1)
      await expect(stored[0]?.sha256).toBe(await sha256Hex(file))
      await expect(shownCid(canvasElement, file.name)).toBe(stored[0]?.cid)
    })
  },
}

export const RateLimitWaitedOut: Story = {
  name: '429 waited out',
  parameters: {
    docs: {
      description: {
        story:
          'The storage answers the first PUT with `429 Too Many Requests` and `Retry-After: 1`. The kit waits the ' +
          'second the storage asked for (not just its own short backoff), then sends the same signed URL again, and ' +
          'the file is stored. A 429 or 5xx is retried up to `retries` times (4 by default) before it becomes an ' +
          'error on screen; the person only sees the upload take a moment longer.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 's3-put', kind: 'status', status: 429, retryAfterSeconds: 1, count: 1 })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('busy.png', { from: '#ff595e', to: '#8ac926' })
    await attachFiles(canvasElement, [file])

    await step('click Upload: it says Uploaded, at least the second Retry-After asked for later', async () => {
      const started = performance.now()
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
      await expect(performance.now() - started).toBeGreaterThanOrEqual(1000)
    })

    await step('behind it: one 429, then the same URL stored the file (one presign call)', async () => {
      const stats = await mockStats()
      await expect(stats.storage['s3-put']).toEqual({ total: 2, 429: 1, 200: 1 })
      await expect(stats.presign.nft2).toBe(1)
      const stored = await ipfsObjects()
      await expect(stored).toHaveLength(1)
      await expect(shownCid(canvasElement, file.name)).toBe(stored[0]?.cid)
    })
  },
}

export const PresignApiDown: Story = {
  name: 'Presign API down, then Retry',
  parameters: {
    docs: {
      description: {
        story:
          'NFT2 answers every presign call with `503 Service Unavailable`. The kit retries the call (here twice, ' +
          'with a short backoff, so the story is quick; 4 times by default), then gives up with an error that says ' +
          "who failed and how — NFT2, 503 — and that the failure is on the vendor's side. Nothing was sent to " +
          'storage. When the API is back, the Retry button in the results panel signs and uploads the file.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 'nft2', kind: 'status', status: 503 })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} retries={2} retryBaseMs={200} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('offline.png', { from: '#1982c4', to: '#ff924c' })

    await step('attach a PNG, click Upload: the error names NFT2 and the 503', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      await expect(alert.textContent).toBe(
        "NFT2 failed to sign offline.png (503): Service Unavailable. The failure is on the vendor's side; try again later.",
      )
      await expect(retryButton(canvasElement, file.name)).toBeVisible()
    })

    await step('behind it: 1 + 2 retried presign calls, nothing sent to storage', async () => {
      const stats = await mockStats()
      await expect(stats.presign.nft2).toBe(3)
      await expect(stats.storage['s3-put']).toBeUndefined()
      await expect(await mockObjects()).toEqual([])
    })

    await step('the API comes back; click Retry: the file is signed and stored', async () => {
      await clearFaults()
      await userEvent.click(retryButton(canvasElement, file.name))
      await waitForUploaded(resultsPanel(canvasElement), 1)
      await expect(within(resultsPanel(canvasElement)).queryByRole('alert')).toBeNull()
      await expect((await mockStats()).presign.nft2).toBe(4)
      const stored = await ipfsObjects()
      await expect(stored).toHaveLength(1)
      await expect(shownCid(canvasElement, file.name)).toBe(stored[0]?.cid)
    })
  },
}

export const MalformedPresignResponse: Story = {
  name: 'Malformed presign response',
  parameters: {
    docs: {
      description: {
        story:
          "Startrail's answer lacks the `contentType` of the file's result. A GCS V4 URL signs the Content-Type, so " +
          'without it no PUT could carry the signed value: rather than guess one (and fail at the storage with a ' +
          'signature mismatch), the kit stops with an error naming the missing field and telling the developer to ' +
          'check the signing endpoint. It is not retried — a malformed answer does not heal — and nothing is sent to ' +
          'storage.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 'startrail', kind: 'malformed', count: 1 })
  },
  render: (_args, { globals }) => <StartrailUploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('portrait.png', { from: '#003049', to: '#fcbf49' })

    await step('attach a PNG, click Upload: the error says the contentType is missing', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      await expect(alert.textContent).toMatch(
        /^portrait\.png: the signed-URL response could not be used: the result for portrait-[0-9a-z-]+\.png lacks its contentType, which the signature covers\. Check what the signing endpoint returns\.$/,
      )
    })

    await step('behind it: one presign call, not retried; no PUT, nothing stored', async () => {
      const stats = await mockStats()
      await expect(stats.presign.startrail).toBe(1)
      await expect(stats.storage['gcs-put']).toBeUndefined()
      await expect(await mockObjects()).toEqual([])
    })
  },
}

export const CorsHidesCid: Story = {
  name: 'CORS hides x-amz-meta-cid',
  parameters: {
    docs: {
      description: {
        story:
          'The IPFS bucket stores the file and answers 200 with its CID in `x-amz-meta-cid`, but its CORS rule does ' +
          'not list that header in `ExposeHeaders`, so the browser hides it from the page. The upload worked; the ' +
          'CID is unreadable here. The kit says exactly that: the error names `x-amz-meta-cid`, the ExposeHeaders ' +
          'entry to add (S3 and GCS syntax) and warns that the file itself may already be stored — which it is ' +
          '(see `/__objects`). It is not retried: the same answer would come back until the bucket is fixed.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 's3-put', kind: 'hide-header', count: 1 })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('hidden.png', { from: '#2b2d42', to: '#ef233c' })

    await step('attach a PNG, click Upload: the error names x-amz-meta-cid and ExposeHeaders', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      const text = alert.textContent ?? ''
      await expect(text).toContain(
        'hidden.png: the storage answered but the browser may not read x-amz-meta-cid: add it to the bucket\'s CORS ExposeHeaders (S3: <ExposeHeader>x-amz-meta-cid</ExposeHeader>; GCS: "responseHeader": ["x-amz-meta-cid"])',
      )
      await expect(text).toContain('The file itself may already be stored.')
    })

    await step(
      'behind it: one PUT answered 200 — the object is stored, with a CID the page could not read',
      async () => {
        await expect((await mockStats()).storage['s3-put']).toEqual({ total: 1, 200: 1 })
        const stored = await ipfsObjects()
        await expect(stored).toHaveLength(1)
        await expect(stored[0]?.sha256).toBe(await sha256Hex(file))
        await expect(stored[0]?.cid).toMatch(CID_V0)
        await expect(within(resultRow(resultsPanel(canvasElement), file.name)).queryByTestId('cid')).toBeNull()
      },
    )
  },
}

export const CorsHidesCidComputedInBrowser: Story = {
  name: 'CORS hides x-amz-meta-cid, CID computed in the browser (verifyCid)',
  parameters: {
    docs: {
      description: {
        story:
          "The same bucket CORS rule as above, with `verifyCid` on: the browser has computed the file's CID itself " +
          'while it uploaded, so the person still gets a usable CID — the one the bucket stored, as `/__objects` ' +
          "shows. The panel marks it *Not verified* and says why: the gateway's own CID could not be read, and " +
          'which ExposeHeaders entry lets it be checked.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 's3-put', kind: 'hide-header', count: 1 })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} verifyCid />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('unconfirmed.png', { from: '#8338ec', to: '#ff006e' })

    await step('attach a PNG, click Upload: it says Uploaded, with a CID', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    await step(
      'the CID shown is the one the bucket stored, marked Not verified with the CORS rule to add',
      async () => {
        const row = within(resultRow(resultsPanel(canvasElement), file.name))
        const [stored] = await ipfsObjects()
        await expect(stored?.cid).toMatch(CID_V0)
        await expect(row.getByTestId('cid').textContent).toBe(stored?.cid)
        const check = row.getByTestId('cid-check')
        await expect(check.dataset.verified).toBe('false')
        await expect(check.textContent).toBe('Not verified')
        await expect(check.parentElement?.textContent).toContain(
          "The gateway's CID could not be read (CORS hides x-amz-meta-cid), so this CID was computed in the browser from the file and is not confirmed by the gateway. Add it to the bucket's CORS ExposeHeaders",
        )
      },
    )
  },
}

export const ContentTypeSignatureMismatch: Story = {
  name: 'Content-Type signature mismatch',
  parameters: {
    docs: {
      description: {
        story:
          'GCS V4 signed URLs sign the `Content-Type` header: Startrail picks it from the file name (`scan.jpg` → ' +
          '`image/jpeg`) and returns it as `contentType`, and the PUT must carry exactly that value. Here the file is ' +
          "really a PNG named `.jpg`, and the app's own signer (this story's `presign`, wrapping the Startrail " +
          "adapter) swaps Startrail's `contentType` for the browser's `image/png`. GCS recomputes the signature " +
          'over the Content-Type it received, finds it differs, and answers `403 SignatureDoesNotMatch`. The error ' +
          'names `content-type` and the value received, and says to send exactly the Content-Type the presign ' +
          'response gave, because GCS signs it. It is not retried (the same request cannot succeed); the kit ' +
          "itself always sends the signer's `contentType`, so this only happens when something in between changes it.",
      },
    },
  },
  render: (_args, { globals }) => <TypeSwappingUploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    // A PNG saved as .jpg: the browser says image/png, the name says image/jpeg.
    const file = await drawnImage('scan.jpg', { from: '#e9ecef', to: '#495057' })

    await step('attach the file, click Upload: the error names content-type', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      await expect(alert.textContent).toBe(
        'scan.jpg: the storage refused the signature, which covers content-type and host; it received content-type "image/png", so the URL was signed for other values or with other credentials. Send exactly the Content-Type the presign response gave (GCS signs it). If that is what was sent, the signer\'s credentials are wrong.',
      )
    })

    await step('behind it: one PUT refused with 403, not retried; nothing stored', async () => {
      const stats = await mockStats()
      await expect(stats.storage['gcs-put']).toEqual({ total: 1, 403: 1 })
      await expect(stats.presign.startrail).toBe(1)
      await expect(await mockObjects()).toEqual([])
    })
  },
}

/** Typebot's file-block limit, as its upload policy's `content-length-range` states it. */
const TYPEBOT_LIMIT = 10 * 1024 * 1024

export const FileTooLarge: Story = {
  name: 'File too large',
  parameters: {
    docs: {
      description: {
        story:
          "Typebot's upload policy allows at most 10 MiB (`content-length-range` 0 – 10485760) and the file is one " +
          'byte more. The kit reads the limit from the policy and refuses the file before sending a byte: S3 would ' +
          'reject it only after the upload (or reset the connection, which a browser cannot tell from a CORS ' +
          'failure). The error names the file size and the limit, both in bytes and MiB, and asks for a smaller file. ' +
          'Nothing is stored.',
      },
    },
  },
  // The chat waits at its file-upload block: Typebot signs nothing for a session elsewhere.
  beforeEach: async () => {
    await startTypebotSession('demo-session')
  },
  render: (_args, { globals }) => (
    <S3PostUploader
      height={HEIGHT}
      note="Any file up to 10 MB, attached to the chat session"
      dashboardOptions={DASHBOARD}
      presign={typebot({ endpoint: appEndpoint('typebot'), sessionId: 'demo-session' })}
      theme={storyTheme(globals)}
    />
  ),
  play: async ({ canvasElement, step }) => {
    const file = new File([new Uint8Array(TYPEBOT_LIMIT + 1)], 'scan.pdf', { type: 'application/pdf' })

    await step('attach a 10 MiB + 1 byte PDF, click Upload: the error names the limit', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      await expect(alert.textContent).toBe(
        'scan.pdf: the file is 10485761 bytes (10 MiB), and the upload policy allows at most 10485760 bytes (10 MiB). Choose a smaller file.',
      )
    })

    await step('behind it: the policy was asked for, the file never sent; nothing stored', async () => {
      const stats = await mockStats()
      await expect(stats.presign.typebot).toBe(1)
      await expect(stats.storage['s3-post']).toBeUndefined()
      await expect(await mockObjects()).toEqual([])
    })
  },
}

export const BadFileNameSanitised: Story = {
  name: 'Bad file name sanitised',
  parameters: {
    docs: {
      description: {
        story:
          'Startrail refuses names with spaces, and a name once stored can never be signed again. With ' +
          '`uniqueNames` (the default) the kit turns `my photo (1).png` into a safe, unique name — spaces and ' +
          'brackets become `-`, a time and counter go before the extension — and signs that. The results panel ' +
          'shows the file under the name the person gave it, and the name it was stored under.',
      },
    },
  },
  render: (_args, { globals }) => <StartrailUploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('my photo (1).png', { from: '#f72585', to: '#4cc9f0' })

    await step('attach "my photo (1).png", click Upload: it says Uploaded', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    await step('the panel shows the safe unique name it was stored under, which is the object GCS holds', async () => {
      const row = within(resultRow(resultsPanel(canvasElement), file.name))
      const storedAs = row.getByTestId('stored-as').textContent ?? ''
      await expect(storedAs).toMatch(/^my-photo-1-[0-9a-z]+-[0-9a-z]+\.png$/)
      const stored = await mockObjects()
      await expect(stored).toHaveLength(1)
      await expect(stored[0]?.key.endsWith(`/${storedAs}`)).toBe(true)
      await expect(row.getByTestId('final-url').textContent).toBe(
        `${mockUrl()}/startrail/static-files/${stored[0]?.key}`,
      )
    })
  },
}

export const BadFileNameRefused: Story = {
  name: 'Bad file name refused (uniqueNames off)',
  parameters: {
    docs: {
      description: {
        story:
          'The same file with `uniqueNames: false`: the kit sends names as they are, so it checks them against ' +
          "Startrail's rules first. `my photo (1).png` contains spaces; the error names the rule, suggests a name " +
          'without them, and says how to let the uploader rename files. No signing call is made for a name that ' +
          'would be refused, and nothing is stored.',
      },
    },
  },
  render: (_args, { globals }) => <StartrailUploader theme={storyTheme(globals)} uniqueNames={false} />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('my photo (1).png', { from: '#f72585', to: '#4cc9f0' })

    await step('attach "my photo (1).png", click Upload: the error names the no-spaces rule', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      await expect(alert.textContent).toBe(
        'my photo (1).png: "my photo (1).png" contains spaces, and file names here may not (rule noSpaces): rename it without spaces, e.g. "my-photo-(1).png". Rename the file, or turn on uniqueNames to let the uploader make a safe unique name.',
      )
    })

    await step('behind it: no signing call, nothing stored', async () => {
      await expect((await mockStats()).presign.startrail).toBe(0)
      await expect(await mockObjects()).toEqual([])
    })
  },
}

export const OneBadNameAmongFive: Story = {
  name: 'One bad name among five',
  parameters: {
    docs: {
      description: {
        story:
          'Five images for NFT2, one of them named `scans/receipt.png` (a name edited in the Dashboard can hold a ' +
          '`/`). NFT2 stores each file under its name, and the proxy refuses a name that is a path, so the kit ' +
          'refuses that one file before any call, with a name to rename it to; the other four are signed in one ' +
          'call and uploaded. The refused file stays in its error state, to be renamed and sent again.',
      },
    },
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const names = ['harbour.png', 'lighthouse.png', 'scans/receipt.png', 'dunes.png', 'pier.png']
    const files = await Promise.all(
      names.map((name, i) => drawnImage(name, { from: `hsl(${i * 70}, 80%, 50%)`, to: '#14213d' })),
    )

    await step('attach five PNGs, one named as a path, and click Upload: that one fails, in words', async () => {
      await attachFiles(canvasElement, files)
      await clickUpload(canvasElement, files.length)
      const alert = await waitForFailed(canvasElement, 'scans/receipt.png')
      await expect(alert.textContent).toBe(
        'scans/receipt.png: a file name here cannot contain "/", "\\" or control characters (NFT2 stores the file under its name); rename it, e.g. scans-receipt.png.',
      )
    })

    await step('the other four say Uploaded, each with its CID', async () => {
      const panel = resultsPanel(canvasElement)
      // The refused file fails at once; the four finish a moment later.
      await waitFor(() => expect(panel.querySelectorAll('li[data-status="success"]')).toHaveLength(4), {
        timeout: 30_000,
      })
      for (const name of names.filter((n) => n !== 'scans/receipt.png')) {
        await expect(resultRow(panel, name).getAttribute('data-status')).toBe('success')
        await expect(shownCid(canvasElement, name)).toMatch(CID_V0)
      }
    })

    await step('behind it: one presign call for the four, four objects stored', async () => {
      await expect((await mockStats()).presign.nft2).toBe(1)
      await expect(await ipfsObjects()).toHaveLength(4)
    })
  },
}

const MANY = 120

export const ManyFilesThreePresignCalls: Story = {
  name: '120 files, 3 presign calls',
  parameters: {
    docs: {
      description: {
        story:
          'NFT2 signs at most 50 files per call. The kit splits 120 files into batches of 50, 50 and 20 — three ' +
          'presign calls instead of 120 — and uploads each file with its own URL, a few at a time. The results ' +
          'panel lists all 120 with their CIDs.',
      },
    },
  },
  render: (_args, { globals }) => (
    <Nft2Uploader
      theme={storyTheme(globals)}
      // Once uploaded, a Dashboard item has no button left, so a list long enough to scroll would have nothing a
      // keyboard can reach (axe: scrollable-region-focusable, serious). A link to each file's result is something.
      dashboardOptions={{ ...DASHBOARD, showLinkToFileUploadResult: true }}
    />
  ),
  play: async ({ canvasElement, step }) => {
    // Tiny, and each its own colour: 120 different files, so 120 different CIDs.
    const files = await Promise.all(
      Array.from({ length: MANY }, (_, i) =>
        drawnImage(`tile-${String(i + 1).padStart(3, '0')}.png`, {
          width: 8,
          height: 8,
          from: `hsl(${i * 3}, 80%, 50%)`,
          to: `hsl(${i * 3 + 60}, 80%, 30%)`,
        }),
      ),
    )

    await step('attach 120 PNGs: the Dashboard says 120 files selected', async () => {
      const input = canvasElement.querySelector<HTMLInputElement>(
        'input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])',
      )
      if (!input) throw new Error('the Dashboard rendered no file input')
      await userEvent.upload(input, files)
      // The Dashboard lists only the rows in view, so its header is where the count shows.
      await waitFor(() => expect(within(canvasElement).getByText(`${MANY} files selected`)).toBeVisible())
    })

    await step('click Upload: all 120 say Uploaded', async () => {
      await clickUpload(canvasElement, MANY)
      const panel = resultsPanel(canvasElement)
      // Longer than the shared helper waits: each file's progress redraws the Dashboard and the results panel, so
      // 120 files take seconds on screen (30 on a busy machine) where their PUTs alone take one.
      await waitFor(() => expect(panel.querySelectorAll('li[data-status="success"]')).toHaveLength(MANY), {
        timeout: 50_000,
      })
      await waitForUploaded(panel, MANY)
    })

    await step('behind it: exactly 3 presign calls, 120 PUTs; the 120 CIDs shown are the 120 stored', async () => {
      const stats = await mockStats()
      await expect(stats.presign.nft2).toBe(3)
      await expect(stats.storage['s3-put']).toEqual({ total: MANY, 200: MANY })
      const shown = within(resultsPanel(canvasElement))
        .getAllByTestId('cid')
        .map((cid) => cid.textContent)
      await expect(shown).toHaveLength(MANY)
      const stored = (await ipfsObjects()).map((o) => o.cid)
      await expect(new Set(stored).size).toBe(MANY)
      await expect([...shown].sort()).toEqual([...stored].sort())
    })
  },
}

export const ConnectionResetRetried: Story = {
  name: 'Connection reset mid-upload, retried',
  parameters: {
    docs: {
      description: {
        story:
          'The storage drops the connection about half-way through the body, twice (Chromium quietly resends a ' +
          'request once after a reset on a reused connection, so one reset might never reach the page). The page ' +
          'sees a network error; the kit retries the PUT with backoff, and the third attempt stores the file — ' +
          'once, whole: a body that broke off leaves nothing behind in storage. The person sees the progress start ' +
          'over, then Uploaded.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 's3-put', kind: 'reset', count: 2 })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} />,
  play: async ({ canvasElement, step }) => {
    const file = await noisyPng('shaky.png', 400)

    await step('attach a large PNG, click Upload: it says Uploaded', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      await waitForUploaded(resultsPanel(canvasElement), 1)
    })

    await step('behind it: both resets fired, three PUTs, one stored — intact', async () => {
      await expect(await mockFaults()).toEqual([])
      // A broken PUT is counted when the mock finishes with it, on its own schedule.
      await waitFor(async () => expect((await mockStats()).storage['s3-put']?.total).toBe(3), { timeout: 5000 })
      await expect((await mockStats()).storage['s3-put']?.[200]).toBe(1)
      const stored = await ipfsObjects()
      await expect(stored).toHaveLength(1)
      await expect(stored[0]?.size).toBe(file.size)
      await expect(stored[0]?.sha256).toBe(await sha256Hex(file))
      await expect(shownCid(canvasElement, file.name)).toBe(stored[0]?.cid)
    })
  },
}

export const WrongCidCaught: Story = {
  name: 'Wrong CID caught (verifyCid)',
  parameters: {
    docs: {
      description: {
        story:
          "The IPFS bucket answers with the CID of other bytes in `x-amz-meta-cid` (the mock's `wrong-cid` fault): " +
          'the CID that would go on chain would not be this file. With `verifyCid`, a Web Worker computes the ' +
          "file's own CID while it uploads, with the gateway's profile (Filebase's: kubo's CIDv0), and compares. " +
          'They differ, so the file is not reported as uploaded: the error names both CIDs, and Retry uploads it ' +
          'again. Every PUT here gets a wrong CID, so the error stays on screen.',
      },
    },
  },
  beforeEach: async () => {
    await setFault({ target: 's3-put', kind: 'wrong-cid' })
  },
  render: (_args, { globals }) => <Nft2Uploader theme={storyTheme(globals)} verifyCid />,
  play: async ({ canvasElement, step }) => {
    const file = await drawnImage('minted.png', { from: '#ffbe0b', to: '#3a86ff' })

    await step('attach a PNG, click Upload: the error names the gateway’s CID and the file’s own', async () => {
      await attachFiles(canvasElement, [file])
      await clickUpload(canvasElement, 1)
      const alert = await waitForFailed(canvasElement, file.name)
      const [stored] = await ipfsObjects()
      // The stored object keeps its true CID (`/__objects`): the one the browser computed from the file.
      await expect(stored?.cid).toMatch(CID_V0)
      const text = alert.textContent ?? ''
      const gatewayCid = /answered CID (Qm\w+)/.exec(text)?.[1]
      await expect(gatewayCid).toMatch(CID_V0)
      await expect(gatewayCid).not.toBe(stored?.cid)
      await expect(text).toContain(
        `minted.png: the gateway answered CID ${gatewayCid}, but the bytes of the file chosen give ${stored?.cid} (CID profile kubo-cidv0).`,
      )
      await expect(retryButton(canvasElement, file.name)).toBeVisible()
    })

    await step('behind it: one PUT, stored; no CID shown as the file’s', async () => {
      await expect((await mockStats()).storage['s3-put']).toEqual({ total: 1, 200: 1 })
      await expect(within(resultRow(resultsPanel(canvasElement), file.name)).queryByTestId('cid')).toBeNull()
    })
  },
}
