// The e2e project's set-up: every published package packed once, as `npm publish` would pack it, for the consumer
// apps (test/consumers/) to install like a user. `npm test` builds dist/ first (`npm run build`); a run without it
// builds here, so a consumer test never installs a stale or missing build.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { PUBLISHED } from '../../scripts/published-packages.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name → absolute path of its `npm pack` tarball. */
    tarballs: Record<string, string>
  }
}

const root = join(import.meta.dirname, '../..')

/**
 * Packed once per run: the e2e and node-gib projects both set up with this file and share the tarballs. Vitest loads
 * the file once per project, so the shared copy lives on the process, not in the module.
 */
interface Packed {
  dir: string
  tarballs: Record<string, string>
  users: number
}
const shared = globalThis as { [key: symbol]: Packed | undefined }
const PACKED = Symbol.for('uppy-presign.consumer-tarballs')

function pack(): Packed {
  if (PUBLISHED.some(({ folder }) => !existsSync(join(root, 'packages', folder, 'dist/index.js')))) {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  }
  const dir = mkdtempSync(join(tmpdir(), 'uppy-presign-tarballs-'))
  const tarballs: Record<string, string> = {}
  for (const { name, folder } of PUBLISHED) {
    const [result] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
        cwd: join(root, 'packages', folder),
        encoding: 'utf8',
      }),
    ) as Array<{ filename: string }>
    tarballs[name] = join(dir, (result as { filename: string }).filename)
  }
  return { dir, tarballs, users: 0 }
}

export default function setup(project: TestProject) {
  shared[PACKED] ??= pack()
  const current = shared[PACKED]
  current.users++
  project.provide('tarballs', current.tarballs)
  return () => {
    if (--current.users > 0) return
    rmSync(current.dir, { recursive: true, force: true })
    shared[PACKED] = undefined
  }
}
