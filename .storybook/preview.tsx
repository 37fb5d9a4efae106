import '@uppy/core/css/style.min.css'
import '@uppy/dashboard/css/style.min.css'
import '@uppy-presign/react/upload-results.css'
import type { Decorator, Preview } from '@storybook/react-vite'
import { ensureMock } from '../stories/mock.ts'

/** The toolbar's theme; a story reads it as `globals.theme` (e.g. to pass to the Dashboard's `theme`). */
export type StoryTheme = 'light' | 'dark'

// Dashboard's own dark palette is #1f1f1f-ish: the page around it matches, so a dark screenshot has no white frame.
const palette: Record<StoryTheme, { background: string; color: string }> = {
  light: { background: '#ffffff', color: '#1f1f1f' },
  dark: { background: '#1f1f1f', color: '#eaeaea' },
}

const fontFamily = '-apple-system, system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'

/** Paints the page for the chosen theme, so text a story draws outside the Dashboard keeps its contrast in both. */
const withTheme: Decorator = (Story, { globals }) => {
  const theme: StoryTheme = globals.theme === 'dark' ? 'dark' : 'light'
  return (
    <div
      data-theme={theme}
      // Uppy's own font stack, so text a story adds beside the Dashboard does not fall back to the browser's serif.
      style={{ ...palette[theme], colorScheme: theme, fontFamily, minHeight: '100vh', padding: '1rem' }}
    >
      <Story />
    </div>
  )
}

const preview: Preview = {
  // Before any story: the Node mock if one runs, else the in-page mock (the static build without `npm start`).
  beforeAll: async () => {
    await ensureMock()
  },
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Light or dark: the page and the Uppy Dashboard',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    // The theme decorator paints the whole frame; Storybook's own padding would leave a white border around it.
    layout: 'fullscreen',
    a11y: {
      // 'error' (not the default 'todo'): an axe violation fails the story's test in `npm test`, not only the panel.
      // It fails on every impact, minor included (Storybook 10 has no impact threshold), which covers the
      // "no serious or critical violation" rule with room to spare; exceptions are named below, one by one.
      test: 'error',
      config: {
        rules: [
          {
            // @uppy/dashboard 6.0.3 (lib/components/FileList.js), with exactly one file: the file is
            // `div.uppy-Dashboard-Item[role=listitem]` inside `div.uppy-Dashboard-files` that lacks the `role="list"`
            // it has with two or more files (critical `aria-required-parent`). Uppy's markup, not ours: the rule is
            // kept for every other element, and for Dashboard items whenever their container does have a role.
            id: 'aria-required-parent',
            selector:
              '[role]:not(.uppy-Dashboard-files:not([role]) > .uppy-Dashboard-filesInner > .uppy-Dashboard-Item)',
          },
        ],
      },
    },
  },
}

export default preview
