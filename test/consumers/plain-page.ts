// The framework-free page of test/consumers/apps/plain/ (three Dashboards: Startrail's GCS PUT, Leonardo's S3 POST,
// NFT2's IPFS PUT with `verifyCid`), installed from the packed tarballs and bundled by esbuild as a user would, and
// what its consumer tests do with it in Chromium: attach a file to each Dashboard, upload, and read the results.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import type { MockConfig, MockObject } from '../../mock-server/src/controls/answers.ts'
import { ipfsCid } from '../cid-oracles.ts'
import { bytesOf } from '../generated-bytes.ts'
import { type FreshApp, freshApp } from './fresh-app.ts'

const APPS = join(import.meta.dirname, 'apps')

/** Every file under one fixture folder, path relative to it → content. */
export function fixtureFiles(folder: string): Record<string, string> {
  const root = join(APPS, folder)
  const files: Record<string, string> = {}
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files[relative(root, path)] = readFileSync(path, 'utf8')
  }
  return files
}

/** The versions the repository itself is tested with. */
const BROWSER_DEPS = ['@uppy/core@6.3.1', '@uppy/dashboard@6.0.3']
const ESBUILD = 'esbuild@0.28.2'

/**
 * A fresh app with the plain page and `extra` files, our browser packages (and `packages`) from their tarballs, the
 * page bundled by `npm run build` (esbuild). Timings in `app.timings`.
 */
export async function plainPageApp(
  name: string,
  {
    extra = {},
    packages = [],
    registry = [],
  }: { extra?: Record<string, string>; packages?: string[]; registry?: string[] },
): Promise<FreshApp> {
  const tarballs = inject('tarballs')
  const ours = [
    '@uppy-presign/vendors',
    '@uppy-presign/core',
    '@uppy-presign/gcs',
    '@uppy-presign/s3-post',
    '@uppy-presign/ipfs',
  ]
  const app = await freshApp(name, {
    files: { ...fixtureFiles('plain'), ...extra },
    install: [...[...ours, ...packages].map((pkg) => tarballs[pkg] as string), ...BROWSER_DEPS, ...registry],
    installDev: [ESBUILD],
  })
  try {
    const { output } = await app.run('esbuild', 'npm', ['run', 'build'])
    // Anything esbuild had to say about our packages (a warning would be a user's warning too).
    expect(output).not.toMatch(/WARNING|ERROR/)
  } catch (error) {
    app.remove()
    throw error
  }
  return app
}

/** A PNG signature then pseudo-random bytes: enough for Leonardo's format check and NFT2's types. */
export function pngBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.from(bytesOf(size, seed))
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return bytes
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

interface Seen {
  successes: Array<{ name: string; body: Record<string, unknown>; uploadURL?: string }>
  errors: string[]
}

const UPLOADERS = ['gcs', 's3post', 'ipfs'] as const
type Uploader = (typeof UPLOADERS)[number]

/** What the page's Dashboards reported, once every one has a result for its one file. */
export type PageResults = Record<Uploader, Seen>

/** Attaches one PNG to each Dashboard through its own file input and presses its Upload button, as a person would. */
export async function uploadThroughDashboards(page: Page, files: Record<Uploader, Buffer>): Promise<PageResults> {
  for (const id of UPLOADERS) {
    const dashboard = page.locator(`#${id}`)
    // The Dashboard renders a files input and a folders one (webkitdirectory): the browse button uses the first.
    await dashboard
      .locator('input.uppy-Dashboard-input[name="files[]"]:not([webkitdirectory])')
      .setInputFiles({ name: `${id}-photo.png`, mimeType: 'image/png', buffer: files[id] })
    await dashboard.getByRole('button', { name: 'Upload 1 file' }).click()
  }
  await page.waitForFunction(
    (ids) => {
      const uploads = (globalThis as unknown as { uploads: Record<string, Seen> }).uploads
      return ids.every((id) => uploads[id] && uploads[id].successes.length + uploads[id].errors.length > 0)
    },
    UPLOADERS,
    { timeout: 60_000 },
  )
  return page.evaluate(() => (globalThis as unknown as { uploads: PageResults }).uploads)
}

/**
 * Each result as its plugin's README promises it, and the mock's storage holding exactly those objects with the
 * bytes that were attached; the IPFS CID verified in the browser's worker and equal to `ipfs_cid`'s.
 */
export async function expectStored(mockUrl: string, results: PageResults, files: Record<Uploader, Buffer>) {
  for (const id of UPLOADERS) {
    expect(results[id].errors, id).toEqual([])
    expect(results[id].successes, id).toHaveLength(1)
  }
  const config = (await (await fetch(`${mockUrl}/__config`)).json()) as MockConfig
  const stored = (await (await fetch(`${mockUrl}/__objects`)).json()) as MockObject[]
  expect(stored).toHaveLength(3)
  const bodyOf = (id: Uploader) => results[id].successes[0]?.body ?? {}
  const [gcs, s3post, ipfs] = [bodyOf('gcs'), bodyOf('s3post'), bodyOf('ipfs')]

  const artwork = stored.find((o) => o.bucket === config.gcs.bucket)
  expect(artwork?.sha256).toBe(sha256(files.gcs))
  expect(artwork?.contentType).toBe('image/png')
  expect(artwork?.key.endsWith(`/${gcs.fileName}`)).toBe(true)
  expect(gcs.finalUrl).toBe(`${mockUrl}/startrail/static-files/${artwork?.key}`)
  // What Startrail will be given serves the bytes that were attached.
  expect(sha256(Buffer.from(await (await fetch(gcs.finalUrl as string)).arrayBuffer()))).toBe(sha256(files.gcs))

  const initImage = stored.find((o) => o.bucket === config.s3.buckets.uploads)
  expect(initImage?.sha256).toBe(sha256(files.s3post))
  expect(s3post).toMatchObject({ id: expect.any(String), key: initImage?.key })

  const onIpfs = stored.find((o) => o.bucket === config.s3.buckets.ipfs)
  expect(onIpfs?.sha256).toBe(sha256(files.ipfs))
  const { CIDv0 } = await ipfsCid(files.ipfs)
  expect(ipfs).toMatchObject({ cid: CIDv0, cidVerified: true })
  expect(onIpfs?.cid).toBe(CIDv0)
}

/** Three different PNGs, one per Dashboard. */
export const pagePngs = (): Record<Uploader, Buffer> => ({
  gcs: pngBytes(150_000, 21),
  s3post: pngBytes(120_000, 22),
  // Over one 256 KiB chunk, so the CID is a tree the worker builds, not a single block.
  ipfs: pngBytes(700_000, 23),
})
