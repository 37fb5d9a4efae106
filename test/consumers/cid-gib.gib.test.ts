// The CID fix travels inside @uppy-presign/ipfs: a Node consumer (test/consumers/apps/cid/: a plain `.mjs`, no
// loader, no patch step) installs the packed tarball and computes the CID of a 2^31 + 1 byte file with the public
// `computeCid(await fs.openAsBlob(path))`. The root's UnixFS filesize is then in [2^31, 2^32), which unpatched
// protons-runtime encodes wrongly (patches/protons-runtime+7.1.2.patch); the answer must equal Debian's `ipfs_cid`.
// Runs in the `node-gib` project, after the others: two busy processes for half a minute.
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { ipfsCidOfPath, keystream } from '../cid-oracles.ts'
import { type FreshApp, freshApp } from './fresh-app.ts'
import { fixtureFiles } from './plain-page.ts'

const SIZE = 2 ** 31 + 1
const MiB = 2 ** 20

let app: FreshApp
let dir: string
let file: string

beforeAll(async () => {
  const tarballs = inject('tarballs')
  app = await freshApp('cid-gib', {
    files: fixtureFiles('cid'),
    // The ipfs package and what it depends on; @uppy/core is its peer (the plugin's base class).
    install: [
      ...['@uppy-presign/vendors', '@uppy-presign/core', '@uppy-presign/ipfs'].map((pkg) => tarballs[pkg] as string),
      '@uppy/core@6.3.1',
    ],
  })
  dir = await mkdtemp(join(tmpdir(), 'uppy-presign-cid-gib-'))
  file = join(dir, 'random.bin')
  // Pseudo-random (AES-CTR keystream of a seed): deterministic, fast, and no two leaves alike.
  const started = performance.now()
  await pipeline(Readable.from(keystream(SIZE, MiB, 'cid-gib')), createWriteStream(file))
  app.timings['write 2^31 + 1 B'] = Math.round(performance.now() - started)
}, 300_000)

afterAll(async () => {
  console.log('CID of 2^31 + 1 B in a Node consumer, timings (ms):', app?.timings)
  app?.remove()
  if (dir) await rm(dir, { recursive: true, force: true })
})

it('computeCid from the installed package equals ipfs_cid for a 2^31 + 1 byte file', async () => {
  const timed = async <T>(step: string, work: Promise<T>): Promise<T> => {
    const started = performance.now()
    const result = await work
    app.timings[step] = Math.round(performance.now() - started)
    return result
  }
  // Side by side, one core each.
  const [ours, theirs] = await Promise.all([
    app.run('computeCid (node cid.mjs)', 'node', ['cid.mjs', file]),
    timed('ipfs_cid', ipfsCidOfPath(file)),
  ])
  const { cid, ms } = JSON.parse(ours.output) as { cid: string; ms: number }
  app.timings['computeCid itself'] = ms
  console.log(`computeCid: ${cid}; ipfs_cid: ${theirs}`)
  expect(cid).toBe(theirs)
})

it('bundles protons-runtime with the fix, and needs none from node_modules', () => {
  const installed = join(app.dir, 'node_modules/@uppy-presign/ipfs/dist')
  const longbits = readFileSync(join(installed, 'bundled/protons-runtime/dist/src/utils/longbits.js'), 'utf8')
  expect(longbits).toContain('this.lo = lo >>> 0')
  expect(longbits).toContain('this.hi = hi >>> 0')
  expect(longbits).not.toMatch(/this\.(lo|hi) = (lo|hi) \| 0/)
  expect(existsSync(join(app.dir, 'node_modules/protons-runtime'))).toBe(false)
  // No module of the package imports it by name: every import of it is a relative path into bundled/.
  const byName = /(from\s*|import\s*\(\s*)["']protons-runtime/
  for (const entry of readdirSync(installed, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const path = join(entry.parentPath, entry.name)
    expect(readFileSync(path, 'utf8'), path).not.toMatch(byName)
  }
})
