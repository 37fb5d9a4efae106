import type { StorybookConfig } from '@storybook/react-vite'
import { workspaceSources } from '../scripts/workspace-sources.ts'

const config: StorybookConfig = {
  framework: '@storybook/react-vite',
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // MSW's worker script (`msw init stories/public`), served at the root: the in-page mock's service worker.
  staticDirs: ['../stories/public'],
  typescript: {
    // TypeScript 7 is the native port with no JS API, which `react-docgen-typescript` needs; `react-docgen` parses
    // the source itself (Babel), so props tables and TSDoc still reach the docs pages.
    reactDocgen: 'react-docgen',
  },
  // The packages' sources, as in every other run inside this repository.
  viteFinal: (config) => {
    const own = config.resolve?.alias ?? []
    const kept = Array.isArray(own) ? own : Object.entries(own).map(([find, replacement]) => ({ find, replacement }))
    return { ...config, resolve: { ...config.resolve, alias: [...workspaceSources, ...kept] } }
  },
  core: {
    // Dev, CI and test runs here have no route to Storybook's telemetry endpoint; a failed send only adds noise.
    disableTelemetry: true,
  },
}

export default config
