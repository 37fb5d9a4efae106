import * as a11yAnnotations from '@storybook/addon-a11y/preview'
import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { page } from 'vitest/browser'
import preview, { type StoryTheme } from '../.storybook/preview.tsx'
import * as failures from '../stories/Failures.stories.tsx'
import * as leonardoDataset from '../stories/LeonardoDataset.stories.tsx'
import * as leonardoInitImage from '../stories/LeonardoInitImage.stories.tsx'
import * as nft2 from '../stories/Nft2Ipfs.stories.tsx'
import * as startrailCategories from '../stories/StartrailCategories.stories.tsx'
import * as startrail from '../stories/StartrailGcs.stories.tsx'
import * as typebot from '../stories/Typebot.stories.tsx'

/**
 * The visual record of the main stories: each is rendered as Storybook renders it (portable stories, with the
 * preview's theme decorator and the a11y check), its play function run against the mock as in `npm test`, then the
 * finished screen saved in light and in dark to `stories/__screenshots__/<story>-<theme>.png`, which the README
 * links. The files are for people to look at; nothing compares them, so fonts or a browser update cannot fail this.
 */

// The stories find the mock the way `.storybook/vitest.setup.ts` tells them to in the storybook project.
globalThis.__UPPY_PRESIGN_MOCK_URL__ = inject('mockUrl')

setProjectAnnotations([a11yAnnotations, preview])

const flows = {
  nft2: composeStories(nft2),
  startrail: composeStories(startrail),
  startrailCategories: composeStories(startrailCategories),
  leonardoInitImage: composeStories(leonardoInitImage),
  leonardoDataset: composeStories(leonardoDataset),
  typebot: composeStories(typebot),
}
const failure = composeStories(failures)

/**
 * File name (without the theme) → story: the flows' successes, and failures that end on their error (the presign
 * outage story ends in success after its Retry, so its last screen says nothing about the error).
 */
const shots = {
  'nft2-ipfs': flows.nft2.TwoPngs,
  'nft2-ipfs-verified-cid': flows.nft2.VerifiedCid,
  'startrail-write-then-read': flows.startrail.WriteThenReadPng,
  'startrail-categories': flows.startrailCategories.ArtworkAndCertificate,
  'leonardo-init-image': flows.leonardoInitImage.UploadThenGenerate,
  'leonardo-dataset': flows.leonardoDataset.TwoTrainingImages,
  typebot: flows.typebot.ChatAttachments,
  'failure-content-type-mismatch': failure.ContentTypeSignatureMismatch,
  'failure-cors-hides-cid': failure.CorsHidesCid,
  'failure-cors-hides-cid-computed-in-browser': failure.CorsHidesCidComputedInBrowser,
  'failure-wrong-cid-caught': failure.WrongCidCaught,
  'failure-file-too-large': failure.FileTooLarge,
  'failure-bad-file-name-sanitised': failure.BadFileNameSanitised,
  'failure-bad-file-name-refused': failure.BadFileNameRefused,
  'failure-one-bad-name-among-five': failure.OneBadNameAmongFive,
}

const themes: StoryTheme[] = ['light', 'dark']

let canvas: HTMLElement | undefined
/** One story on the page at a time: the next run unmounts the last, and its container goes with it. */
const dropCanvas = () => {
  canvas?.remove()
  canvas = undefined
}

beforeAll(async () => {
  // A desktop window: the Dashboard's wide layout, as most people first see it.
  await page.viewport(1024, 900)
})
afterAll(dropCanvas)

describe('screenshots of the main stories', () => {
  for (const [name, story] of Object.entries(shots)) {
    for (const theme of themes) {
      it(`${name} (${theme})`, async () => {
        dropCanvas()
        canvas = document.createElement('div')
        document.body.append(canvas)
        const reports = story.reporting.reports.length
        await story.run({ canvasElement: canvas, globals: { ...story.globals, theme } })
        // Outside the storybook project axe only reports (addon-a11y throws in Storybook's own Vitest run): this
        // fails on its findings itself, so the dark variants of stories that have none in `npm test` are checked too.
        for (const report of story.reporting.reports.slice(reports)) {
          const violations = (report.result as { violations?: Array<{ id: string; impact?: string }> }).violations
          expect(report.type === 'a11y' && report.status === 'failed' ? violations : []).toEqual([])
        }
        // What was last clicked should not look selected in the record.
        ;(document.activeElement as HTMLElement | null)?.blur()
        // The theme decorator fills the window (min-height 100vh, plus its padding); the record needs only what
        // the story drew, without a band of empty page, or a white one where the frame ends.
        const frame = canvas.firstElementChild as HTMLElement | null
        if (frame) frame.style.minHeight = '0'
        // The record is rewritten on request only (`npm run screenshots`): the pictures hold ports, times and ids
        // that change every run, and `npm test` must not leave the tree dirty. Rendering and axe run every time.
        if (inject('updateScreenshots')) {
          await page.screenshot({ element: canvas, path: `../stories/__screenshots__/${name}-${theme}.png` })
        }
      })
    }
  }
})
