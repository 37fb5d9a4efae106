/**
 * Builds every published package into its `dist/`: ESM JavaScript bundled by Rolldown (the bundler inside Vite 8, the
 * one this repository's tests, stories and benches already run on), `.d.ts` files emitted by the TypeScript that
 * type-checks the repository, and source maps that carry their sources. Run by `npm run build` (and so by `npm test`).
 *
 *   tsx scripts/build-packages.ts [package folder …]   (default: all of them)
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Plugin, rolldown } from 'rolldown'
import { PUBLISHED, type PublishedPackage } from './published-packages.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

/** `import X from './x.ts?worker&inline'` (Vite's form): the worker bundled whole into a string, started from a Blob. */
function inlineWorkers(bundledPlugins: Plugin[]): Plugin {
  const suffix = '?worker&inline'
  return {
    name: 'uppy-presign:inline-worker',
    resolveId(source, importer) {
      if (!source.endsWith(suffix) || !importer) return null
      return join(importer, '..', source.slice(0, -suffix.length)) + suffix
    },
    async load(id) {
      if (!id.endsWith(suffix)) return null
      const bundle = await rolldown({
        input: id.slice(0, -suffix.length),
        platform: 'browser',
        plugins: bundledPlugins,
        logLevel: 'warn',
      })
      const { output } = await bundle.generate({ format: 'iife', minify: true })
      await bundle.close()
      // Self-contained (every dependency inside), so no bundler or dev server has to resolve anything for it: it
      // starts the same under Vite (dev and build), webpack, Turbopack and esbuild. A Blob URL needs `worker-src
      // blob:` where a Content-Security-Policy is set; the plugin reports that cause when it happens.
      return [
        `const source = ${JSON.stringify(output[0].code)}`,
        'export default function InlineWorker(options) {',
        "  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))",
        '  try { return new Worker(url, options) } finally { URL.revokeObjectURL(url) }',
        '}',
      ].join('\n')
    },
  }
}

/**
 * protons-runtime 7.1.2 writes wrong bytes for uint64 values in [2^31, 2^32), so 2–4 GiB files got wrong CIDs. The
 * fix (`patches/protons-runtime+7.1.2.patch`, applied to this repository's install) is bundled into the package, so a
 * user's install needs no patch step; the build fails if the code it bundles lacks the fix.
 */
function requireProtonsFix(): Plugin & { checked: () => boolean } {
  let seen = false
  return {
    name: 'uppy-presign:protons-fix',
    checked: () => seen,
    transform(code, id) {
      if (!/protons-runtime[\\/]dist[\\/]src[\\/]utils[\\/]longbits\.js$/.test(id)) return null
      if (!code.includes('this.lo = lo >>> 0') || !code.includes('this.hi = hi >>> 0')) {
        throw new Error(`${id} lacks the uint64 fix of patches/protons-runtime+7.1.2.patch: run npm ci (patch-package)`)
      }
      seen = true
      return null
    },
  }
}

/** Bare imports of the package's own dependencies and peers stay imports; everything else is bundled in. */
function externalFor(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
    peerDependencies?: Record<string, string>
  }
  const kept = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
  return (id: string) => id.startsWith('node:') || kept.some((name) => id === name || id.startsWith(`${name}/`))
}

async function buildJs(pkg: PublishedPackage, dir: string) {
  const protons = requireProtonsFix()
  const bundled = [protons]
  const bundle = await rolldown({
    input: join(dir, 'src/index.ts'),
    platform: pkg.platform,
    external: externalFor(dir),
    plugins: [...bundled, inlineWorkers(bundled)],
    logLevel: 'warn',
    // Library output: leave `process.env.NODE_ENV` and the like to the app's bundler.
    transform: { jsx: 'react-jsx' },
  })
  const { output } = await bundle.write({
    dir: join(dir, 'dist'),
    format: 'es',
    sourcemap: true,
    // One file per module, as tsc would write them (and as Uppy's own packages ship): an app's bundler sees the
    // module graph of the sources, so it tree-shakes and splits the on-demand modules exactly as from src/.
    preserveModules: true,
    preserveModulesRoot: join(dir, 'src'),
    // npm never packs a folder named node_modules: the dependencies bundled in (ipfs) go to bundled/.
    entryFileNames: (chunk) =>
      `${chunk.name.replace(/node_modules/g, 'bundled').replace('.ts_worker_inline', '.inline-worker')}.js`,
    // The App Router's client boundary: the components use state and effects.
    banner: pkg.useClient ? "'use client';" : undefined,
  })
  const moduleIds = output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : []))
  const bundledPackages = new Set(
    moduleIds.flatMap((id) => /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id)?.[1] ?? []),
  )
  await bundle.close()
  if (bundledPackages.size > 0) writeNotices(dir, [...bundledPackages].sort())
  if (pkg.bundlesProtons && !protons.checked()) {
    throw new Error(`${pkg.name}: expected to bundle protons-runtime's LongBits (the CID fix), but it was not bundled`)
  }
}

/** The licence of every dependency bundled into the package, as their licences ask. */
function writeNotices(dir: string, packageDirs: string[]) {
  const sections = packageDirs.map((packageDir) => {
    const { name, version, license } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
    const texts = readdirSync(packageDir)
      .filter((file) => /^(licen[cs]e|copying)/i.test(file))
      .map((file) => readFileSync(join(packageDir, file), 'utf8').trim())
    return [`## ${name}@${version} (${license})`, ...texts].join('\n\n')
  })
  const intro = '# Bundled dependencies\n\nThe code under bundled/ comes from these packages, under their licences:'
  writeFileSync(join(dir, 'dist/bundled/LICENSES.md'), `${[intro, ...sections].join('\n\n')}\n`)
}

/** `.d.ts` from tsc; the sources import `./x.ts`, which declaration emit keeps, so the specifiers are rewritten. */
function buildTypes(dir: string) {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.build.json')], { stdio: 'inherit' })
  for (const file of walk(join(dir, 'dist'))) {
    if (!file.endsWith('.d.ts')) continue
    const text = readFileSync(file, 'utf8')
    const rewritten = text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.tsx?(['"])/g, '$1.js$2')
    if (rewritten !== text) writeFileSync(file, rewritten)
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

async function build(pkg: PublishedPackage) {
  const dir = join(root, 'packages', pkg.folder)
  const started = performance.now()
  rmSync(join(dir, 'dist'), { recursive: true, force: true })
  await buildJs(pkg, dir)
  buildTypes(dir)
  for (const asset of pkg.assets ?? []) {
    copyFileSync(join(dir, 'src', asset), join(dir, 'dist', asset))
    // A stylesheet export needs declarations of its own, or TypeScript (and attw) finds nothing for
    // `import '@uppy-presign/react/upload-results.css'`: the `types` condition and typesVersions point here. The name
    // is TypeScript's for a file of another extension (`x.d.css.ts` declares `x.css`).
    if (asset.endsWith('.css')) {
      const declarations = join(dir, 'dist', asset.replace(/\.css$/, '.d.css.ts'))
      writeFileSync(declarations, '// A stylesheet, imported for its side effect: it exports nothing.\nexport {}\n')
    }
  }
  const files = walk(join(dir, 'dist')).map((file) => relative(dir, file))
  console.log(`${pkg.name}: ${files.length} files in dist/ (${Math.round(performance.now() - started)} ms)`)
}

const wanted = process.argv.slice(2)
for (const pkg of PUBLISHED.filter((p) => wanted.length === 0 || wanted.includes(p.folder))) await build(pkg)
