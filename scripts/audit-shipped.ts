/**
 * Checks the third-party code the published packages ship for known advisories, with `npm audit`: their
 * `dependencies` outside this repository, and the packages bundled into their `dist/bundled/` (ipfs bundles the
 * IPFS importer and its dependencies: they are devDependencies, so `npm audit --omit=dev` on the repository would
 * skip exactly the code users get). Run after `npm run build`: the bundled list is the build's `LICENSES.md`.
 *
 * The audit runs in a scratch folder on a lockfile written from that list alone, so nothing is resolved or
 * installed: the only request is npm's own advisory request, to the registry npm is configured with.
 *
 *   npm run audit   exit 0: no advisory; 1: advisories (listed); 2: the check could not run (said why)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PUBLISHED } from './published-packages.ts'

const root = join(import.meta.dirname, '..')
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>
}

/** `name@version` of every third-party package a published package ships. */
function shippedPackages(): Map<string, Set<string>> {
  const shipped = new Map<string, Set<string>>()
  const add = (name: string, version: string) => shipped.set(name, (shipped.get(name) ?? new Set()).add(version))
  for (const { name, folder } of PUBLISHED) {
    const dir = join(root, 'packages', folder)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (PUBLISHED.some((p) => p.name === dependency)) continue
      const version =
        lock.packages[`packages/${folder}/node_modules/${dependency}`]?.version ??
        lock.packages[`node_modules/${dependency}`]?.version
      if (!version) throw new Error(`${name}: dependency ${dependency} is not in package-lock.json; run npm install`)
      add(dependency, version)
    }
    if (!existsSync(join(dir, 'dist'))) {
      throw new Error(`${name}: packages/${folder}/dist is missing; run npm run build first (it lists what is bundled)`)
    }
    const notices = join(dir, 'dist/bundled/LICENSES.md')
    if (!existsSync(notices)) continue
    for (const [, bundled, version] of readFileSync(notices, 'utf8').matchAll(
      /^## ((?:@[^/\s]+\/)?[^@\s]+)@(\S+) /gm,
    )) {
      add(bundled as string, version as string)
    }
  }
  return shipped
}

/**
 * A project depending on exactly `versions` (one per name), as npm audit reads it: a manifest and a lockfile.
 * Nothing is installed: `--package-lock-only` audits the lockfile.
 */
function projectOf(versions: Map<string, string>) {
  const dependencies = Object.fromEntries(versions)
  const packages: Record<string, unknown> = {
    '': { name: 'uppy-presign-shipped', version: '0.0.0', dependencies },
  }
  for (const [name, version] of versions) packages[`node_modules/${name}`] = { version }
  return {
    manifest: { name: 'uppy-presign-shipped', version: '0.0.0', private: true, dependencies },
    lockfile: { name: 'uppy-presign-shipped', version: '0.0.0', lockfileVersion: 3, requires: true, packages },
  }
}

type Report = { vulnerabilities?: Record<string, { severity: string; via: unknown[] }> }

/** npm audit of one project in a scratch folder: its report, or why there is none. */
function audit(versions: Map<string, string>): Report | { unavailable: string } {
  const scratch = mkdtempSync(join(tmpdir(), 'uppy-presign-audit-'))
  try {
    const { manifest, lockfile } = projectOf(versions)
    writeFileSync(join(scratch, 'package.json'), JSON.stringify(manifest, null, 2))
    writeFileSync(join(scratch, 'package-lock.json'), JSON.stringify(lockfile, null, 2))
    const run = spawnSync('npm', ['audit', '--json', '--package-lock-only'], { cwd: scratch, encoding: 'utf8' })
    let report: Report = {}
    try {
      report = JSON.parse(run.stdout) as Report
    } catch {}
    if (report.vulnerabilities) return report
    const why = run.stderr.split('\n').find((line) => /\b[45]\d\d\b|ENOTFOUND|ECONNREFUSED|ETIMEDOUT/.test(line))
    return { unavailable: why?.replace(/^npm (warn|error) /, '').trim() ?? `npm audit exited ${run.status}` }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

const shipped = shippedPackages()
const list = [...shipped].flatMap(([name, versions]) => [...versions].map((v) => `${name}@${v}`))
console.log(`${list.length} third-party packages shipped by the published packages:\n  ${list.join('\n  ')}`)

// One audit per round: round k holds the k-th version of each package (two versions of one name cannot share a
// top-level lockfile entry).
const rounds: Array<Map<string, string>> = []
for (const [name, versions] of shipped) {
  ;[...versions].forEach((version, k) => {
    rounds[k] ??= new Map()
    ;(rounds[k] as Map<string, string>).set(name, version)
  })
}
let exitCode = 0
for (const round of rounds) {
  const report = audit(round)
  if ('unavailable' in report) {
    console.error(
      `\nNOT CHECKED: npm could not get advisories for these packages (${report.unavailable}).\n` +
        'The registry npm is configured with must answer npm audit\'s advisory request; see "Known advisories" in README.md.',
    )
    process.exit(2)
  }
  for (const [name, { severity, via }] of Object.entries(report.vulnerabilities ?? {})) {
    const sources = via.map((v) => (typeof v === 'string' ? v : ((v as { url?: string }).url ?? '?'))).join(', ')
    console.error(`${severity}: ${name}@${round.get(name) ?? '?'} (${sources})`)
    exitCode = 1
  }
}
console.log(exitCode ? '\nknown advisories found (above)' : '\nno known advisories')
process.exit(exitCode)
