import './vitest.node20.ts'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import react from '@vitejs/plugin-react'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { workspaceSources } from './scripts/workspace-sources.ts'
import { CHROMIUM_LAUNCH } from './test/chromium.ts'
import { cidOracleCommands } from './test/cid-oracles.ts'

/**
 * Debian's Chromium, never a Playwright download (the test machines download from package registries only). A new object per call:
 * Vitest mutates a project's `browser` options while resolving them, so two projects must never share one.
 */
const chromium = () => ({
  enabled: true,
  headless: true,
  provider: playwright({
    // A copy: Vitest mutates the options it is given.
    launchOptions: { ...CHROMIUM_LAUNCH, args: [...CHROMIUM_LAUNCH.args] },
  }),
  instances: [{ browser: 'chromium' as const }],
})

// One Vitest run, several projects: each kind of test gets the environment it needs.
export default defineConfig({
  resolve: { alias: workspaceSources },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // React's server render is tested here, where there is no window (`*.node.test.tsx`).
          include: [
            'mock-server/**/*.test.ts',
            'packages/**/*.test.ts',
            'test/**/*.node.test.ts',
            'packages/react/**/*.node.test.tsx',
          ],
          exclude: ['**/node_modules/**', '**/*.browser.test.ts', '**/*.browser.test.tsx', '**/*.gib.test.ts'],
          // The AWS SDK is pinned to its 3.116x line on purpose (later lines need Node 22): silence its warning about it.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          // Server tests stream files of several GiB through loopback.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          // Builds what ships (the static Storybook, played story by story in Chromium against the in-page mock;
          // the packages' browser bundles, scanned for secrets): heavy, so it runs after every other project
          // (groupOrder) instead of competing with them for the cores.
          include: ['test/**/*.e2e.test.ts'],
          sequence: { groupOrder: 1 },
          // Packs every published package once; the consumer apps (test/consumers/) install those tarballs.
          globalSetup: ['test/consumers/global-setup.ts'],
          // One Chromium page per story: three at once suit two cores.
          maxConcurrency: 3,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'node-gib',
          environment: 'node',
          // The kit's 2–4 GiB CID streams against ipfs_cid: two busy processes for half a minute. Run after every
          // other project (the e2e builds included), so they never share the two cores with the mock's multi-GiB
          // memory measurements.
          // test/consumers/*.gib.test.ts: the same, from the packed package in a fresh app (the tarballs below).
          include: ['packages/**/*.gib.test.ts', 'test/consumers/*.gib.test.ts'],
          sequence: { groupOrder: 2 },
          globalSetup: ['test/consumers/global-setup.ts'],
          testTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'react',
          // Components and hooks in a DOM without a browser: fast, and React's act() sees every update.
          environment: 'happy-dom',
          include: ['packages/react/**/*.test.tsx'],
          exclude: ['**/node_modules/**', '**/*.node.test.tsx', '**/*.browser.test.tsx'],
          setupFiles: ['packages/react/test/setup.ts'],
        },
      },
      {
        extends: true,
        // Pre-bundled up front: discovered mid-run, Vite reloads the page and Vitest warns of flaky tests.
        optimizeDeps: {
          include: [
            '@uppy/core',
            '@uppy/core/utils',
            '@uppy/aws-s3',
            '@uppy/dashboard',
            '@uppy/react',
            '@uppy/react/dashboard',
            'react',
            'react/jsx-dev-runtime',
            'react-dom/client',
            // test/screenshots.browser.test.tsx: the stories, as portable stories, with the a11y check.
            '@storybook/react-vite',
            '@storybook/addon-a11y/preview',
            'storybook/test',
            // The CID worker's imports (packages/ipfs/src/cid-worker.ts).
            'ipfs-unixfs-importer',
            'ipfs-unixfs-importer/layout',
            'multiformats/cid',
            'multiformats/hashes/sha2',
          ],
        },
        plugins: [react()],
        test: {
          name: 'browser',
          // `.tsx` too: test/screenshots.browser.test.tsx renders the stories (portable stories) to take screenshots.
          include: ['test/**/*.browser.test.{ts,tsx}', 'packages/**/*.browser.test.{ts,tsx}'],
          exclude: ['**/node_modules/**'],
          // Expected CIDs come from Node (ipfs_cid, a spec encoder) over bytes the page regenerates: test/cid-oracles.ts.
          browser: { ...chromium(), commands: cidOracleCommands },
          // One mock per project, reset by every test: files must take turns, whatever the machine's core count.
          fileParallelism: false,
          // The mock server needs Node; it runs beside Vitest and only its URLs reach the page (`inject('mockUrl')`).
          globalSetup: ['test/browser-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Every story is a test: rendered in Chromium, its play function run, then the a11y check (preview.tsx).
        // The plugin finds the stories from .storybook/main.ts, so no `include` here.
        plugins: [storybookTest({ configDir: '.storybook' })],
        optimizeDeps: {
          include: [
            '@uppy/core',
            '@uppy/core/utils',
            '@uppy/dashboard',
            '@uppy/react',
            '@uppy/react/dashboard',
            'react-dom/client',
            'ipfs-unixfs-importer',
            'ipfs-unixfs-importer/layout',
            'multiformats/cid',
            'multiformats/hashes/sha2',
          ],
        },
        test: {
          name: 'storybook',
          browser: chromium(),
          // One mock per project, reset by every story: stories must take turns, whatever the core count.
          fileParallelism: false,
          // A real mock per run, as for the browser project; `.storybook/vitest.setup.ts` hands its URL to stories.
          globalSetup: ['test/browser-global-setup.ts'],
          setupFiles: ['.storybook/vitest.setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
