// Every ```ts and ```tsx block of every README compiles, under strict settings, against what a user installs: the
// packed tarballs, in a fresh app, beside the registry packages the blocks import. A README example that no longer
// compiles is a broken promise to the first person who pastes it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { type FreshApp, freshApp } from './consumers/fresh-app.ts'
import { codeBlocks, readmePaths } from './readme/blocks.ts'
import { runTsc, STRICT_OPTIONS, type TscRun, writeBlocks } from './readme/compile.ts'

const root = join(import.meta.dirname, '..')
const blocks = readmePaths(root).flatMap((readme) => codeBlocks(root, readme))

/**
 * Blocks fenced ```ts fragment / ```tsx fragment: excerpts that lean on code elsewhere in the README, not programs.
 * Each is listed here with why, so none escapes the check unnoticed: README → a phrase of the block.
 */
const FRAGMENTS: Array<{ readme: string; phrase: string; why: string }> = [
  {
    readme: 'packages/react/README.md',
    phrase: '<Uploader plugin={PresignedPut}',
    why: "shows <Uploader> with the PresignedPut class of core's README (a class of the reader's own)",
  },
]

/**
 * The mock server is not published (it is this repository's dev tool), so its README's blocks import
 * `@uppy-presign/mock-server` from the workspace: they compile with the repository's tsc against its sources.
 */
const fromRepository = (readme: string) => readme === 'mock-server/README.md'

const repoVersion = (name: string) =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

/** What the blocks import beside our packages, at the majors the packages' peers and READMEs name. */
const REGISTRY = [
  '@uppy/core@6',
  '@uppy/dashboard@6',
  '@uppy/react@6',
  '@uppy/aws-s3@6',
  'react@19',
  'react-dom@19',
  'hono@4',
  '@hono/node-server@2',
  'redis@6',
]
// The repository's own TypeScript (7), so the blocks meet the compiler the packages are built and checked with.
const REGISTRY_DEV = [
  `typescript@${repoVersion('typescript')}`,
  '@types/react@19',
  '@types/react-dom@19',
  '@types/node@22',
]

const APP_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    ...STRICT_OPTIONS,
  },
  include: ['*.ts', '*.tsx'],
}

let app: FreshApp | undefined
let published: TscRun
let repository: TscRun
let repositoryDir: string

beforeAll(async () => {
  const tarballs = inject('tarballs')
  app = await freshApp('readme-code', {
    files: {
      'package.json': JSON.stringify({ name: 'readme-code', private: true, type: 'module' }),
      // What an app's bundler declares for the stylesheets it imports (Vite's vite/client, Next.js's next-env.d.ts):
      // the README's `import '@uppy/core/css/style.min.css'` needs it, since TypeScript checks side-effect imports.
      'blocks/bundler-env.d.ts': "declare module '*.css' {}\n",
    },
    install: [...Object.values(tarballs), ...REGISTRY],
    installDev: REGISTRY_DEV,
  })
  const appBlocks = blocks.filter((b) => !b.fragment && !fromRepository(b.readme))
  const config = writeBlocks(app.dir, appBlocks, APP_TSCONFIG)
  published = runTsc(join(app.dir, 'node_modules/.bin/tsc'), config, app.dir)

  // Inside the repository's node_modules, so the workspace packages resolve as they do for the repository's code.
  repositoryDir = mkdtempSync(join(root, 'node_modules/.readme-code-'))
  const repoBlocks = blocks.filter((b) => !b.fragment && fromRepository(b.readme))
  const repoConfig = writeBlocks(repositoryDir, repoBlocks, {
    extends: join(root, 'tsconfig.json'),
    // The repository's own settings (the mock's sources are checked with them): the stricter flags above would report
    // on the mock's sources, which this imports, not on the README's lines.
    compilerOptions: { noEmit: true, moduleDetection: 'force' },
    include: ['*.ts', '*.tsx'],
    // The repository's own exclude (every node_modules) would exclude this folder itself.
    exclude: [],
  })
  repository = runTsc(join(root, 'node_modules/.bin/tsc'), repoConfig, root)
}, 600_000)

afterAll(() => {
  app?.remove()
  if (repositoryDir) rmSync(repositoryDir, { recursive: true, force: true })
})

describe('README code compiles', () => {
  test('the READMEs have blocks to check (the extraction found them)', () => {
    expect(blocks.filter((b) => !b.fragment).length).toBeGreaterThan(20)
  })

  test.each(blocks.filter((b) => !b.fragment).map((b) => [`${b.readme}:${b.line}`, b] as const))('%s', (_, block) => {
    const run = fromRepository(block.readme) ? repository : published
    expect(run.byFile.get(block.file) ?? [], `${block.readme}:${block.line}\n${block.code}`).toEqual([])
  })

  test('tsc reports nothing outside the blocks and exits 0', () => {
    expect(published.elsewhere, published.output).toEqual([])
    expect(published.status, published.output).toBe(0)
    expect(repository.elsewhere, repository.output).toEqual([])
    expect(repository.status, repository.output).toBe(0)
  })

  test('every fragment is a listed, explained one', () => {
    const fenced = blocks.filter((b) => b.fragment).map((b) => `${b.readme}:${b.line}`)
    const listed = blocks
      .filter((b) => FRAGMENTS.some((f) => f.readme === b.readme && b.code.includes(f.phrase)))
      .map((b) => `${b.readme}:${b.line}`)
    expect(fenced).toEqual(listed)
    expect(listed).toHaveLength(FRAGMENTS.length)
  })
})
