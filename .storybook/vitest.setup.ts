import { inject } from 'vitest'

// The mock that `test/browser-global-setup.ts` started for this Vitest run (a free port, so a Storybook left
// running on 4010 is never touched): `stories/mock.ts` reads it before any other source of the URL.
globalThis.__UPPY_PRESIGN_MOCK_URL__ = inject('mockUrl')
