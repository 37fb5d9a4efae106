// The steps of scripts/release.ts, one function each, so the release's rules are tested apart from npm.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PUBLISHED } from './published-packages.ts'

export const root = join(import.meta.dirname, '..')

type Manifest = Record<string, unknown> & { name: string; version: string }
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'devDependencies', 'optionalDependencies'] as const

const manifestPath = (folder: string) => join(root, folder, 'package.json')
const readManifest = (folder: string) => JSON.parse(readFileSync(manifestPath(folder), 'utf8')) as Manifest

/** The one version every published package carries; different versions are a mistake a release must not publish. */
export function currentVersion(): string {
  const versions = new Set(PUBLISHED.map(({ folder }) => readManifest(`packages/${folder}`).version))
  if (versions.size !== 1) throw new Error(`the packages disagree on their version: ${[...versions].join(', ')}`)
  return [...versions][0] as string
}

/** 0.x only, until the API is declared stable. */
export function checkVersion(version: string): void {
  if (!/^0\.\d+\.\d+$/.test(version)) throw new Error(`${version}: a release version is 0.MINOR.PATCH`)
}

/** CHANGELOG.md must say what the release is: a `## 0.1.0` heading (optionally `## [0.1.0]`, a date after it). */
export function changelogHasEntry(changelog: string, version: string): boolean {
  const escaped = version.replace(/\./g, '\\.')
  return new RegExp(`^##\\s+\\[?${escaped}\\]?(\\s|$)`, 'm').test(changelog)
}

/**
 * The package.json files `--version` rewrites, and what: every published package's `version`, and every workspace
 * dependency on one of them (the mock server's on the server included), so the workspace still links.
 */
export function planBump(version: string): Array<{ file: string; before: string; after: string }> {
  checkVersion(version)
  const names = new Set(PUBLISHED.map(({ name }) => name))
  const folders = [...PUBLISHED.map(({ folder }) => `packages/${folder}`), 'mock-server']
  return folders.flatMap((folder) => {
    const before = readFileSync(manifestPath(folder), 'utf8')
    const manifest = JSON.parse(before) as Manifest
    if (names.has(manifest.name)) manifest.version = version
    for (const field of DEPENDENCY_FIELDS) {
      const deps = manifest[field] as Record<string, string> | undefined
      for (const name of Object.keys(deps ?? {})) if (names.has(name) && deps) deps[name] = version
    }
    const after = `${JSON.stringify(manifest, null, 2)}\n`
    return after === before ? [] : [{ file: manifestPath(folder), before, after }]
  })
}

export function applyBump(plan: ReturnType<typeof planBump>): void {
  for (const { file, after } of plan) writeFileSync(file, after)
}

/** `npm view name@version`: printed → published; E404 → not published; anything else (offline) → an error. */
export function isPublished(name: string, version: string): boolean {
  const result = spawnSync('npm', ['view', `${name}@${version}`, 'version', '--json'], { cwd: root, encoding: 'utf8' })
  if (result.status === 0) return result.stdout.trim() !== ''
  if (/\bE404\b/.test(result.stderr)) return false
  throw new Error(`npm view ${name}@${version} failed:\n${result.stderr}`)
}

export function workingTreeClean(): boolean {
  return execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim() === ''
}

export interface Published {
  name: string
  version: string
  /** Tarball bytes. */
  size: number
  files: number
}

/** `npm publish` (with `--dry-run`: npm packs and reports, and uploads nothing) of one package, as npm reports it. */
export function publish(folder: string, dryRun: boolean): Published {
  const args = ['publish', '--json', ...(dryRun ? ['--dry-run'] : [])]
  const output = execFileSync('npm', args, { cwd: join(root, 'packages', folder), encoding: 'utf8' })
  const report = JSON.parse(output) as Record<string, unknown>
  // npm 10 keys the report by package name in a workspace; earlier npm gave the report itself.
  const entry = (typeof report.name === 'string' ? report : Object.values(report)[0]) as {
    name: string
    version: string
    size: number
    files: unknown[]
  }
  return { name: entry.name, version: entry.version, size: entry.size, files: entry.files.length }
}
