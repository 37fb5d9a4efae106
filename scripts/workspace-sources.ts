import { fileURLToPath } from 'node:url'
import { PUBLISHED } from './published-packages.ts'

/**
 * Inside this repository, `@uppy-presign/<package>` means the package's sources, so tests, stories and benches run
 * the code being edited without a build; what a user installs (`dist/`, through each package.json's `exports`) is
 * tested from packed tarballs (test/consumers/). tsconfig.json's `paths` say the same to TypeScript.
 */
export const workspaceSources = PUBLISHED.flatMap(({ name, folder }) => {
  const src = fileURLToPath(new URL(`../packages/${folder}/src/`, import.meta.url))
  return [
    { find: new RegExp(`^${name}$`), replacement: `${src}index.ts` },
    { find: new RegExp(`^${name}/(.+\\.css)$`), replacement: `${src}$1` },
  ]
})
