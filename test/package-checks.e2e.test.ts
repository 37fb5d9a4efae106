// What `npm publish` would upload, checked as a registry user meets it: publint and attw on every packed tarball,
// nothing in it that is not meant to ship, and package.json fields a user (and the registry's page) relies on.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { describe, expect, inject, test } from 'vitest'
import { PUBLISHED } from '../scripts/published-packages.ts'
import { importSpecifiers, type OpenedTarball, openTarball, packageOf } from './package-checks/tarball.ts'

const root = join(import.meta.dirname, '..')
const tarballs = inject('tarballs')
const opened = new Map<string, OpenedTarball>(
  PUBLISHED.map(({ name }) => [name, openTarball(tarballs[name] as string)]),
)
const tarball = (name: string) => opened.get(name) as OpenedTarball

// The four ways TypeScript resolves an import, as attw names them.
const MODES = ['node10', 'node16-cjs', 'node16-esm', 'bundler'] as const

interface AttwReport {
  analysis: {
    entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>
    problems: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }>
  }
}

function attw(file: string): AttwReport {
  // attw exits 1 when it finds any problem; the JSON on stdout is the report either way.
  try {
    return JSON.parse(
      execFileSync(join(root, 'node_modules/.bin/attw'), [file, '--format', 'json'], { encoding: 'utf8' }),
    )
  } catch (error) {
    const { stdout } = error as { stdout?: string }
    if (!stdout) throw error
    return JSON.parse(stdout)
  }
}

describe.each(PUBLISHED.map(({ name }) => name))('%s', (name) => {
  test('publint: no errors, no warnings (suggestions reported)', async () => {
    const { dir, files } = tarball(name)
    // pack: false: the folder is the extracted tarball, so every file in it is what ships.
    const { messages, pkg } = await publint({ pkgDir: dir, pack: false, level: 'suggestion' })
    for (const message of messages.filter((m) => m.type === 'suggestion')) {
      console.log(`${name}: publint suggestion: ${formatMessage(message, pkg)}`)
    }
    const problems = messages.filter((m) => m.type !== 'suggestion').map((m) => `${m.type}: ${formatMessage(m, pkg)}`)
    expect(problems).toEqual([])
    const { bytes } = tarball(name)
    console.log(`${name}: ${bytes} B packed, ${files.length} files; publint: ${messages.length} messages`)
  })

  // attw's default (strict) profile, so node10 is checked too. The packages are ESM only (type: module, one `default`
  // condition): from CommonJS under node16 they are `await import()`-only, which attw reports as CJSResolvesToESM. That
  // one problem, in that one mode, is what ESM only means; any other problem, or any unresolved entry point, fails.
  test('attw: every entry point resolves in node10, node16 (CJS, ESM) and bundler; ESM only', () => {
    const { analysis } = attw(tarballs[name] as string)
    const unexpected = analysis.problems.filter(
      (p) => !(p.kind === 'CJSResolvesToESM' && p.resolutionKind === 'node16-cjs'),
    )
    expect(unexpected).toEqual([])
    for (const [subpath, entry] of Object.entries(analysis.entrypoints)) {
      for (const mode of MODES) {
        expect(entry.resolutions[mode]?.resolution?.fileName, `${subpath} in ${mode}`).toBeTruthy()
      }
    }
    expect(Object.keys(analysis.entrypoints)).toContain('.')
  })

  test('ships dist/, README.md, LICENSE and package.json only; no tests; every map carries its sources', () => {
    const { dir, files } = tarball(name)
    const outside = files.filter((f) => !f.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(f))
    expect(outside).toEqual([])
    const tests = files.filter((f) => /(^|\/)(__tests__|test|tests)\/|\.(test|spec)\.[cm]?[jt]sx?$/.test(f))
    expect(tests).toEqual([])
    expect(files).toContain('README.md')
    expect(files).toContain('LICENSE')
    const maps = files.filter((f) => f.endsWith('.map'))
    const orphaned = maps.flatMap((map) => {
      const { sources = [], sourcesContent = [] } = JSON.parse(readFileSync(join(dir, map), 'utf8')) as {
        sources?: string[]
        sourcesContent?: Array<string | null>
      }
      const mapDir = map.split('/').slice(0, -1).join('/')
      return sources.flatMap((source, i) => {
        if (typeof sourcesContent[i] === 'string') return []
        const shipped = new URL(source, `file:///${mapDir}/`).pathname.slice(1)
        return files.includes(shipped) ? [] : [`${map}: ${source}`]
      })
    })
    expect(orphaned).toEqual([])
  })

  test('package.json: public 0.x, MIT, repository, keywords, engines, types-first exports, files', () => {
    const { manifest } = tarball(name)
    expect(manifest.private).not.toBe(true)
    expect(manifest.version).toMatch(/^0\.\d+\.\d+$/)
    expect(manifest.license).toBe('MIT')
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/)
    expect(manifest.repository?.directory).toBe(`packages/${PUBLISHED.find((p) => p.name === name)?.folder}`)
    expect(manifest.keywords?.length).toBeGreaterThan(0)
    expect(manifest.engines?.node).toMatch(/^>=\d+/)
    expect(manifest.files).toEqual(['dist', 'README.md', 'LICENSE'])
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      // A condition object names `types` first: TypeScript takes the first condition that matches.
      if (typeof target === 'object' && target !== null) expect(Object.keys(target)[0], subpath).toBe('types')
      else expect(subpath, 'only package.json may be a bare path').toBe('./package.json')
    }
  })

  test("the code imports only its dependencies, its peers and Node's builtins", () => {
    const { dir, files, manifest } = tarball(name)
    const allowed = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }))
    const builtins = new Set(builtinModules)
    const stray = files
      .filter((f) => /\.[cm]?js$/.test(f))
      .flatMap((f) =>
        importSpecifiers(readFileSync(join(dir, f), 'utf8'), f)
          .filter((s) => !s.startsWith('node:') && !builtins.has(s.split('/')[0] as string))
          .flatMap((s) => {
            const pkg = packageOf(s)
            return pkg === undefined || allowed.has(pkg) ? [] : [`${f}: ${s}`]
          }),
      )
    expect(stray).toEqual([])
  })
})
