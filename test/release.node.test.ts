// The release script's dry run, end to end (build, then `npm publish --dry-run` per package: npm packs and reports,
// uploads nothing), and its rules one by one.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PUBLISHED } from '../scripts/published-packages.ts'
import { changelogHasEntry, checkVersion, currentVersion, isPublished, planBump } from '../scripts/release-steps.ts'

const root = join(import.meta.dirname, '..')
const release = (...args: string[]) =>
  spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/release.ts', ...args], { cwd: root, encoding: 'utf8' })
const manifests = () =>
  [...PUBLISHED.map((p) => `packages/${p.folder}`), 'mock-server'].map((f) =>
    readFileSync(join(root, f, 'package.json'), 'utf8'),
  )

describe('npm run release -- --dry-run', () => {
  test('builds and dry-runs npm publish for every package, in dependency order, with size and file count', () => {
    const run = release('--dry-run')
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
    const version = currentVersion()
    expect(run.stdout).toContain(`release ${version} (dry run: nothing is uploaded)`)
    const lines = [...run.stdout.matchAll(/^would publish (\S+)@(\S+): (\d+) B packed, (\d+) files$/gm)]
    expect(lines.map((m) => m[1])).toEqual(PUBLISHED.map((p) => p.name))
    for (const [, , v, size, files] of lines) {
      expect(v).toBe(version)
      expect(Number(size)).toBeGreaterThan(1000)
      expect(Number(files)).toBeGreaterThan(3)
    }
    // npm itself says each publish was a dry run.
    expect(run.stderr.match(/\(dry-run\)$/gm)?.length).toBeGreaterThanOrEqual(PUBLISHED.length)
  }, 300_000)

  test('--version with --dry-run names every package.json it would set, and writes none', () => {
    const before = manifests()
    const run = release('--version', '0.99.0', '--dry-run')
    expect(run.status, run.stderr).toBe(0)
    const named = [...run.stdout.matchAll(/^would set 0\.99\.0 in (\S+)$/gm)].map((m) => m[1])
    expect(named).toEqual([...PUBLISHED.map((p) => `packages/${p.folder}/package.json`), 'mock-server/package.json'])
    expect(manifests()).toEqual(before)
  })
})

describe('release rules', () => {
  test('a bump sets every version and every dependency between the packages', () => {
    for (const { after } of planBump('0.99.0')) {
      const manifest = JSON.parse(after)
      for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) {
        for (const [name, range] of Object.entries(manifest[field] ?? {})) {
          if (PUBLISHED.some((p) => p.name === name)) expect(range, `${manifest.name} → ${name}`).toBe('0.99.0')
        }
      }
      if (PUBLISHED.some((p) => p.name === manifest.name)) expect(manifest.version).toBe('0.99.0')
    }
  })

  test('versions are 0.x', () => {
    expect(() => checkVersion('0.2.0')).not.toThrow()
    expect(() => checkVersion('1.0.0')).toThrow(/0\.MINOR\.PATCH/)
    expect(() => checkVersion('0.2')).toThrow()
  })

  test('CHANGELOG.md needs a heading for the version', () => {
    expect(changelogHasEntry('# Changelog\n\n## 0.1.0\n\nFirst.\n', '0.1.0')).toBe(true)
    expect(changelogHasEntry('## [0.2.0] - 2026-12-03\n', '0.2.0')).toBe(true)
    expect(changelogHasEntry('## 0.1.0\n', '0.1.1')).toBe(false)
    expect(changelogHasEntry('## 0.1.00\n', '0.1.0')).toBe(false)
    expect(changelogHasEntry(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), currentVersion())).toBe(true)
  })

  test("npm view's 404 means not published", () => {
    expect(isPublished(PUBLISHED[0]?.name as string, '0.0.0-never-published')).toBe(false)
  }, 60_000)
})
