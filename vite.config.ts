import { defineConfig } from 'vitest/config'

// One Vitest run, several projects: each kind of test gets the environment it needs.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['mock-server/**/*.test.ts', 'packages/**/*.test.ts', 'test/**/*.node.test.ts'],
          exclude: ['**/node_modules/**', '**/*.browser.test.ts'],
          // Server tests stream files of several GiB through loopback.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
