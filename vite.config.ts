import './vitest.node20.ts'
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
          // The AWS SDK is pinned to its last node-20 line on purpose (TOOLCHAIN.md): silence its warning about it.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
          // Server tests stream files of several GiB through loopback.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
