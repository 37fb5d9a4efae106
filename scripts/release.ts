/**
 * Publishes every package, one version for all, in dependency order (scripts/published-packages.ts).
 *
 *   npm run release -- --dry-run          checks, builds, `npm publish --dry-run` each package (nothing is uploaded)
 *   npm run release                       the same for real: refuses unless the working tree is clean and the
 *                                         version is not yet published
 *   npm run release -- --version 0.2.0    sets every package's version and the packages' dependencies on each
 *                                         other, then stops: add the CHANGELOG entry, commit, and release
 *                                         (with --dry-run: prints the change, writes nothing)
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { PUBLISHED } from './published-packages.ts'
import {
  applyBump,
  changelogHasEntry,
  checkVersion,
  currentVersion,
  isPublished,
  planBump,
  publish,
  root,
  workingTreeClean,
} from './release-steps.ts'

const { values } = parseArgs({
  options: { 'dry-run': { type: 'boolean', default: false }, version: { type: 'string' } },
})
const dryRun = values['dry-run'] ?? false

function fail(message: string): never {
  console.error(`release: ${message}`)
  process.exit(1)
}

if (values.version !== undefined) {
  const plan = planBump(values.version)
  for (const { file } of plan)
    console.log(`${dryRun ? 'would set' : 'set'} ${values.version} in ${relative(root, file)}`)
  if (!dryRun) {
    applyBump(plan)
    // The lockfile records the workspace packages' versions too.
    execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
    console.log(`next: a "## ${values.version}" entry in CHANGELOG.md, commit, then npm run release`)
  }
  process.exit(0)
}

const version = currentVersion()
checkVersion(version)
if (!changelogHasEntry(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), version)) {
  fail(`CHANGELOG.md has no "## ${version}" entry`)
}
if (!dryRun) {
  if (!workingTreeClean()) fail('the working tree has changes: commit or stash them first (git status)')
  const published = PUBLISHED.filter(({ name }) => isPublished(name, version)).map(({ name }) => name)
  if (published.length > 0) fail(`${version} is already published for ${published.join(', ')}: bump with --version`)
}

console.log(`release ${version}${dryRun ? ' (dry run: nothing is uploaded)' : ''}`)
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
for (const { folder } of PUBLISHED) {
  const { name, size, files } = publish(folder, dryRun)
  console.log(`${dryRun ? 'would publish' : 'published'} ${name}@${version}: ${size} B packed, ${files} files`)
}
